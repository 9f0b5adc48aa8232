package dev.parley.voice.sip;

import dev.parley.voice.sip.message.SipHeaders;

/**
 * A call Parley places (an INVITE it sends), as the voice layer sees it. Thread-safe.
 */
public interface OutgoingCall {
    String callId();

    /**
     * Ends the call: CANCEL while it rings (sent once the far end has answered provisionally, as RFC
     * 3261 §9.1 asks), BYE once answered. The listener hears {@code failed(487)} or {@code ended}.
     */
    void hangup();

    /** What Parley dials: the request URI, who it is from, extra headers, the offer and credentials. */
    record Dial(
            String requestUri,
            String fromUser,
            String fromHost,
            java.util.List<SipHeaders.Field> headers,
            byte[] offer,
            DigestAuth.Credentials credentials) {
        public Dial {
            headers = java.util.List.copyOf(headers);
        }

        /** A call whose From names Parley's own address. */
        public Dial(
                String requestUri,
                String fromUser,
                java.util.List<SipHeaders.Field> headers,
                byte[] offer,
                DigestAuth.Credentials credentials) {
            this(requestUri, fromUser, null, headers, offer, credentials);
        }
    }

    /** What the SIP layer tells the voice layer about a call it placed. Called from SIP threads. */
    interface Listener {
        /** 180 or 183: the far end is ringing. */
        void ringing(OutgoingCall call);

        /** 2xx, acknowledged: media may flow to the answer's address. */
        void answered(OutgoingCall call, Sdp answer);

        /**
         * The INVITE failed: the final status (486, 480, 404, 603 ...), 487 after our CANCEL, 408 when
         * nothing answered in 64·T1, 503 when the target could not be reached at all.
         */
        void failed(OutgoingCall call, int status);

        /** An answered call ended: the far end's BYE or ours. */
        void ended(OutgoingCall call, String reason);

        /**
         * The far end's re-INVITE (hold, resume, new media address): returns the SDP answer, or null to
         * answer with our first offer again.
         */
        default byte[] reoffered(OutgoingCall call, Sdp offer) {
            return null;
        }
    }
}
