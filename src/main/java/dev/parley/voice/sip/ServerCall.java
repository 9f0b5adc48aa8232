package dev.parley.voice.sip;

import dev.parley.voice.sip.dialog.Dialog;
import dev.parley.voice.sip.message.NameAddress;
import dev.parley.voice.sip.message.Responses;
import dev.parley.voice.sip.message.SipHeaders;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.transaction.InviteServerTransaction;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * An INVITE we received, as the user agent server of RFC 3261 §13.3: it rings, answers or refuses
 * through its server transaction (which resends the final response until the ACK), and the dialog an
 * answer opens ends with BYE either way; a 2xx never acknowledged ends it with BYE too (§13.3.1.4).
 * Thread-safe: every change of state holds the lock; the listener is told outside it.
 */
final class ServerCall implements IncomingCall {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerCall.class);

    private enum State {
        PROCEEDING,
        ANSWERED,
        CONFIRMED,
        TERMINATED
    }

    private final SipEndpoint endpoint;
    private final InviteServerTransaction transaction;
    private final SipMessage.Request invite;
    private final Dialog dialog;
    private final Optional<Sdp> offer;
    private State state = State.PROCEEDING;
    private byte[] answer = new byte[0];

    ServerCall(SipEndpoint endpoint, InviteServerTransaction transaction, String localTag) {
        this.endpoint = endpoint;
        this.transaction = transaction;
        this.invite = transaction.request();
        this.dialog = Dialog.asServer(invite, localTag);
        this.offer = invite.body().length == 0 ? Optional.empty() : Sdp.parse(invite.body());
    }

    InviteServerTransaction transaction() {
        return transaction;
    }

    String localTag() {
        return dialog.localTag();
    }

    @Override
    public String callId() {
        return invite.callId();
    }

    @Override
    public String requestUri() {
        return invite.uri();
    }

    @Override
    public NameAddress from() {
        return NameAddress.parse(invite.headers().first("From").orElse(""));
    }

    @Override
    public NameAddress to() {
        return NameAddress.parse(invite.headers().first("To").orElse(""));
    }

    @Override
    public SipHeaders headers() {
        return invite.headers();
    }

    @Override
    public InetSocketAddress source() {
        return transaction.inbound().source();
    }

    @Override
    public Optional<Sdp> offer() {
        return offer;
    }

    @Override
    public synchronized void ringing() {
        if (state == State.PROCEEDING) {
            transaction.respond(withContact(response(invite, 180, null)));
        }
    }

    @Override
    public synchronized void answer(byte[] sdp) {
        if (state != State.PROCEEDING) {
            return;
        }
        state = State.ANSWERED;
        answer = sdp;
        SipMessage.Response ok = withContact(response(invite, 200, sdp));
        transaction.accept(SipEndpoint.with(ok, "Content-Type", "application/sdp"), this::unacknowledged);
    }

    @Override
    public void reject(int status) {
        synchronized (this) {
            if (state != State.PROCEEDING) {
                return;
            }
            state = State.TERMINATED;
            transaction.respond(response(invite, status, null)); // resent until its ACK by the transaction
        }
        endpoint.forget(this);
    }

    @Override
    public void hangup() {
        synchronized (this) {
            if (state == State.PROCEEDING) {
                reject(480);
                return;
            }
            if (state != State.ANSWERED && state != State.CONFIRMED) {
                return;
            }
            state = State.TERMINATED;
            sendBye();
        }
        end("local hangup");
    }

    /** Our BYE, through a client transaction: resent until the caller answers it, or 64·T1 pass. */
    private void sendBye() {
        endpoint.transactions()
                .sendNonInvite(
                        dialog.request("BYE", transaction.inbound().transport()),
                        transaction.inbound().transport(),
                        transaction.inbound().source(),
                        response -> {
                            if (response == null || response.status() >= 300) {
                                LOG.debug(
                                        "call {}: our BYE was answered {}",
                                        invite.callId(),
                                        response == null ? "by nothing" : response.status());
                            }
                        });
    }

    /** The ACK of our 2xx (the transaction has stopped resending it). */
    void acknowledged() {
        synchronized (this) {
            if (state != State.ANSWERED) {
                return; // a re-INVITE's ACK, or a repeated one
            }
            state = State.CONFIRMED;
        }
        endpoint.listener().established(this);
    }

    /** No ACK for our 2xx in 64·T1: the dialog is ended with BYE (RFC 3261 §13.3.1.4). */
    private void unacknowledged() {
        synchronized (this) {
            if (state != State.ANSWERED) {
                return;
            }
            state = State.TERMINATED;
            sendBye();
        }
        end("no ACK");
    }

    /** The caller's CANCEL: 487 while still ringing; an answered call goes on (RFC 3261 §9.2). */
    void cancelled() {
        synchronized (this) {
            if (state != State.PROCEEDING) {
                return;
            }
            state = State.TERMINATED;
            transaction.respond(response(invite, 487, null));
        }
        endpoint.forget(this);
        endpoint.listener().cancelled(this);
    }

    void byeReceived() {
        synchronized (this) {
            if (state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATED;
        }
        end("remote hangup");
    }

    /**
     * A re-INVITE in the dialog (hold or resume): answered with what the voice layer says to its offer
     * (the direction mirrored, RFC 3264 §8.4), or the call's first answer again; its 2xx is resent
     * until its ACK by its own transaction.
     */
    void reinvite(InviteServerTransaction reinvite) {
        byte[] sdp = Sdp.parse(reinvite.request().body())
                .map(offered -> endpoint.listener().reoffered(this, offered))
                .orElse(null);
        if (sdp == null) {
            synchronized (this) {
                sdp = answer;
            }
        }
        SipMessage.Response ok =
                withContact(Responses.to(reinvite.request(), reinvite.inbound().source(), 200, dialog.localTag(), sdp));
        if (sdp.length > 0) {
            ok = SipEndpoint.with(ok, "Content-Type", "application/sdp");
        }
        reinvite.accept(ok, () -> LOG.debug("call {}: a re-INVITE's 200 was never acknowledged", callId()));
    }

    private void end(String reason) {
        endpoint.forget(this);
        endpoint.listener().ended(this, reason);
    }

    private SipMessage.Response response(SipMessage.Request request, int status, byte[] body) {
        return Responses.to(request, source(), status, dialog.localTag(), body);
    }

    private SipMessage.Response withContact(SipMessage.Response response) {
        return SipEndpoint.with(
                response, "Contact", transaction.inbound().transport().contact("parley"));
    }
}
