package dev.parley.voice.calls;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.Leg;
import dev.parley.domain.LegStatus;
import dev.parley.domain.VoiceWebhooks;
import dev.parley.voice.media.RtpSocket;
import dev.parley.voice.ncco.NccoAction;
import dev.parley.voice.sip.DigestAuth;
import dev.parley.voice.sip.OutgoingCall;
import dev.parley.voice.sip.Sdp;
import dev.parley.voice.sip.SipEndpoint;
import dev.parley.voice.sip.SipHeaders;
import dev.parley.voice.sip.SipUri;
import dev.parley.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Calls Parley places to SIP endpoints: for {@code POST /v1/calls} (the answered leg then runs its
 * NCCO) and for an NCCO {@code connect} (the answered leg joins the caller's conversation). Each leg
 * rings for at most its ringing timer (then {@code timeout}) and lasts at most its length timer. SIP
 * answers map to statuses as docs/VOICE.md says. Thread-safe.
 */
final class OutboundCalls implements AutoCloseable {
    private final SipEndpoint endpoint;
    private final LegRecorder recorder;
    private final CallRegistry registry;
    private final MediaSetup media;
    private final AnswerClient answers;
    private final java.util.function.BiFunction<String, String, Optional<DigestAuth.Credentials>> credentials;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-call-timers").daemon().factory());
    private volatile Rooms rooms;
    private volatile WebSocketCalls webSockets;

    OutboundCalls(
            SipEndpoint endpoint,
            LegRecorder recorder,
            CallRegistry registry,
            MediaSetup media,
            AnswerClient answers,
            java.util.function.BiFunction<String, String, Optional<DigestAuth.Credentials>> credentials) {
        this.endpoint = endpoint;
        this.answers = answers;
        this.recorder = recorder;
        this.registry = registry;
        this.media = media;
        this.credentials = credentials;
    }

    /** Where connects to WebSocket endpoints are dialled. */
    void useWebSockets(WebSocketCalls webSockets) {
        this.webSockets = webSockets;
    }

    void useRooms(Rooms rooms) {
        this.rooms = rooms;
    }

    /** The status a failed INVITE ends its leg in (docs/VOICE.md, "Outbound calls"). */
    static LegStatus statusOf(int sipStatus, boolean rangTooLong) {
        if (rangTooLong) {
            return LegStatus.TIMEOUT;
        }
        return switch (sipStatus) {
            case 486, 600 -> LegStatus.BUSY;
            case 480, 487 -> LegStatus.UNANSWERED;
            case 408 -> LegStatus.TIMEOUT;
            case 403, 404, 410, 484, 603, 604 -> LegStatus.REJECTED;
            default -> LegStatus.FAILED;
        };
    }

    /**
     * Rings {@code to} for {@code leg} (already recorded {@code started}); once answered, {@code
     * onAnswer} runs on the call's own thread and the call is hung up when it returns. The returned
     * future completes when the leg's call is over, however it ended.
     */
    CompletableFuture<CallSession> dial(
            Leg leg,
            NccoAction.Endpoint.Sip to,
            String fromUser,
            int ringingSeconds,
            int lengthSeconds,
            boolean failureSynchronous,
            Consumer<CallSession> onAnswer) {
        CompletableFuture<CallSession> over = new CompletableFuture<>();
        AtomicReference<OutgoingCall> call = new AtomicReference<>();
        AtomicBoolean rangTooLong = new AtomicBoolean();
        CallSession session = new CallSession(() -> {
            OutgoingCall placed = call.get();
            if (placed != null) {
                placed.hangup();
            }
        });
        session.leg = leg;
        session.failureAnsweredSynchronously = failureSynchronous;
        RtpSocket rtp;
        try {
            rtp = media.open(session, null);
        } catch (java.io.UncheckedIOException e) {
            recorder.voice().error(leg, "No RTP port was free on this node.");
            recorder.finish(session, "no RTP port", LegStatus.FAILED);
            over.complete(session);
            return over;
        }
        registry.add(session);
        List<SipHeaders.Field> headers = new ArrayList<>();
        for (Map.Entry<String, String> header : to.headers().entrySet()) {
            headers.add(new SipHeaders.Field("X-" + header.getKey(), header.getValue()));
        }
        OutgoingCall.Dial dial = new OutgoingCall.Dial(
                to.uri(),
                fromUser == null || fromUser.isBlank() ? "parley" : fromUser,
                headers,
                Sdp.offer(media.host(), rtp.local().getPort(), System.currentTimeMillis()),
                credentials.apply(leg.applicationId(), SipUri.host(to.uri())).orElse(null));
        ScheduledFuture<?> ringing = timers.schedule(
                () -> {
                    rangTooLong.set(true);
                    session.signalHangup();
                },
                ringingSeconds,
                TimeUnit.SECONDS);
        Runnable cleanUp = () -> {
            ringing.cancel(false);
            Rooms current = rooms;
            if (current != null) {
                current.leave(session);
            }
            rtp.close();
            registry.remove(session);
            over.complete(session);
        };
        call.set(endpoint.dial(dial, new OutgoingCall.Listener() {
            @Override
            public void ringing(OutgoingCall placed) {
                recorder.record(session, LegStatus.RINGING);
                recorder.voice().sipEvent(session.leg, "sip:ringing", Json.object());
            }

            @Override
            public void answered(OutgoingCall placed, Sdp answer) {
                ringing.cancel(false);
                media.answered(session, answer);
                recorder.record(session, LegStatus.ANSWERED);
                recorder.voice().sipEvent(session.leg, "sip:answered", Json.object());
                session.established.countDown();
                ScheduledFuture<?> length =
                        timers.schedule((Runnable) session::signalHangup, lengthSeconds, TimeUnit.SECONDS);
                Thread.ofVirtual().name("parley-call-" + leg.id()).start(() -> {
                    try {
                        onAnswer.accept(session);
                    } finally {
                        length.cancel(false);
                        placed.hangup();
                    }
                });
            }

            @Override
            public void failed(OutgoingCall placed, int status) {
                recorder.finish(session, "SIP " + status, statusOf(status, rangTooLong.get()));
                cleanUp.run();
            }

            @Override
            public void ended(OutgoingCall placed, String reason) {
                recorder.finish(session, reason, LegStatus.FAILED);
                cleanUp.run();
            }

            @Override
            public byte[] reoffered(OutgoingCall placed, Sdp offer) {
                return media.reoffered(session, offer);
            }
        }));
        return over;
    }

    /**
     * An NCCO {@code connect} to a SIP endpoint: a new leg in the caller's conversation, ringing at
     * most {@code timeout} seconds, then in the caller's mix until either side hangs up. The caller's
     * NCCO goes on after it; with {@code eventType: synchronous}, a connect that fails asks its event
     * URL, whose NCCO answer replaces the rest.
     */
    Optional<JsonNode> connect(CallSession caller, NccoAction.Connect connect) {
        if (!(connect.endpoint() instanceof NccoAction.Endpoint.Sip)
                && !(connect.endpoint() instanceof NccoAction.Endpoint.Websocket)) {
            recorder.voice()
                    .error(
                            caller.leg,
                            "connect to a "
                                    + connect.endpoint()
                                            .getClass()
                                            .getSimpleName()
                                            .toLowerCase(java.util.Locale.ROOT)
                                    + " endpoint is not supported by this server yet");
            return Optional.empty();
        }
        String eventUrl = connect.eventUrl() != null ? connect.eventUrl().url() : caller.leg.eventUrl();
        String eventMethod = connect.eventUrl() != null ? connect.eventUrl().method() : caller.leg.eventMethod();
        JsonNode callerFrom = Json.parse(caller.leg.fromJson());
        String fromUser = connect.from() != null
                ? connect.from()
                : Optional.ofNullable(SipUri.user(callerFrom.path("uri").asText("")))
                        .orElse(callerFrom.path("number").asText("parley"));
        String fromJson = connect.from() != null
                ? Json.object()
                        .put("type", "phone")
                        .put("number", connect.from())
                        .toString()
                : caller.leg.toJson();
        boolean synchronous = connect.synchronous() && eventUrl != null;
        Consumer<CallSession> inTheCallersConversation = callee -> {
            rooms.join(callee);
            callee.awaitUntil(() -> false, CallSession.FOREVER); // until either side hangs up
        };
        VoiceWebhooks webhooks = new VoiceWebhooks(null, null, eventUrl, eventMethod, null);
        Leg leg;
        CompletableFuture<CallSession> over;
        leg = recorder.voice()
                .startIn(
                        caller.leg.applicationId(),
                        caller.leg.conversationId(),
                        channel(connect.endpoint()),
                        Leg.Direction.OUTBOUND,
                        fromJson,
                        endpointJson(connect.endpoint()),
                        webhooks);
        over = connect.endpoint() instanceof NccoAction.Endpoint.Websocket ws
                ? webSockets.dial(leg, ws, connect.timeout(), connect.limit(), synchronous, inTheCallersConversation)
                : dial(
                        leg,
                        (NccoAction.Endpoint.Sip) connect.endpoint(),
                        fromUser,
                        connect.timeout(),
                        connect.limit(),
                        synchronous,
                        inTheCallersConversation);
        over.whenComplete((callee, error) -> caller.wake());
        caller.awaitUntil(over::isDone, CallSession.FOREVER);
        if (!over.isDone()) {
            // The caller hung up (or was transferred) first: the callee goes too.
            registry.find(leg.id()).ifPresent(CallSession::signalHangup);
            return Optional.empty();
        }
        CallSession callee = over.join();
        Leg ended = callee.leg;
        if (synchronous && (ended.status() != LegStatus.COMPLETED || callee.disconnected)) {
            var body = Json.object();
            body.put("uuid", ended.id().value());
            body.put("conversation_uuid", ended.conversationId().value());
            body.put(
                    "status",
                    callee.disconnected ? "disconnected" : ended.status().wire());
            body.put("direction", "outbound");
            body.put("timestamp", dev.parley.wire.Timestamps.format(System.currentTimeMillis()));
            return answers.callback(eventUrl, eventMethod, body);
        }
        return Optional.empty();
    }

    /** The channel type of a leg to a sip or websocket endpoint. */
    static String channel(NccoAction.Endpoint to) {
        return to instanceof NccoAction.Endpoint.Websocket ? "websocket" : "sip";
    }

    /** A sip or websocket endpoint as the leg's {@code to} document. */
    static String endpointJson(NccoAction.Endpoint to) {
        return to instanceof NccoAction.Endpoint.Websocket ws
                ? WebSocketCalls.endpointJson(ws)
                : Json.object()
                        .put("type", "sip")
                        .put("uri", ((NccoAction.Endpoint.Sip) to).uri())
                        .toString();
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
