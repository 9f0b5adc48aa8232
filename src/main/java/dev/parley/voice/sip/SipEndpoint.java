package dev.parley.voice.sip;

import dev.parley.voice.sip.message.NameAddress;
import dev.parley.voice.sip.message.RequestChecks;
import dev.parley.voice.sip.message.Responses;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.message.SipText;
import dev.parley.voice.sip.message.SipUri;
import dev.parley.voice.sip.transaction.InviteServerTransaction;
import dev.parley.voice.sip.transaction.ServerTransaction;
import dev.parley.voice.sip.transaction.SipTimers;
import dev.parley.voice.sip.transaction.Transactions;
import dev.parley.voice.sip.transport.SipTransport;
import dev.parley.voice.sip.transport.TcpSipTransport;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Parley as a SIP user agent (RFC 3261, the subset in docs/DECISIONS.md), the core above the
 * transaction layer: OPTIONS answered 200; an INVITE handed to the {@link CallListener} as an
 * {@link IncomingCall}; CANCEL, BYE and re-INVITE (hold) within a dialog; calls placed and
 * registrations kept alive; anything else 405 with Allow. Every retransmission is the transaction
 * layer's. Thread-safe.
 */
public final class SipEndpoint implements AutoCloseable {
    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS";
    private static final Set<String> SERVED = Set.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS");

    /** Who is told of incoming calls, once the call layer accepts them; until then INVITEs get 503. */
    private volatile CallListener listener;

    /** Null when the timers are a test's clock. */
    private final ScheduledExecutorService scheduler;

    private final SipTimers timers;
    private final Transactions transactions;
    /** Dialogs of INVITEs we answer (and still ringing ones), by Call-ID. */
    private final Map<String, ServerCall> calls = new ConcurrentHashMap<>();
    /** Calls Parley placed, by Call-ID. */
    private final Map<String, ClientCall> placed = new ConcurrentHashMap<>();
    /** Registrations Parley keeps alive, by Call-ID. */
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();

    private volatile SipTransport udp;
    private volatile TcpSipTransport tcp;

    public SipEndpoint() {
        this(Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("parley-sip-timers").daemon().factory()));
    }

    private SipEndpoint(ScheduledExecutorService scheduler) {
        this(SipTimers.on(scheduler), scheduler);
    }

    /** An endpoint on {@code timers}: a test's clock, so that every timer path can be driven by hand. */
    SipEndpoint(SipTimers timers) {
        this(timers, null);
    }

    private SipEndpoint(SipTimers timers, ScheduledExecutorService scheduler) {
        this.timers = timers;
        this.scheduler = scheduler;
        this.transactions = new Transactions(timers, new Core());
    }

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

    /** Handles one message from a transport (through the transaction layer); never throws for what a peer sent. */
    public void received(SipTransport.Inbound inbound) {
        transactions.received(inbound);
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
            timers.schedule(() -> listener.failed(unreachable, 503), 0);
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

    /** What the transaction layer hands up. */
    private final class Core implements Transactions.Core {
        @Override
        public void request(ServerTransaction transaction) {
            SipEndpoint.this.request(transaction);
        }

        @Override
        public void ack(SipMessage.Request ack, SipTransport.Inbound inbound) {
            ServerCall call = calls.get(ack.callId());
            if (call != null) {
                call.acknowledged();
            }
        }

        @Override
        public void stray(SipMessage.Response response, SipTransport.Inbound inbound) {
            ClientCall call = placed.get(response.callId());
            if (call != null) {
                call.stray(response);
            }
        }
    }

    private void request(ServerTransaction transaction) {
        SipMessage.Request request = transaction.request();
        if (SERVED.contains(request.method())) {
            Optional<RequestChecks.Refusal> refusal = RequestChecks.refusal(request);
            if (refusal.isPresent()) {
                SipMessage.Response refused = answer(transaction, refusal.get().status(), tag());
                if (refusal.get().header() != null) {
                    refused =
                            with(refused, refusal.get().header(), refusal.get().value());
                }
                transaction.respond(refused);
                return;
            }
        }
        switch (request.method()) {
            case "OPTIONS" ->
                transaction.respond(
                        with(with(answer(transaction, 200, tag()), "Allow", ALLOW), "Accept", "application/sdp"));
            case "INVITE" -> invite((InviteServerTransaction) transaction);
            case "CANCEL" -> cancel(transaction);
            case "BYE" -> bye(transaction);
            default -> transaction.respond(with(answer(transaction, 405, tag()), "Allow", ALLOW));
        }
    }

    private void invite(InviteServerTransaction transaction) {
        SipMessage.Request request = transaction.request();
        String toTag =
                NameAddress.parse(request.headers().first("To").orElse("")).tag();
        ServerCall existing = calls.get(request.callId());
        ClientCall ours = placed.get(request.callId());
        if (toTag != null && ours != null) {
            ours.reinvite(transaction);
        } else if (toTag != null && existing != null && toTag.equals(existing.localTag())) {
            existing.reinvite(transaction);
        } else if (toTag != null) {
            transaction.respond(answer(transaction, 481, null));
        } else if (existing != null || ours != null) {
            // The same Call-ID in a new transaction without a To tag: a request merged on its way (§8.2.2.2).
            transaction.respond(answer(transaction, 482, tag()));
        } else if (listener == null) { // still starting up
            transaction.respond(answer(transaction, 503, tag()));
        } else {
            ServerCall call = new ServerCall(this, transaction, tag());
            calls.put(request.callId(), call);
            listener.invited(call);
        }
    }

    /** CANCEL: 200 when its INVITE is still open (RFC 3261 §9.2), which then gets 487 unless answered. */
    private void cancel(ServerTransaction transaction) {
        Optional<InviteServerTransaction> invite = transactions.cancelled(transaction.request());
        if (invite.isEmpty()) {
            transaction.respond(answer(transaction, 481, tag()));
            return;
        }
        ServerCall call = calls.get(transaction.request().callId());
        boolean ours = call != null && call.transaction() == invite.get();
        transaction.respond(answer(transaction, 200, ours ? call.localTag() : tag()));
        if (ours) {
            call.cancelled();
        }
    }

    private void bye(ServerTransaction transaction) {
        String callId = transaction.request().callId();
        ServerCall call = calls.get(callId);
        ClientCall ours = placed.get(callId);
        if (call == null && ours == null) {
            transaction.respond(answer(transaction, 481, tag()));
            return;
        }
        transaction.respond(answer(transaction, 200, null));
        if (call != null) {
            call.byeReceived();
        } else {
            ours.byeReceived();
        }
    }

    private static SipMessage.Response answer(ServerTransaction transaction, int status, String toTag) {
        return Responses.to(transaction.request(), transaction.inbound().source(), status, toTag, null);
    }

    static SipMessage.Response with(SipMessage.Response response, String name, String value) {
        return new SipMessage.Response(
                response.status(), response.reason(), response.headers().with(name, value), response.body());
    }

    Transactions transactions() {
        return transactions;
    }

    SipTimers timers() {
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

    /** Calls ringing or in a dialog, both ways (for metrics and tests). */
    public int openCalls() {
        return calls.size() + placed.size();
    }

    /** Transactions still open (for metrics and tests). */
    public int openTransactions() {
        return transactions.open();
    }

    static String tag() {
        return SipText.randomTag();
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
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
