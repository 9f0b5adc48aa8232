/**
 * SIP messages (RFC 3261 §7, §20, §25): parsing and writing requests and responses, header values (Via,
 * CSeq, name-addr, URIs), the responses a request gets, and the checks a request must pass before
 * anything acts on it. Knows no transport, transaction or call.
 */
package dev.parley.voice.sip.message;
