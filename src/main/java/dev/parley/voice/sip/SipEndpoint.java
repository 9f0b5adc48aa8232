package dev.parley.voice.sip;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Parley as a SIP user agent server (RFC 3261, the subset in docs/DECISIONS.md): OPTIONS answered 200;
 * an INVITE answered 100 at once and then as the {@link CallListener} decides, its 200 resent until the
 * ACK; CANCEL (487 for the INVITE), BYE, re-INVITE (hold) within the dialog; retransmitted requests get
 * the last response again; anything else 405 with Allow. Thread-safe.
 */
public final class SipEndpoint implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SipEndpoint.class);
    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS";

    /** Who is told of incoming calls, once the call layer accepts them; until then INVITEs get 503. */
    private volatile CallListener listener;

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-sip-timers").daemon().factory());
    /** Open server INVITE transactions and dialogs, by Call-ID. */
    private final Map<String, ServerCall> calls = new ConcurrentHashMap<>();
    /** Calls Parley placed, by Call-ID. */
    private final Map<String, ClientCall> placed = new ConcurrentHashMap<>();

    /** Registrations Parley keeps alive, by Call-ID. */
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();

    private volatile SipTransport udp;
    private volatile TcpSipTransport tcp;
    private final SipTimers transactionTimers = SipTimers.on(timers);
    /** Requests outside INVITE Parley sent and still resends or awaits (RFC 3261 §17.1.2), by §17.1.3 key. */
    private final Map<String, NonInviteClientTransaction> clientTransactions = new ConcurrentHashMap<>();

    /** The last response to each non-INVITE request, by branch, for retransmissions. */
    private final Map<String, SipMessage.Response> answered = new ConcurrentHashMap<>();

    public SipEndpoint() {}

    /**
     * Starts handing incoming calls to {@code listener} (the call layer, which is built on this
     * endpoint and so exists only after it): the one step of the node's start-up that is not a
     * constructor. Until it is taken, an INVITE is answered 503, which a caller retries elsewhere.
     */
    public void accept(CallListener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("the endpoint already hands its calls to a listener");
        }
        this.listener = listener;
    }

    /** The transports outgoing calls leave through (they are bound after the endpoint exists). */
    public void useTransports(SipTransport udp, TcpSipTransport tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    /**
     * Places a call: an INVITE to the request URI's host and port (5060 when none; no DNS SRV), over
     * TCP when the URI says {@code transport=tcp}, else UDP. A target that cannot be resolved or
     * connected to fails at once with 503.
     */
    public OutgoingCall dial(OutgoingCall.Dial dial, OutgoingCall.Listener listener) {
        Optional<Route> route = route(dial.requestUri());
        if (route.isEmpty()) {
            OutgoingCall unreachable = new Unreachable();
            timers.execute(() -> listener.failed(unreachable, 503));
            return unreachable;
        }
        ClientCall call =
                new ClientCall(this, route.get().transport(), route.get().destination(), dial, listener);
        placed.put(call.callId(), call);
        call.start();
        return call;
    }

    /**
     * Starts keeping a registration alive with the registrar at {@code registrarUri} ({@code
     * sip:host[:port][;transport=tcp]}); empty when its host cannot be resolved or connected to.
     */
    public Optional<Registration> register(String registrarUri, DigestAuth.Credentials credentials) {
        return route(registrarUri).map(route -> {
            Registration registration =
                    new Registration(this, route.transport(), route.destination(), registrarUri, credentials);
            registrations.put(registration.callId(), registration);
            registration.start();
            return registration;
        });
    }

    /** Where a request to {@code uri} goes and over what. */
    private record Route(SipTransport transport, InetSocketAddress destination) {}

    /**
     * The URI's host and port (5060 when none; no DNS SRV), over TCP when it says {@code transport=tcp},
     * else UDP; empty when the host cannot be resolved or connected to.
     */
    private Optional<Route> route(String uri) {
        try {
            InetSocketAddress destination = new InetSocketAddress(
                    java.net.InetAddress.getByName(
                            SipUri.host(uri).replace("[", "").replace("]", "")),
                    SipUri.port(uri));
            SipTransport transport =
                    "tcp".equalsIgnoreCase(SipUri.parameter(uri, "transport")) ? tcp.connect(destination) : udp;
            return Optional.of(new Route(transport, destination));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A call whose target could not be reached: nothing to hang up. */
    private static final class Unreachable implements OutgoingCall {
        private final String callId = UUID.randomUUID() + "@parley";

        @Override
        public String callId() {
            return callId;
        }

        @Override
        public void hangup() {}
    }

    /** Handles one message from a transport; never throws for what a peer sent. */
    public void received(SipTransport.Inbound inbound) {
        switch (inbound.message()) {
            case SipMessage.Request request -> request(request, inbound);
            case SipMessage.Response response -> {
                NonInviteClientTransaction transaction = clientTransactions.get(NonInviteClientTransaction.key(
                        response.topVia().branch(), response.cseq().method()));
                if (transaction != null) {
                    transaction.responded(response);
                    return;
                }
                ClientCall call = placed.get(response.callId()); // REGISTER's answers go to its transaction
                if (call != null) {
                    call.responded(response);
                }
            }
        }
    }

    private void request(SipMessage.Request request, SipTransport.Inbound inbound) {
        Optional<String> malformation = RequestChecks.malformation(request);
        if (malformation.isPresent()) {
            LOG.debug("400 to {} from {}: {}", request.method(), inbound.source(), malformation.get());
            if (!request.method().equals("ACK") && !request.headers().all("Via").isEmpty()) {
                send(inbound, Responses.to(request, inbound.source(), 400, tag(), null));
            }
            return;
        }
        SipMessage.Response earlier = answered.get(transactionKey(request));
        if (earlier != null) {
            send(inbound, earlier); // a retransmission: the same answer again
            return;
        }
        if (!request.method().equals("ACK") && ALLOW.contains(request.method())) {
            Optional<RequestChecks.Refusal> refusal = RequestChecks.refusal(request);
            if (refusal.isPresent()) {
                SipMessage.Response refused =
                        Responses.to(request, inbound.source(), refusal.get().status(), tag(), null);
                if (refusal.get().header() != null) {
                    refused =
                            with(refused, refusal.get().header(), refusal.get().value());
                }
                finalAnswer(request, inbound, refused);
                return;
            }
        }
        switch (request.method()) {
            case "OPTIONS" -> finalAnswer(request, inbound, options(request, inbound));
            case "INVITE" -> invite(request, inbound);
            case "ACK" -> ack(request);
            case "CANCEL" -> cancel(request, inbound);
            case "BYE" -> bye(request, inbound);
            default ->
                finalAnswer(
                        request,
                        inbound,
                        with(Responses.to(request, inbound.source(), 405, tag(), null), "Allow", ALLOW));
        }
    }

    /**
     * Which server transaction a request belongs to (RFC 3261 §17.2.3): its branch, the top Via's
     * sent-by and its method; for a peer of RFC 2543 without the magic cookie, the Request-URI, the tags,
     * Call-ID, CSeq and the whole top Via. A reused branch from another sender is another transaction.
     */
    static String transactionKey(SipMessage.Request request) {
        Via via = request.topVia();
        if (via.branch().startsWith(Via.COOKIE)) {
            return via.branch() + " " + via.host().toLowerCase(java.util.Locale.ROOT) + ":" + via.port() + " "
                    + request.method();
        }
        return "2543 " + request.uri() + " " + tagOf(request, "From") + " " + tagOf(request, "To") + " "
                + request.callId() + " " + request.headers().first("CSeq").orElse("") + " "
                + request.headers().first("Via").orElse("") + " " + request.method();
    }

    private static String tagOf(SipMessage.Request request, String header) {
        return NameAddress.parse(request.headers().first(header).orElse("")).tag();
    }

    private SipMessage.Response options(SipMessage.Request request, SipTransport.Inbound inbound) {
        SipMessage.Response ok = Responses.to(request, inbound.source(), 200, tag(), null);
        return with(with(ok, "Allow", ALLOW), "Accept", "application/sdp");
    }

    private void invite(SipMessage.Request request, SipTransport.Inbound inbound) {
        String toTag =
                NameAddress.parse(request.headers().first("To").orElse("")).tag();
        ServerCall existing = calls.get(request.callId());
        ClientCall ours = placed.get(request.callId());
        if (toTag != null && ours != null) {
            ours.reinvite(request, inbound);
            return;
        }
        if (toTag != null) {
            if (existing == null || !toTag.equals(existing.localTag())) {
                finalAnswer(request, inbound, Responses.to(request, inbound.source(), 481, null, null));
                return;
            }
            existing.reinvite(request, inbound);
            return;
        }
        if (existing != null) {
            existing.retransmitted(request, inbound);
            return;
        }
        if (listener == null) { // still starting up
            finalAnswer(request, inbound, Responses.to(request, inbound.source(), 503, null, null));
            return;
        }
        ServerCall call = new ServerCall(this, request, inbound, tag());
        calls.put(request.callId(), call);
        call.trying();
        listener.invited(call);
    }

    private void ack(SipMessage.Request request) {
        ServerCall call = calls.get(request.callId());
        if (call != null) {
            call.acknowledged();
        }
    }

    private void cancel(SipMessage.Request request, SipTransport.Inbound inbound) {
        ServerCall call = calls.get(request.callId());
        if (call == null || !call.inviteBranch().equals(request.topVia().branch())) {
            finalAnswer(request, inbound, Responses.to(request, inbound.source(), 481, tag(), null));
            return;
        }
        finalAnswer(request, inbound, Responses.to(request, inbound.source(), 200, call.localTag(), null));
        call.cancelled();
    }

    private void bye(SipMessage.Request request, SipTransport.Inbound inbound) {
        ServerCall call = calls.get(request.callId());
        ClientCall ours = placed.get(request.callId());
        if (call == null && ours == null) {
            finalAnswer(request, inbound, Responses.to(request, inbound.source(), 481, tag(), null));
            return;
        }
        finalAnswer(request, inbound, Responses.to(request, inbound.source(), 200, null, null));
        if (call != null) {
            call.byeReceived();
        } else {
            ours.byeReceived();
        }
    }

    /** Sends a final response to a non-INVITE request and keeps it for retransmissions (64·T1). */
    private void finalAnswer(SipMessage.Request request, SipTransport.Inbound inbound, SipMessage.Response response) {
        send(inbound, response);
        String key = transactionKey(request);
        answered.put(key, response);
        timers.schedule(() -> answered.remove(key), Timers.TRANSACTION_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Sends a request outside INVITE through a client transaction: resent over UDP until a final
     * response, given up after 64·T1; {@code onFinal} hears the final response once (null: none came).
     */
    void sendNonInvite(
            SipMessage.Request request,
            SipTransport transport,
            InetSocketAddress to,
            NonInviteClientTransaction.Outcome onFinal) {
        String key = NonInviteClientTransaction.key(request.topVia().branch(), request.method());
        NonInviteClientTransaction transaction = new NonInviteClientTransaction(
                request, transport, to, transactionTimers, onFinal, () -> clientTransactions.remove(key));
        clientTransactions.put(key, transaction);
        transaction.start();
    }

    void send(SipTransport.Inbound inbound, SipMessage message) {
        inbound.transport().send(message, inbound.source());
    }

    static SipMessage.Response with(SipMessage.Response response, String name, String value) {
        return new SipMessage.Response(
                response.status(), response.reason(), response.headers().with(name, value), response.body());
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    CallListener listener() {
        return listener;
    }

    void forget(ServerCall call) {
        calls.remove(call.callId(), call);
    }

    void forget(ClientCall call) {
        placed.remove(call.callId(), call);
    }

    void forget(Registration registration) {
        registrations.remove(registration.callId(), registration);
    }

    /** Calls with an open INVITE transaction or dialog, both ways (for metrics and tests). */
    public int openCalls() {
        return calls.size() + placed.size();
    }

    static String tag() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    @Override
    public void close() {
        for (ServerCall call : calls.values()) {
            call.hangup();
        }
        for (ClientCall call : placed.values()) {
            call.hangup();
        }
        for (Registration registration : registrations.values()) {
            registration.close();
        }
        timers.shutdownNow();
    }
}
