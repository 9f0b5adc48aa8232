package dev.parley.voice.sip.transaction;

import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.transport.SipTransport;

/**
 * A request we received and answer through its transaction: the transaction sends the response, keeps
 * it, and sends it again when the request is retransmitted (and, for INVITE, until the ACK).
 */
public sealed interface ServerTransaction permits InviteServerTransaction, NonInviteServerTransaction {
    SipMessage.Request request();

    /** Where the request came from and through what; responses go back the same way (RFC 3581 rport). */
    SipTransport.Inbound inbound();

    /** Sends a response; a provisional one may be followed by more, the first final one ends answering. */
    void respond(SipMessage.Response response);

    /** The same request came again (same branch, sent-by and method): the last response is sent again. */
    void retransmitted(SipTransport.Inbound from);
}
