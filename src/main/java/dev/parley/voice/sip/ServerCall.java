package dev.parley.voice.sip;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One incoming INVITE's server transaction and the dialog it opens. Final responses over UDP are resent
 * (T1 doubling to T2) until the ACK comes or 64·T1 passes; a 200 that is never acknowledged ends the
 * call with BYE (RFC 3261 §13.3.1.4). Thread-safe: every change of state holds the lock.
 */
final class ServerCall implements IncomingCall {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerCall.class);

    private enum State {
        PROCEEDING,
        ANSWERED,
        REJECTED,
        CONFIRMED,
        TERMINATED
    }

    private final SipEndpoint endpoint;
    private final SipMessage.Request invite;
    private final SipTransport.Inbound inbound;
    private final String localTag;
    private final Optional<Sdp> offer;
    private State state = State.PROCEEDING;
    private SipMessage.Response lastResponse;
    private ScheduledFuture<?> resend;
    private long localCseq = 1;

    ServerCall(SipEndpoint endpoint, SipMessage.Request invite, SipTransport.Inbound inbound, String localTag) {
        this.endpoint = endpoint;
        this.invite = invite;
        this.inbound = inbound;
        this.localTag = localTag;
        this.offer = invite.body().length == 0 ? Optional.empty() : Sdp.parse(invite.body());
    }

    String localTag() {
        return localTag;
    }

    String inviteBranch() {
        return invite.topVia().branch();
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
        return inbound.source();
    }

    @Override
    public Optional<Sdp> offer() {
        return offer;
    }

    synchronized void trying() {
        respond(Responses.to(invite, inbound.source(), 100, null, null));
    }

    @Override
    public synchronized void ringing() {
        if (state == State.PROCEEDING) {
            respond(withContact(Responses.to(invite, inbound.source(), 180, localTag, null)));
        }
    }

    @Override
    public synchronized void answer(byte[] sdp) {
        if (state != State.PROCEEDING) {
            return;
        }
        state = State.ANSWERED;
        SipMessage.Response ok = withContact(Responses.to(invite, inbound.source(), 200, localTag, sdp));
        respond(SipEndpoint.with(ok, "Content-Type", "application/sdp"));
        resendUntilAcknowledged(Timers.T1_MS, 0);
    }

    @Override
    public synchronized void reject(int status) {
        if (state != State.PROCEEDING) {
            return;
        }
        state = State.REJECTED;
        respond(Responses.to(invite, inbound.source(), status, localTag, null));
        resendUntilAcknowledged(Timers.T1_MS, 0);
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
            stopResending();
            sendBye();
        }
        end("local hangup");
    }

    /** Our BYE, resent until the caller answers it (or 64·T1 pass): one lost datagram ends nothing. */
    private void sendBye() {
        endpoint.sendNonInvite(bye(), inbound.transport(), inbound.source(), response -> {
            if (response == null || response.status() >= 300) {
                LOG.debug(
                        "call {}: our BYE was answered {}",
                        invite.callId(),
                        response == null ? "by nothing" : response.status());
            }
        });
    }

    /** Our BYE: to the caller's Contact, From and To swapped, our own CSeq. */
    private SipMessage.Request bye() {
        String target = NameAddress.parse(invite.headers()
                        .first("Contact")
                        .orElse(invite.headers().first("From").orElse("")))
                .uri();
        SipTransport transport = inbound.transport();
        String via = "SIP/2.0/" + transport.name() + " " + hostPort(transport.local()) + ";branch=" + Via.COOKIE
                + SipEndpoint.tag() + ";rport";
        String to = invite.headers().first("To").orElse("");
        if (NameAddress.parse(to).tag() == null) {
            to = to + ";tag=" + localTag;
        }
        SipHeaders h = SipHeaders.empty()
                .with("Via", via)
                .with("Max-Forwards", "70")
                .with("From", to)
                .with("To", invite.headers().first("From").orElse(""))
                .with("Call-ID", invite.callId())
                .with("CSeq", (++localCseq) + " BYE")
                .with("User-Agent", "Parley");
        for (String route : invite.headers().all("Record-Route")) {
            h = h.with("Route", route);
        }
        return new SipMessage.Request("BYE", target, h, null);
    }

    synchronized void retransmitted(SipMessage.Request request, SipTransport.Inbound from) {
        if (lastResponse != null) {
            inbound.transport().send(lastResponse, from.source());
        }
    }

    void acknowledged() {
        boolean established;
        synchronized (this) {
            stopResending();
            established = state == State.ANSWERED;
            if (established) {
                state = State.CONFIRMED;
            } else if (state == State.REJECTED) {
                state = State.TERMINATED;
            }
        }
        if (established) {
            endpoint.listener().established(this);
        } else if (state == State.TERMINATED) {
            endpoint.forget(this);
        }
    }

    void cancelled() {
        synchronized (this) {
            if (state != State.PROCEEDING) {
                return; // already answered: CANCEL has no effect (RFC 3261 §9.2)
            }
            state = State.REJECTED;
            respond(Responses.to(invite, inbound.source(), 487, localTag, null));
            resendUntilAcknowledged(Timers.T1_MS, 0);
        }
        endpoint.listener().cancelled(this);
    }

    void byeReceived() {
        synchronized (this) {
            if (state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATED;
            stopResending();
        }
        end("remote hangup");
    }

    /**
     * A re-INVITE in the dialog (hold or resume): answered with what the voice layer says to its offer
     * (the direction mirrored, RFC 3264 §8.4), or the call's first answer again.
     */
    void reinvite(SipMessage.Request request, SipTransport.Inbound from) {
        byte[] answer = Sdp.parse(request.body())
                .map(sdp -> endpoint.listener().reoffered(this, sdp))
                .orElse(null);
        if (answer == null) {
            synchronized (this) {
                answer = lastResponse != null && lastResponse.status() == 200 ? lastResponse.body() : new byte[0];
            }
        }
        SipMessage.Response ok = withContact(Responses.to(request, from.source(), 200, localTag, answer));
        if (answer.length > 0) {
            ok = SipEndpoint.with(ok, "Content-Type", "application/sdp");
        }
        from.transport().send(ok, from.source());
    }

    private void end(String reason) {
        endpoint.forget(this);
        endpoint.listener().ended(this, reason);
    }

    private void respond(SipMessage.Response response) {
        lastResponse = response;
        inbound.transport().send(response, inbound.source());
    }

    /** Timer G (and the 2xx rule of §13.3.1.4): resend over UDP until the ACK, at most 64·T1. */
    private void resendUntilAcknowledged(long intervalMs, long elapsedMs) {
        if (!inbound.transport().name().equals("UDP")) {
            scheduleGiveUp(Timers.TRANSACTION_MS);
            return;
        }
        resend = endpoint.timers()
                .schedule(
                        () -> {
                            synchronized (this) {
                                if (state != State.ANSWERED && state != State.REJECTED) {
                                    return;
                                }
                                long elapsed = elapsedMs + intervalMs;
                                if (elapsed >= Timers.TRANSACTION_MS) {
                                    giveUp();
                                    return;
                                }
                                inbound.transport().send(lastResponse, inbound.source());
                                resendUntilAcknowledged(Math.min(intervalMs * 2, Timers.T2_MS), elapsed);
                            }
                        },
                        intervalMs,
                        TimeUnit.MILLISECONDS);
    }

    private void scheduleGiveUp(long afterMs) {
        resend = endpoint.timers()
                .schedule(
                        () -> {
                            synchronized (this) {
                                if (state == State.ANSWERED || state == State.REJECTED) {
                                    giveUp();
                                }
                            }
                        },
                        afterMs,
                        TimeUnit.MILLISECONDS);
    }

    /** No ACK in time: an answered call is ended with BYE, a rejected one forgotten. */
    private void giveUp() {
        if (state == State.ANSWERED) {
            state = State.TERMINATED;
            sendBye();
            endpoint.timers().execute(() -> end("no ACK"));
        } else {
            state = State.TERMINATED;
            endpoint.forget(this);
        }
    }

    private void stopResending() {
        if (resend != null) {
            resend.cancel(false);
            resend = null;
        }
    }

    private SipMessage.Response withContact(SipMessage.Response response) {
        SipTransport transport = inbound.transport();
        String contact = "<sip:parley@" + hostPort(transport.local()) + ";transport="
                + transport.name().toLowerCase(Locale.ROOT) + ">";
        return SipEndpoint.with(response, "Contact", contact);
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
