/**
 * WebRTC media terminated in the JVM for App legs (the Client SDKs' calls): the browser's SDP offer
 * read and answered as an ICE-lite endpoint, and one UDP transport per leg that demultiplexes STUN,
 * DTLS and SRTP (RFC 7983) onto {@code stun}, {@code ice}, {@code dtls} and {@code srtp}. Hands plain
 * RTP to the call layer and takes plain RTP from it.
 */
package dev.parley.voice.webrtc;
