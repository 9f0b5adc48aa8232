/**
 * DTLS-SRTP (RFC 5763, RFC 5764) on BouncyCastle's DTLS 1.2: Parley's certificate and its SDP
 * fingerprint, the handshake as server (the browser's certificate checked against the fingerprint its
 * SDP gave), and the SRTP keys exported from it. Knows no socket, ICE or leg.
 */
package dev.parley.voice.webrtc.dtls;
