/**
 * ICE-lite (RFC 8445 §2.5): Parley's media end answers the browser's connectivity checks, learns the
 * browser's address from them and sends nothing of its own. Consent freshness (RFC 7675) is the same
 * checks, kept up. Knows no DTLS, SRTP or leg.
 */
package dev.parley.voice.webrtc.ice;
