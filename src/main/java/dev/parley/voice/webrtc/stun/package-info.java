/**
 * STUN (RFC 8489) as ICE uses it (RFC 8445): Binding requests and responses, short-term credentials
 * (MESSAGE-INTEGRITY, HMAC-SHA1 keyed with the ICE password), FINGERPRINT, and the ICE attributes.
 * Knows no socket, no leg and no call.
 */
package dev.parley.voice.webrtc.stun;
