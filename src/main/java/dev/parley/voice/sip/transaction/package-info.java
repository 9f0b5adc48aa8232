/**
 * The SIP transaction layer (RFC 3261 §17, RFC 6026): INVITE and non-INVITE client and server
 * transactions, matched by branch, sent-by and method, with every retransmission and Timer A-M on an
 * injected {@link dev.parley.voice.sip.transaction.SipTimers}. The only place where anything is resent.
 */
package dev.parley.voice.sip.transaction;
