package dev.parley.voice.sip;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One INVITE Parley sends: its client transaction (RFC 3261 §17.1.1: over UDP resent from T1,
 * doubling, until a response; 408 when nothing answers in 64·T1), digest authentication when
 * challenged (once), ACK for every final response, CANCEL while ringing, and the dialog it opens (BYE
 * resent until answered, the far end's BYE and re-INVITE). Thread-safe: every change of state holds
 * the lock, and the listener is told outside it.
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
    private final String localTag = SipEndpoint.tag();
    private final String from;
    private long cseq = 1;
    private SipMessage.Request invite;
    private State state = State.CALLING;
    private boolean challengeAnswered;
    private boolean hangupWanted;
    private boolean cancelSent;
    private boolean ringingTold;
    private String to;
    private String remoteTarget;
    private List<String> routeSet = List.of();
    private SipMessage.Request ack;
    private ScheduledFuture<?> resend;
    private ScheduledFuture<?> giveUp;

    ClientCall(
            SipEndpoint endpoint, SipTransport transport, InetSocketAddress destination, Dial dial, Listener listener) {
        this.endpoint = endpoint;
        this.transport = transport;
        this.destination = destination;
        this.dial = dial;
        this.listener = listener;
        this.from = "<sip:" + dial.fromUser() + "@"
                + (dial.fromHost() != null ? dial.fromHost() : hostPort(transport.local())) + ">;tag=" + localTag;
        this.to = "<" + dial.requestUri() + ">";
        this.remoteTarget = dial.requestUri();
    }

    @Override
    public String callId() {
        return callId;
    }

    synchronized void start() {
        invite = request("INVITE", dial.requestUri(), to, cseq, null);
        sendRequestUntilAnswered(invite);
    }

    /** Sends the INVITE, resends it over UDP (Timer A) and gives up at Timer B when nothing answers. */
    private void sendRequestUntilAnswered(SipMessage.Request request) {
        transport.send(request, destination);
        stopTimers();
        if (transport.name().equals("UDP")) {
            resendInvite(request, Timers.T1_MS);
        }
        giveUp = endpoint.timers().schedule(this::noAnswer, Timers.TRANSACTION_MS, TimeUnit.MILLISECONDS);
    }

    private void resendInvite(SipMessage.Request request, long intervalMs) {
        resend = endpoint.timers()
                .schedule(
                        () -> {
                            synchronized (this) {
                                if (state == State.CALLING && invite == request) {
                                    transport.send(request, destination);
                                    resendInvite(request, intervalMs * 2);
                                }
                            }
                        },
                        intervalMs,
                        TimeUnit.MILLISECONDS);
    }

    /** Timer B: no response at all (or, after our CANCEL, no final one). */
    private void noAnswer() {
        int status;
        synchronized (this) {
            if (state != State.CALLING && !(state == State.PROCEEDING && cancelSent)) {
                return;
            }
            state = State.TERMINATED;
            stopTimers();
            status = cancelSent ? 487 : 408;
        }
        forgetLater();
        listener.failed(this, status);
    }

    void responded(SipMessage.Response response) {
        CSeq sequence = response.cseq();
        switch (sequence.method()) {
            case "INVITE" -> inviteResponse(response, sequence.number());
            default -> {}
        }
    }

    private void inviteResponse(SipMessage.Response response, long number) {
        int status = response.status();
        Runnable tell = null;
        synchronized (this) {
            if (number != invite.cseq().number()) {
                return; // a late answer to the INVITE a challenge replaced; its final was ACKed already
            }
            if (status < 200) {
                if (state != State.CALLING && state != State.PROCEEDING) {
                    return;
                }
                state = State.PROCEEDING;
                stopTimers();
                if (hangupWanted && !cancelSent) {
                    sendCancel();
                }
                if ((status == 180 || status == 183) && !ringingTold && !hangupWanted) {
                    ringingTold = true;
                    tell = () -> listener.ringing(this);
                }
            } else if (status < 300) {
                tell = answered(response);
            } else {
                tell = rejected(response);
            }
        }
        if (tell != null) {
            tell.run();
        }
    }

    /** A 2xx: ACK it (again, for a retransmission); the first one confirms the dialog. */
    private Runnable answered(SipMessage.Response response) {
        if (ack != null) {
            transport.send(ack, destination);
            return null;
        }
        if (state == State.TERMINATED) {
            return null;
        }
        to = response.headers().first("To").orElse(to);
        response.headers()
                .first("Contact")
                .map(contact -> NameAddress.parse(contact).uri())
                .filter(uri -> !uri.isEmpty())
                .ifPresent(uri -> remoteTarget = uri);
        List<String> routes = new ArrayList<>(response.headers().all("Record-Route").stream()
                .flatMap(value -> SipText.splitOutsideQuotes(value, ',').stream())
                .toList());
        java.util.Collections.reverse(routes);
        routeSet = List.copyOf(routes);
        ack = request("ACK", remoteTarget, to, invite.cseq().number(), null);
        transport.send(ack, destination);
        stopTimers();
        Optional<Sdp> answer =
                Sdp.parse(response.body()).filter(sdp -> sdp.g711().isPresent());
        if (hangupWanted || answer.isEmpty()) {
            // Answered after we gave up, or with nothing Parley can speak: end it at once.
            state = State.TERMINATED;
            sendBye();
            int status = hangupWanted ? 487 : 488;
            return () -> {
                forgetLater();
                listener.failed(this, status);
            };
        }
        state = State.CONFIRMED;
        return () -> listener.answered(this, answer.get());
    }

    /** A final refusal: ACKed in the INVITE's transaction; a first challenge is answered once. */
    private Runnable rejected(SipMessage.Response response) {
        transport.send(nonSuccessAck(response), destination);
        if (state == State.TERMINATED || state == State.CONFIRMED) {
            return null; // a retransmission
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
                SipMessage.Request next = request("INVITE", dial.requestUri(), to, ++cseq, null);
                invite = next.withHeaders(
                        next.headers().with(status == 401 ? "Authorization" : "Proxy-Authorization", answer));
                sendRequestUntilAnswered(invite);
                return null;
            }
        }
        state = State.TERMINATED;
        stopTimers();
        int reported = hangupWanted ? 487 : status;
        return () -> {
            forgetLater();
            listener.failed(this, reported);
        };
    }

    /** The far end's BYE in our dialog (answered 200 by the endpoint). */
    void byeReceived() {
        synchronized (this) {
            if (state != State.CONFIRMED) {
                return;
            }
            state = State.TERMINATED;
            stopTimers();
        }
        forgetLater();
        listener.ended(this, "remote hangup");
    }

    /** A re-INVITE from the far end (hold, resume): answered as the voice layer says, or with our offer. */
    void reinvite(SipMessage.Request request, SipTransport.Inbound from) {
        byte[] answer = Sdp.parse(request.body())
                .map(sdp -> listener.reoffered(this, sdp))
                .orElse(null);
        SipMessage.Response ok =
                Responses.to(request, from.source(), 200, localTag, answer != null ? answer : dial.offer());
        ok = SipEndpoint.with(SipEndpoint.with(ok, "Content-Type", "application/sdp"), "Contact", contact());
        from.transport().send(ok, from.source());
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
                    stopTimers();
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

    /** CANCEL: the INVITE's URI, Via, From, To and CSeq number (RFC 3261 §9.1). */
    private void sendCancel() {
        cancelSent = true;
        SipHeaders h = SipHeaders.empty()
                .with("Via", invite.headers().first("Via").orElseThrow())
                .with("Max-Forwards", "70")
                .with("From", from)
                .with("To", invite.headers().first("To").orElse(to))
                .with("Call-ID", callId)
                .with("CSeq", invite.cseq().number() + " CANCEL")
                .with("User-Agent", "Parley");
        SipMessage.Request cancel = new SipMessage.Request("CANCEL", invite.uri(), h, null);
        sendNonInvite(cancel);
        // Timer B again: the far end owes a 487 for the INVITE.
        if (giveUp != null) {
            giveUp.cancel(false);
        }
        giveUp = endpoint.timers().schedule(this::noAnswer, Timers.TRANSACTION_MS, TimeUnit.MILLISECONDS);
    }

    private void sendBye() {
        sendNonInvite(request("BYE", remoteTarget, to, ++cseq, null));
    }

    /**
     * A request outside INVITE (BYE, CANCEL) through the endpoint's client transaction: resent over
     * UDP until a final answer, 408 after 64·T1 (RFC 3261 §17.1.2).
     */
    private void sendNonInvite(SipMessage.Request request) {
        stopResending();
        endpoint.sendNonInvite(request, transport, destination, response -> {});
    }

    /** The ACK for a non-2xx final: the INVITE's branch, URI and Route, the response's To. */
    private SipMessage.Request nonSuccessAck(SipMessage.Response response) {
        SipHeaders h = SipHeaders.empty()
                .with("Via", invite.headers().first("Via").orElseThrow())
                .with("Max-Forwards", "70")
                .with("From", from)
                .with("To", response.headers().first("To").orElse(to))
                .with("Call-ID", callId)
                .with("CSeq", invite.cseq().number() + " ACK");
        return new SipMessage.Request("ACK", invite.uri(), h, null);
    }

    /** A request of ours in this call: a fresh branch, our From and Contact, the dialog's Route set. */
    private SipMessage.Request request(String method, String uri, String toHeader, long number, byte[] body) {
        SipHeaders h = SipHeaders.empty()
                .with("Via", via())
                .with("Max-Forwards", "70")
                .with("From", from)
                .with("To", toHeader)
                .with("Call-ID", callId)
                .with("CSeq", number + " " + method);
        for (String route : routeSet) {
            h = h.with("Route", route);
        }
        h = h.with("Contact", contact()).with("User-Agent", "Parley");
        if (method.equals("INVITE")) {
            for (SipHeaders.Field header : dial.headers()) {
                h = h.with(header.name(), header.value());
            }
            h = h.with("Allow", SipEndpoint.ALLOW).with("Content-Type", "application/sdp");
            return new SipMessage.Request(method, uri, h, dial.offer());
        }
        return new SipMessage.Request(method, uri, h, body);
    }

    private String via() {
        return "SIP/2.0/" + transport.name() + " " + hostPort(transport.local()) + ";branch=" + Via.COOKIE
                + SipEndpoint.tag() + ";rport";
    }

    private String contact() {
        return "<sip:parley@" + hostPort(transport.local()) + ";transport="
                + transport.name().toLowerCase(Locale.ROOT) + ">";
    }

    /**
     * Keeps the call findable for 64·T1 after it ends, so that retransmitted finals are ACKed again (the
     * answers to our BYE and CANCEL go to their client transactions).
     */
    private void forgetLater() {
        endpoint.timers().schedule(() -> endpoint.forget(this), Timers.TRANSACTION_MS, TimeUnit.MILLISECONDS);
    }

    private void stopTimers() {
        stopResending();
        if (giveUp != null) {
            giveUp.cancel(false);
            giveUp = null;
        }
    }

    private void stopResending() {
        if (resend != null) {
            resend.cancel(false);
            resend = null;
        }
    }

    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
