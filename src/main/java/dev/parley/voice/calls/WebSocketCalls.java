package dev.parley.voice.calls;

import dev.parley.domain.Leg;
import dev.parley.domain.LegStatus;
import dev.parley.outbound.OutboundGate;
import dev.parley.outbound.OutboundRefused;
import dev.parley.voice.media.Bridge;
import dev.parley.voice.ncco.NccoAction;
import dev.parley.voice.websocket.WebSocketPort;
import dev.parley.wire.Json;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Legs to WebSocket endpoints ({@code POST /v1/calls} and NCCO {@code connect}): Parley dials the
 * application's socket; the leg is {@code answered} once it is open, hears its conversation's mix and
 * is heard in it, and ends {@code completed} when either side closes. When the application closes it,
 * the leg's event URL hears {@code disconnected} (a synchronous connect asks it instead, and runs the
 * NCCO it answers); a hangup by Parley sends none. Thread-safe.
 */
final class WebSocketCalls implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebSocketCalls.class);

    private final WebSocketClient client;
    private final OutboundGate gate;
    private final LegRecorder recorder;
    private final CallRegistry registry;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-websocket-timers").daemon().factory());
    private final Rooms rooms;

    WebSocketCalls(LegRecorder recorder, CallRegistry registry, Rooms rooms, OutboundGate gate) {
        this.gate = gate;
        this.client = gate.webSocketClient(Duration.ofSeconds(10));
        this.recorder = recorder;
        this.registry = registry;
        this.rooms = rooms;
    }

    /** The endpoint as the leg's {@code to}: type, uri, content-type and headers. */
    static String endpointJson(NccoAction.Endpoint.Websocket to) {
        var endpoint = Json.object();
        endpoint.put("type", "websocket");
        endpoint.put("uri", to.uri());
        endpoint.put("content-type", to.contentType());
        endpoint.set("headers", Json.parse(to.headersJson()));
        return endpoint.toString();
    }

    /**
     * Dials {@code to} for {@code leg} (recorded {@code started}), waiting at most {@code
     * connectSeconds}; once open, {@code onAnswer} runs on the call's own thread and the socket is
     * closed when it returns. The future completes when the leg is over, however it ended.
     */
    CompletableFuture<CallSession> dial(
            Leg leg,
            NccoAction.Endpoint.Websocket to,
            int connectSeconds,
            int lengthSeconds,
            boolean disconnectAnsweredSynchronously,
            Consumer<CallSession> onAnswer) {
        CompletableFuture<CallSession> over = new CompletableFuture<>();
        AtomicReference<WebSocketPort> opened = new AtomicReference<>();
        AtomicBoolean hungUp = new AtomicBoolean();
        CallSession session = new CallSession(() -> {
            hungUp.set(true);
            WebSocketPort port = opened.get();
            if (port != null) {
                port.close();
            }
        });
        session.leg = leg;
        registry.add(session);
        CompletableFuture<WebSocketPort> dialling;
        try {
            dialling = WebSocketPort.dial(
                    client,
                    gate.target(URI.create(to.uri())),
                    to.contentType(),
                    Json.parse(to.headersJson()),
                    Duration.ofSeconds(connectSeconds));
        } catch (OutboundRefused | IllegalArgumentException e) {
            dialling = CompletableFuture.failedFuture(e);
        }
        dialling.whenComplete((port, error) -> {
            if (error != null) {
                var refused = OutboundRefused.in(error);
                String why;
                if (refused.isPresent()) {
                    LOG.info("websocket leg {}: {} refused by the outbound gate", leg.id(), to.uri());
                    why = refused.get().getMessage();
                } else {
                    LOG.info("websocket leg {}: {} could not be opened", leg.id(), to.uri(), error);
                    Throwable cause =
                            error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    why = cause.toString();
                }
                recorder.error(session, "websocket " + to.uri() + " could not be opened: " + why);
                recorder.finish(session, "websocket unreachable", LegStatus.FAILED);
                registry.remove(session);
                over.complete(session);
                return;
            }
            opened.set(port);
            if (hungUp.get()) {
                port.close();
            }
            try {
                answered(session, port, to, lengthSeconds, disconnectAnsweredSynchronously, onAnswer, over);
            } catch (RuntimeException e) {
                LOG.warn("websocket leg {} failed once open", leg.id(), e);
                port.close();
                recorder.finish(session, "failed", LegStatus.FAILED);
                registry.remove(session);
                over.complete(session);
            }
        });
        return over;
    }

    private void answered(
            CallSession session,
            WebSocketPort port,
            NccoAction.Endpoint.Websocket to,
            int lengthSeconds,
            boolean disconnectAnsweredSynchronously,
            Consumer<CallSession> onAnswer,
            CompletableFuture<CallSession> over) {
        session.media.participant = new Bridge.Participant(session.leg.id().value(), port);
        recorder.record(session, LegStatus.ANSWERED);
        session.established.countDown();
        port.closed().thenRun(session.ncco::end); // whatever the call's thread waits for stops waiting
        ScheduledFuture<?> length = timers.schedule((Runnable) session::signalHangup, lengthSeconds, TimeUnit.SECONDS);
        Thread.ofVirtual().name("parley-call-" + session.leg.id()).start(() -> {
            try {
                onAnswer.accept(session);
            } finally {
                length.cancel(false);
                boolean byApplication = port.closed().isDone() && !port.closedByUs();
                port.close();
                String why = port.closed().join();
                if (byApplication) {
                    session.disconnected = true;
                    if (!disconnectAnsweredSynchronously) {
                        recorder.disconnected(session, Json.parse(to.headersJson()));
                    }
                }
                recorder.finish(session, why, LegStatus.FAILED);
                Rooms current = rooms;
                if (current != null) {
                    current.leave(session);
                }
                registry.remove(session);
                over.complete(session);
            }
        });
    }

    @Override
    public void close() {
        timers.shutdownNow();
        try {
            client.stop();
            client.getHttpClient().stop(); // started before the WebSocket client, so not stopped by it
        } catch (Exception e) {
            LOG.debug("the WebSocket client did not stop cleanly", e);
        }
    }
}
