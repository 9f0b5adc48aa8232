package dev.parley.voice.sip;

import dev.parley.voice.sip.message.NameAddress;
import dev.parley.voice.sip.message.SipHeaders;
import java.net.InetSocketAddress;

/**
 * An INVITE that opened a dialog, as the voice layer sees it: who called whom, the SDP offer, and the
 * answers it may give (each at most once; the first final one wins). Thread-safe.
 */
public interface IncomingCall {
    String callId();

    /** The request URI (what was dialled). */
    String requestUri();

    NameAddress from();

    NameAddress to();

    /** The INVITE's headers, for {@code X-} headers among them. */
    SipHeaders headers();

    /** Where the INVITE came from (symmetric RTP and the SIP domain ACL use it). */
    InetSocketAddress source();

    /** The peer's audio offer; absent when the INVITE had none that Parley can take. */
    java.util.Optional<Sdp> offer();

    /** Sends 180 Ringing. */
    void ringing();

    /** Answers 200 OK with this SDP, resent until the ACK comes. */
    void answer(byte[] sdp);

    /** Refuses with a final status (486 busy, 480 unavailable, 404, 488 ...). */
    void reject(int status);

    /** Ends an answered call with BYE. */
    void hangup();
}
