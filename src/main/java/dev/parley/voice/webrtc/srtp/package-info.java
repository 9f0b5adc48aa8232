/**
 * SRTP and SRTCP (RFC 3711) with AES_CM_128_HMAC_SHA1_80, the profile WebRTC's DTLS-SRTP negotiates
 * here: session keys derived from the DTLS-exported master keys, packets protected and checked on the
 * JDK's AES-CTR and HMAC-SHA1, roll-over counters and a replay window per SSRC.
 */
package dev.parley.voice.webrtc.srtp;
