package dev.parley.voice.sip;

import dev.parley.voice.sip.dialog.Dialog;
import dev.parley.voice.sip.message.NameAddress;
import dev.parley.voice.sip.message.Responses;
import dev.parley.voice.sip.message.SipHeaders;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.transaction.InviteClientTransaction;
import dev.parley.voice.sip.transaction.InviteServerTransaction;
import dev.parley.voice.sip.transaction.Timers;
import dev.parley.voice.sip.transport.SipTransport;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An INVITE Parley sends, as the user agent client of RFC 3261 §13.2, on an INVITE client transaction
 * (which resends it and ACKs refusals): digest authentication when challenged (once), the ACK of
 * every 2xx, CANCEL while ringing, and the dialog it opens (our BYE through a client transaction, the
 * far end's BYE and re-INVITE). Thread-safe: every change of state holds the lock, and the listener is
 * told outside it.
 */
final class ClientCall implements OutgoingCall {
    private enum State {
        CALLING,
        PROCEEDING,
        CONFIRMED,
        TERMINATED
    }

    private final SipEndpoint endpoint;
    private final SipTransport transport;
    private final InetSocketAddress destination;
    private final Dial dial;
    private final Listener listener;
    private final String callId = UUID.randomUUID() + "@parley";
    private final String from;
    private long cseq = 1;
    private SipMessage.Request invite;
    private InviteClientTransaction inviteTransaction;
    private State state = State.CALLING;
    private boolean challengeAnswered;
    private boolean hangupWanted;
    private boolean cancelSent;
    private boolean ringingTold;
    private Dialog dialog;
    private SipMessage.Request ack;

    ClientCall(
            SipEndpoint endpoint, SipTransport transport, InetSocketAddress destination, Dial dial, Listener listener) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.destination = destination;
        this.dial = dial;
        this.listener = listener;
        this.from = "<sip:" + dial.fromUser() + "@" + (dial.fromHost() != null ? dial.fromHost() : transport.hostPort())
                + ">;tag=" + SipEndpoint.tag();
    }

    @Override
    public String callId() {
        return callId;
    }

    synchronized void start() {
        sendInvite(null);
    }

    /** A new INVITE transaction: the first, or the one answering a challenge ({@code authorization}). */
    private void sendInvite(SipHeaders.Field authorization) {
        SipHeaders h = SipHeaders.empty()
                .with("Via", transport.via(SipEndpoint.tag()))
                .with("Max-Forwards", "70")
                .with("From", from)
                .with("To", "<" + dial.requestUri() + ">")
                .with("Call-ID", callId)
                .with("CSeq", cseq + " INVITE")
                .with("Contact", transport.contact("parley"))
                .with("User-Agent", "Parley");
        for (SipHeaders.Field header : dial.headers()) {
            h = h.with(header.name(), header.value());
        }
        h = h.with("Allow", SipEndpoint.ALLOW).with("Content-Type", "application/sdp");
        if (authorization != null) {
            h = h.with(authorization.name(), authorization.value());
        }
        invite = new SipMessage.Request("INVITE", dial.requestUri(), h, dial.offer());
        inviteTransaction = endpoint.transactions().sendInvite(invite, transport, destination, new Answers(invite));
    }

    /** What one INVITE transaction reports; a superseded one (after a challenge) is not listened to. */
    private final class Answers implements InviteClientTransaction.Listener {
        private final SipMessage.Request sent;

        Answers(SipMessage.Request sent) {
            this.sent = sent;
        }

        @Override
        public void provisional(SipMessage.Response response) {
            Runnable tell = null;
            synchronized (ClientCall.this) {
                if (sent != invite || (state != State.CALLING && state != State.PROCEEDING)) {
                    return;
                }
                state = State.PROCEEDING;
                if (hangupWanted && !cancelSent) {
                    sendCancel();
                }
                int status = response.status();
                if ((status == 180 || status == 183) && !ringingTold && !hangupWanted) {
                    ringingTold = true;
                    tell = () -> listener.ringing(ClientCall.this);
                }
            }
            if (tell != null) {
                tell.run();
            }
        }

        @Override
        public void accepted(SipMessage.Response response) {
            Runnable tell;
            synchronized (ClientCall.this) {
                tell = answered(response);
            }
            if (tell != null) {
                tell.run();
            }
        }

        @Override
        public void rejected(SipMessage.Response response) {
            Runnable tell;
            synchronized (ClientCall.this) {
                if (sent != invite) {
                    return;
                }
                tell = ClientCall.this.rejected(response);
            }
            if (tell != null) {
                tell.run();
            }
        }

        @Override
        public void timedOut() {
            synchronized (ClientCall.this) {
                if (sent != invite || state == State.TERMINATED || state == State.CONFIRMED) {
                    return;
                }
                state = State.TERMINATED;
            }
            fail(cancelSent ? 487 : 408);
        }
    }

    /** A 2xx: ACKed (again, for a retransmission); the first one confirms the dialog. */
    private Runnable answered(SipMessage.Response response) {
        if (ack != null) {
            if (Objects.equals(
                    NameAddress.parse(response.headers().first("To").orElse("")).tag(), dialog.remoteTag())) {
                transport.send(ack, destination); // our ACK was lost: the 2xx came again
            }
            return null;
        }
        if (state == State.TERMINATED) {
            return null;
        }
        dialog = Dialog.asClient(invite, response);
        ack = dialog.ack(invite.cseq().number(), transport);
        transport.send(ack, destination);
        Optional<Sdp> answer =
                Sdp.parse(response.body()).filter(sdp -> sdp.g711().isPresent());
        if (hangupWanted || answer.isEmpty()) {
            // Answered after we gave up (a CANCEL crossed the 200), or with nothing Parley can speak.
            state = State.TERMINATED;
            sendBye();
            int status = hangupWanted ? 487 : 488;
            return () -> fail(status);
        }
        state = State.CONFIRMED;
        return () -> listener.answered(this, answer.get());
    }

    /** A final refusal (ACKed by the transaction): a first challenge is answered once, else the call failed. */
    private Runnable rejected(SipMessage.Response response) {
        if (state == State.TERMINATED || state == State.CONFIRMED) {
            return null;
        }
        int status = response.status();
        if ((status == 401 || status == 407) && !challengeAnswered && dial.credentials() != null && !hangupWanted) {
            String challengeHeader = status == 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
            Optional<java.util.Map<String, String>> challenge =
                    response.headers().first(challengeHeader).flatMap(DigestAuth::challenge);
            if (challenge.isPresent()
                    && dial.credentials().answer(challenge.get().get("realm"))) {
                challengeAnswered = true;
                String answer =
                        DigestAuth.answer(challenge.get(), dial.credentials(), "INVITE", dial.requestUri(), null);
                state = State.CALLING;
                cseq++;
                sendInvite(new SipHeaders.Field(status == 401 ? "Authorization" : "Proxy-Authorization", answer));
                return null;
            }
        }
        state = State.TERMINATED;
        int reported = hangupWanted ? 487 : status;
        return () -> fail(reported);
    }

    private void fail(int status) {
        forgetLater();
        listener.failed(this, status);
    }

    /** A response no transaction waits for: a 2xx of ours retransmitted late is ACKed again. */
    synchronized void stray(SipMessage.Response response) {
        if (ack != null
                && response.status() >= 200
                && response.status() < 300
                && response.cseq().method().equals("INVITE")) {
            transport.send(ack, destination);
        }
    }

    /** The far end's BYE in our dialog (answered 200 by the endpoint). */
    void byeReceived() {
        synchronized (this) {
            if (state != State.CONFIRMED) {
                return;
            }
            state = State.TERMINATED;
        }
        forgetLater();
        listener.ended(this, "remote hangup");
    }

    /** A re-INVITE from the far end (hold, resume): answered as the voice layer says, or with our offer. */
    void reinvite(InviteServerTransaction reinvite) {
        byte[] answer = Sdp.parse(reinvite.request().body())
                .map(sdp -> listener.reoffered(this, sdp))
                .orElse(null);
        SipMessage.Response ok = Responses.to(
                reinvite.request(), reinvite.inbound().source(), 200, null, answer != null ? answer : dial.offer());
        ok = SipEndpoint.with(
                SipEndpoint.with(ok, "Content-Type", "application/sdp"), "Contact", transport.contact("parley"));
        reinvite.accept(ok, () -> {});
    }

    @Override
    public void hangup() {
        synchronized (this) {
            switch (state) {
                case CALLING -> hangupWanted = true; // CANCEL once something answers, else Timer B
                case PROCEEDING -> {
                    hangupWanted = true;
                    if (!cancelSent) {
                        sendCancel();
                    }
                }
                case CONFIRMED -> {
                    state = State.TERMINATED;
                    sendBye();
                }
                case TERMINATED -> {
                    return;
                }
            }
            if (state != State.TERMINATED) {
                return;
            }
        }
        forgetLater();
        listener.ended(this, "local hangup");
    }

    /** CANCEL: the INVITE's URI, Via, From, To and CSeq number (RFC 3261 §9.1), in a transaction of its own. */
    private void sendCancel() {
        cancelSent = true;
        SipHeaders h = SipHeaders.empty()
                .with("Via", invite.headers().first("Via").orElseThrow())
                .with("Max-Forwards", "70")
                .with("From", from)
                .with("To", invite.headers().first("To").orElse(""))
                .with("Call-ID", callId)
                .with("CSeq", invite.cseq().number() + " CANCEL")
                .with("User-Agent", "Parley");
        endpoint.transactions()
                .sendNonInvite(
                        new SipMessage.Request("CANCEL", invite.uri(), h, null), transport, destination, r -> {});
        inviteTransaction.cancelling();
    }

    private void sendBye() {
        endpoint.transactions().sendNonInvite(dialog.request("BYE", transport), transport, destination, r -> {});
    }

    /**
     * Keeps the call findable for 64·T1 after it ends, so that a 2xx retransmitted after its
     * transaction is over is still ACKed, and a late BYE answered 200.
     */
    private void forgetLater() {
        endpoint.timers().schedule(() -> endpoint.forget(this), Timers.TRANSACTION_MS);
    }
}
