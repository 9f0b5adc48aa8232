package dev.parley.voice.sip;

/** What the voice layer hears from the SIP endpoint about calls that come in. */
public interface CallListener {
    /** A new INVITE: answer, ring or reject through {@code call} (now or later, from any thread). */
    void invited(IncomingCall call);

    /** The caller gave up before an answer (CANCEL); the INVITE has been answered 487. */
    void cancelled(IncomingCall call);

    /** The answer was acknowledged: media may flow. */
    void established(IncomingCall call);

    /** The call ended: the peer's BYE, ours, or no ACK for the answer. */
    void ended(IncomingCall call, String reason);

    /**
     * A re-INVITE changed the offer (hold, resume, new media address): returns the SDP answer, or null
     * to answer with the call's first answer again.
     */
    default byte[] reoffered(IncomingCall call, Sdp offer) {
        return null;
    }

    /** Does nothing: an endpoint with no calls yet (OPTIONS only). */
    CallListener NONE = new CallListener() {
        @Override
        public void invited(IncomingCall call) {
            call.reject(480);
        }

        @Override
        public void cancelled(IncomingCall call) {}

        @Override
        public void established(IncomingCall call) {}

        @Override
        public void ended(IncomingCall call, String reason) {}
    };
}
