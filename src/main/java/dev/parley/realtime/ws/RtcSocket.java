package dev.parley.realtime.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.auth.JwtVerifier;
import dev.parley.auth.Principal;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.SessionId;
import dev.parley.domain.UserId;
import dev.parley.realtime.Dispatcher;
import dev.parley.realtime.PushFrame;
import dev.parley.service.SessionService;
import dev.parley.wire.ClientEventJson;
import dev.parley.wire.Json;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The App channel's socket: socket.io at {@code /v2/rtc}, as the Vonage Client SDKs speak it. A client
 * connects with a user token in the {@code token} query parameter; the first event it receives is
 * {@code session:success} (or an error, then a disconnect). With {@code session_id} it resumes that
 * session and gets what it missed in {@code pending_events}. Afterwards it receives every event of
 * its conversations, each with an ack request. Thread-safe.
 */
public final class RtcSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtcSocket.class);
    private static final String CONNECTION = "parley.connection";
    private static final String PRINCIPAL = "parley.principal";
    private static final String ERROR = "parley.error";

    private final JwtVerifier verifier;
    private final SessionService sessions;
    private final Dispatcher dispatcher;
    private final int maxOutstanding;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-rtc-timers").daemon().factory());
    private final ConcurrentHashMap<SessionId, ClientConnection> bySession = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ClientConnection, ScheduledFuture<?>> pingers = new ConcurrentHashMap<>();

    /** Close reasons this server gives; anything else (from clients) is counted as "other". */
    private static final java.util.Set<String> KNOWN_REASONS = java.util.Set.of(
            "ping timeout",
            "token expired",
            "too far behind; reconnect to resume",
            "send failed",
            "client disconnected",
            "server stopping");

    private final io.micrometer.core.instrument.MeterRegistry metrics;

    public RtcSocket(
            JwtVerifier verifier,
            SessionService sessions,
            Dispatcher dispatcher,
            int maxOutstanding,
            io.micrometer.core.instrument.MeterRegistry metrics) {
        this.metrics = metrics;
        this.verifier = verifier;
        this.sessions = sessions;
        this.dispatcher = dispatcher;
        this.maxOutstanding = maxOutstanding;
    }

    /** Wires the socket's handlers into a Javalin websocket route. */
    public void configure(WsConfig ws) {
        ws.onConnect(this::connected);
        ws.onMessage(ctx -> received(ctx, ctx.message()));
        ws.onClose(ctx -> {
            countClose(ctx.status(), ctx.reason());
            disconnected(ctx);
        });
        ws.onError(ctx -> LOG.debug("socket error", ctx.error()));
    }

    private void connected(WsContext ctx) {
        ctx.session.setIdleTimeout(
                java.time.Duration.ofMillis(EngineIo.PING_INTERVAL_MS + EngineIo.PING_TIMEOUT_MS + 5_000));
        ClientConnection connection = new ClientConnection(ctx.session, maxOutstanding);
        ctx.attribute(CONNECTION, connection);
        // Verify now, answer after the client's namespace CONNECT: the SDKs take the first event as
        // the login answer.
        try {
            String token = ctx.queryParam("token");
            if (token == null || token.isBlank()) {
                throw JwtVerifier.missing();
            }
            ctx.attribute(PRINCIPAL, verifier.verify(token));
        } catch (DomainException e) {
            ctx.attribute(ERROR, e);
        }
        connection.sendControl(EngineIo.open(UUID.randomUUID().toString()));
        pingers.put(
                connection,
                timers.scheduleAtFixedRate(
                        () -> tick(connection),
                        EngineIo.PING_INTERVAL_MS,
                        EngineIo.PING_INTERVAL_MS,
                        TimeUnit.MILLISECONDS));
    }

    private void received(WsContext ctx, String text) {
        ClientConnection connection = ctx.attribute(CONNECTION);
        if (connection == null) {
            return;
        }
        switch (text) {
            case EngineIo.PONG -> connection.pong();
            case EngineIo.PING -> connection.sendControl(EngineIo.PONG);
            default -> {
                EngineIo.Packet packet = EngineIo.parseMessage(text);
                if (packet == null) {
                    return;
                }
                switch (packet.type()) {
                    case '0' -> login(ctx, connection);
                    case '2' -> clientEvent(connection, packet);
                    case '3' -> {
                        if (packet.ackId() != null) {
                            connection.acknowledged(packet.ackId());
                        }
                    }
                    case '1' -> connection.close(1000, "client disconnected");
                    default -> {
                        // binary events and other packet types carry nothing the SDKs use
                    }
                }
            }
        }
    }

    private void login(WsContext ctx, ClientConnection connection) {
        connection.sendControl(EngineIo.connected(UUID.randomUUID().toString()));
        DomainException rejected = ctx.attribute(ERROR);
        Principal principal = ctx.attribute(PRINCIPAL);
        if (rejected == null && !(principal instanceof Principal.UserToken)) {
            rejected = new DomainException.Unauthorized(ErrorCode.SESSION_INVALID, "A session needs a user token.");
        }
        if (rejected != null) {
            refuse(connection, rejected);
            return;
        }
        try {
            String resumeId = ctx.queryParam("session_id");
            UserId userId = sessions.userOf(principal);
            SessionId resuming =
                    resumeId == null ? null : SessionId.parse(resumeId).orElse(null);
            ClientConnection earlier = resuming == null ? null : bySession.get(resuming);
            if (earlier != null && userId.equals(earlier.userId()) && bySession.remove(resuming, earlier)) {
                // The same session from a socket that has not noticed it is gone: retire it first so
                // what it received counts before we compute what this one missed. (Only the session's
                // own user can do this; another user's token never touches it.)
                retire(earlier);
            }
            connection.loggedIn(new ClientConnection.Login(null, userId, null, principal.applicationId(), 0));
            long attachedAt = dispatcher.attach(connection);
            SessionService.LoggedIn loggedIn;
            try {
                loggedIn = resumeId == null
                        ? sessions.login(principal, attachedAt)
                        : sessions.resume(principal, resumeId, attachedAt);
            } catch (RuntimeException e) {
                dispatcher.detach(connection);
                throw e;
            }
            connection.loggedIn(new ClientConnection.Login(
                    loggedIn.session().id(),
                    userId,
                    loggedIn.user().name(),
                    principal.applicationId(),
                    loggedIn.session().expiresMs()));
            bySession.put(loggedIn.session().id(), connection);
            connection.sendLoginAnswer(
                    PushFrame.of(
                            "session:success",
                            ClientEventJson.sessionSuccess(
                                    loggedIn.session(),
                                    loggedIn.user(),
                                    principal.applicationId(),
                                    loggedIn.resumed(),
                                    loggedIn.missed())),
                    loggedIn.session().resumePosition());
            connection.release();
        } catch (DomainException e) {
            refuse(connection, e);
        } catch (RuntimeException e) {
            // Never leave a client waiting for a login answer: it retries on the error.
            LOG.warn("session login failed", e);
            refuse(
                    connection,
                    new DomainException.Unauthorized(ErrorCode.SESSION_INTERNAL, "The session could not be opened."));
        }
    }

    private void clientEvent(ClientConnection connection, EngineIo.Packet packet) {
        JsonNode array;
        try {
            array = Json.MAPPER.readTree(packet.json());
        } catch (java.io.IOException e) {
            return;
        }
        if (array == null || !array.isArray() || array.isEmpty()) {
            return;
        }
        String name = array.get(0).asText();
        JsonNode payload = array.size() > 1 ? array.get(1) : Json.object();
        if (name.equals("session:logout")) {
            ClientConnection.Login login = connection.login();
            if (login != null && login.sessionId() != null) {
                sessions.logout(login.sessionId());
                bySession.remove(login.sessionId(), connection);
            }
            ObjectNode reply = Json.object();
            reply.put("rid", payload.path("tid").asText(""));
            reply.putObject("body");
            connection.sendControl(PushFrame.of("session:logged-out", reply).packet());
        }
    }

    private void refuse(ClientConnection connection, DomainException e) {
        ObjectNode payload = Json.object();
        payload.putObject("body");
        connection.sendControl(PushFrame.of(e.code(), payload).packet());
        connection.sendControl(EngineIo.DISCONNECT);
        timers.schedule(() -> connection.close(1008, e.code()), 200, TimeUnit.MILLISECONDS);
    }

    /** Ping the client; drop it when it stopped answering or its token ran out without renewal. */
    private void tick(ClientConnection connection) {
        long now = System.currentTimeMillis();
        if (now - connection.lastPongMs() > EngineIo.PING_INTERVAL_MS + EngineIo.PING_TIMEOUT_MS) {
            connection.close(1000, "ping timeout");
            return;
        }
        ClientConnection.Login login = connection.login();
        if (login != null && login.sessionId() != null && now > login.expiresMs()) {
            long renewed = sessions.expiry(login.applicationId(), login.sessionId());
            if (renewed > now) {
                connection.loggedIn(new ClientConnection.Login(
                        login.sessionId(), login.userId(), login.userName(), login.applicationId(), renewed));
            } else {
                ObjectNode payload = Json.object();
                payload.putObject("body");
                connection.sendControl(PushFrame.of(ErrorCode.SYSTEM_EXPIRED_TOKEN.code(), payload)
                        .packet());
                timers.schedule(() -> connection.close(1008, "token expired"), 200, TimeUnit.MILLISECONDS);
                return;
            }
        }
        connection.sendControl(EngineIo.PING);
    }

    /** Counts socket closes by code and (known) reason, so dropped clients can be explained. */
    private void countClose(int status, String reason) {
        String known = reason == null || reason.isBlank()
                ? "none"
                : KNOWN_REASONS.contains(reason) || reason.contains(":error:") ? reason : "other";
        metrics.counter("parley.rtc.closes", "code", Integer.toString(status), "reason", known)
                .increment();
    }

    private void disconnected(WsContext ctx) {
        ClientConnection connection = ctx.attribute(CONNECTION);
        if (connection != null) {
            retire(connection);
        }
    }

    /** Stops a connection and records how far its session got, so a reconnect resumes there. */
    private void retire(ClientConnection connection) {
        connection.markClosed();
        ScheduledFuture<?> pinger = pingers.remove(connection);
        if (pinger != null) {
            pinger.cancel(false);
        }
        long routedToIt = dispatcher.detach(connection);
        ClientConnection.Login login = connection.login();
        if (login != null && login.sessionId() != null) {
            bySession.remove(login.sessionId(), connection);
            try {
                sessions.delivered(login.sessionId(), connection.deliveredUpTo(routedToIt));
            } catch (RuntimeException e) {
                LOG.warn("could not record the delivery position of session {}", login.sessionId(), e);
            }
        }
    }

    /** Live sockets (for metrics and tests). */
    public int connections() {
        return pingers.size();
    }

    @Override
    public void close() {
        for (ClientConnection connection : List.copyOf(pingers.keySet())) {
            retire(connection);
            connection.close(1001, "server stopping");
        }
        timers.shutdownNow();
    }
}
