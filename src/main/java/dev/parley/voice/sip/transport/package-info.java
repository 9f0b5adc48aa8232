/**
 * SIP transports (RFC 3261 §18): one UDP socket, and TCP connections with their limits. A transport
 * frames and parses messages and hands each to its handler; it knows nothing of transactions or calls.
 */
package dev.parley.voice.sip.transport;
