package dev.parley.voice.calls;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.Leg;
import dev.parley.domain.LegStatus;
import dev.parley.domain.VoiceWebhooks;
import dev.parley.voice.media.DtmfSender;
import dev.parley.voice.media.RtpSocket;
import dev.parley.voice.ncco.NccoAction;
import dev.parley.voice.sip.DigestAuth;
import dev.parley.voice.sip.OutgoingCall;
import dev.parley.voice.sip.Sdp;
import dev.parley.voice.sip.SipEndpoint;
import dev.parley.voice.sip.message.SipHeaders;
import dev.parley.voice.sip.message.SipUri;
import dev.parley.wire.Json;
import dev.parley.wire.VoiceWebhookJson;
import java.util.ArrayList;
import java.util.Arrays;
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
    private final PhoneRoutes phoneRoutes;
    private final dev.parley.voice.media.WavFetcher audio;
    private final Rooms rooms;
    private final WebSocketCalls webSockets;
    private final AppRinging apps;

    OutboundCalls(
            SipEndpoint endpoint,
            LegRecorder recorder,
            CallRegistry registry,
            MediaSetup media,
            AnswerClient answers,
            java.util.function.BiFunction<String, String, Optional<DigestAuth.Credentials>> credentials,
            PhoneRoutes phoneRoutes,
            Rooms rooms,
            WebSocketCalls webSockets,
            AppRinging apps,
            dev.parley.voice.media.WavFetcher audio) {
        this.audio = audio;
        this.apps = apps;
        this.rooms = rooms;
        this.webSockets = webSockets;
        this.endpoint = endpoint;
        this.phoneRoutes = phoneRoutes;
        this.answers = answers;
        this.recorder = recorder;
        this.registry = registry;
        this.media = media;
        this.credentials = credentials;
    }

    /**
     * Where a SIP leg is dialled: its request URI, who it is from ({@code fromHost} null: Parley's own
     * address), extra headers, the credentials a challenge is answered with (or none), and the keys
     * sent once it answers ({@code dtmfAnswer}, {@code p} a 500 ms pause; or none).
     */
    record SipTarget(
            String uri,
            String fromUser,
            String fromHost,
            List<SipHeaders.Field> headers,
            DigestAuth.Credentials credentials,
            String dtmfAnswer) {
        SipTarget {
            headers = List.copyOf(headers);
        }

        SipTarget withDtmfAnswer(String keys) {
            return new SipTarget(uri, fromUser, fromHost, headers, credentials, keys);
        }
    }

    /** A sip endpoint: its {@code headers} as X- headers, the application's credentials for its host. */
    SipTarget sipTarget(String applicationId, NccoAction.Endpoint.Sip to, String fromUser) {
        List<SipHeaders.Field> headers = new ArrayList<>();
        for (Map.Entry<String, String> header : to.headers().entrySet()) {
            headers.add(new SipHeaders.Field("X-" + header.getKey(), header.getValue()));
        }
        return new SipTarget(
                to.uri(),
                fromUser == null || fromUser.isBlank() ? "parley" : fromUser,
                null,
                headers,
                credentials.apply(applicationId, SipUri.host(to.uri())).orElse(null),
                null);
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
            SipTarget to,
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
            recorder.error(session, "No RTP port was free on this node.");
            recorder.finish(session, "no RTP port", LegStatus.FAILED);
            over.complete(session);
            return over;
        }
        registry.add(session);
        OutgoingCall.Dial dial = new OutgoingCall.Dial(
                to.uri(),
                to.fromUser(),
                to.fromHost(),
                to.headers(),
                Sdp.offer(media.host(), rtp.local().getPort(), System.currentTimeMillis()),
                to.credentials());
        ScheduledFuture<?> ringing = timers.schedule(
                () -> {
                    rangTooLong.set(true);
                    session.signalHangup();
                },
                ringingSeconds,
                TimeUnit.SECONDS);
        Runnable cleanUp = () -> {
            ringing.cancel(false);
            rooms.leave(session);
            rtp.close();
            registry.remove(session);
            over.complete(session);
        };
        call.set(endpoint.dial(dial, new OutgoingCall.Listener() {
            @Override
            public void ringing(OutgoingCall placed) {
                recorder.record(session, LegStatus.RINGING);
                recorder.sipEvent(session, "sip:ringing", Json.object());
            }

            @Override
            public void answered(OutgoingCall placed, Sdp answer) {
                ringing.cancel(false);
                media.answered(session, answer);
                recorder.record(session, LegStatus.ANSWERED);
                recorder.sipEvent(session, "sip:answered", Json.object());
                session.established.countDown();
                ScheduledFuture<?> length =
                        timers.schedule((Runnable) session::signalHangup, lengthSeconds, TimeUnit.SECONDS);
                Thread.ofVirtual().name("parley-call-" + leg.id()).start(() -> {
                    try {
                        sendDtmfAnswer(session, to.dtmfAnswer());
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
     * The keys a phone endpoint's {@code dtmfAnswer} sends once the callee answers (an extension, a
     * conference PIN), before anything else happens in the call; nothing when the callee's SDP agreed
     * to no RFC 4733 events (an {@code error} event says so).
     */
    private void sendDtmfAnswer(CallSession session, String keys) {
        if (keys == null || keys.isEmpty()) {
            return;
        }
        Integer eventType = session.media.telephoneEvent;
        if (eventType == null || session.media.rtpPort == null) {
            recorder.error(session, "dtmfAnswer not sent: the callee agreed to no RFC 4733 events.");
            return;
        }
        DtmfSender.send(session.media.rtpPort.sender(), eventType, keys);
    }

    /**
     * An NCCO {@code connect} to a SIP, phone or WebSocket endpoint: a new leg in the caller's
     * conversation, ringing at most {@code timeout} seconds (the caller hears the ringback tone, if
     * any, meanwhile), then in the caller's mix until either side hangs up; a phone endpoint's {@code
     * onAnswer} NCCO runs on the callee first. The caller's NCCO goes on after it; with {@code
     * eventType: synchronous}, a connect that fails asks its event URL, whose NCCO answer replaces the
     * rest.
     */
    Optional<JsonNode> connect(CallSession caller, NccoAction.Connect connect, NccoRunner runner) {
        NccoAction.Endpoint endpoint = connect.endpoint();
        if (endpoint instanceof NccoAction.Endpoint.Vbc) {
            recorder.error(
                    caller,
                    "connect to a "
                            + endpoint.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)
                            + " endpoint is not supported by this server yet");
            return Optional.empty();
        }
        String eventUrl = connect.eventUrl() != null ? connect.eventUrl().url() : caller.leg.eventUrl();
        String eventMethod = connect.eventUrl() != null ? connect.eventUrl().method() : caller.leg.eventMethod();
        JsonNode callerFrom = Json.parse(caller.leg.fromJson());
        String from = connect.from();
        if (connect.randomFromNumber()) {
            from = phoneRoutes.randomNumberOf(caller.leg.applicationId()).orElse(null);
            if (from == null) {
                recorder.error(caller, "connect: randomFromNumber, but the application has no linked numbers.");
                return Optional.empty();
            }
        }
        if (from == null && endpoint instanceof NccoAction.Endpoint.Phone) {
            // the caller's own number when it is the application's, else the number it dialled
            from = phoneRoutes
                    .firstOwnNumber(
                            caller.leg.applicationId(),
                            Arrays.asList(numberIn(callerFrom), numberIn(Json.parse(caller.leg.toJson()))))
                    .orElse(null);
        }
        String fromUser = from != null
                ? from
                : Optional.ofNullable(SipUri.user(callerFrom.path("uri").asText("")))
                        .orElse(callerFrom.path("number").asText("parley"));
        String fromJson = from != null
                ? Json.object().put("type", "phone").put("number", from).toString()
                : caller.leg.toJson();
        SipTarget target = null;
        String ringback = connect.ringbackTone();
        String onAnswerUrl = null;
        try {
            if (endpoint instanceof NccoAction.Endpoint.Phone phone) {
                Optional<SipTarget> route = phoneRoutes.outbound(caller.leg.applicationId(), phoneNumber(phone), from);
                if (route.isEmpty()) {
                    recorder.error(caller, "connect: no SIP trunk is configured for phone calls.");
                    return Optional.empty();
                }
                target = route.get().withDtmfAnswer(phone.dtmfAnswer());
                onAnswerUrl = phone.onAnswerUrl();
                if (phone.onAnswerRingback() != null) {
                    ringback = phone.onAnswerRingback();
                }
            } else if (endpoint instanceof NccoAction.Endpoint.Sip sip) {
                phoneRoutes.checkSipEndpoint(caller.leg.applicationId(), sip.uri(), fromUser);
                target = sipTarget(caller.leg.applicationId(), sip, fromUser);
            }
        } catch (CallerIdRefused e) {
            recorder.error(caller, "connect not run: " + e.field() + ": " + e.getMessage());
            return Optional.empty();
        }
        boolean synchronous = connect.synchronous() && eventUrl != null;
        String calleeNcco = onAnswerUrl;
        Consumer<CallSession> inTheCallersConversation = callee -> {
            caller.media.participant.prompt.stop(); // the ringback tone
            if (calleeNcco != null) {
                // a room of its own meanwhile: the callee hears its NCCO, and the caller nothing of it
                rooms.move(callee, "on-answer:" + callee.leg.id().value());
                runOnAnswer(callee, calleeNcco, runner);
            }
            rooms.join(callee);
            callee.ncco.awaitUntil(() -> false, NccoControl.FOREVER); // until either side hangs up
        };
        VoiceWebhooks webhooks = new VoiceWebhooks(null, null, eventUrl, eventMethod, null);
        Leg leg = recorder.voice()
                .startIn(
                        caller.leg.applicationId(),
                        caller.leg.conversationId(),
                        channel(endpoint),
                        Leg.Direction.OUTBOUND,
                        fromJson,
                        endpointJson(endpoint),
                        webhooks);
        if (ringback != null) {
            playRingback(caller, ringback);
        }
        CompletableFuture<CallSession> over = switch (endpoint) {
            case NccoAction.Endpoint.Websocket ws ->
                webSockets.dial(leg, ws, connect.timeout(), connect.limit(), synchronous, inTheCallersConversation);
            case NccoAction.Endpoint.App user ->
                apps.ring(leg, user.user(), connect.timeout(), connect.limit(), inTheCallersConversation);
            default -> dial(leg, target, connect.timeout(), connect.limit(), synchronous, inTheCallersConversation);
        };
        over.whenComplete((callee, error) -> caller.ncco.wake());
        caller.ncco.awaitUntil(over::isDone, NccoControl.FOREVER);
        caller.media.participant.prompt.stop();
        if (!over.isDone()) {
            // The caller hung up (or was transferred) first: the callee goes too.
            registry.find(leg.id()).ifPresent(CallSession::signalHangup);
            return Optional.empty();
        }
        CallSession callee = over.join();
        Leg ended = callee.leg;
        if (synchronous && (ended.status() != LegStatus.COMPLETED || callee.disconnected)) {
            AnswerClient.Reply reply = answers.callback(
                    eventUrl,
                    eventMethod,
                    VoiceWebhookJson.connectEnded(
                            ended,
                            callee.disconnected
                                    ? "disconnected"
                                    : ended.status().wire(),
                            System.currentTimeMillis()));
            reply.refused().ifPresent(r -> recorder.error(caller, "connect: eventUrl not called: " + r.getMessage()));
            return reply.ncco();
        }
        return Optional.empty();
    }

    /** The caller hears {@code url} (a WAV), looped, while the callee rings. */
    private void playRingback(CallSession caller, String url) {
        try {
            caller.media.participant.prompt.start(audio.fetch(url), 1.0, 0);
        } catch (java.io.IOException e) {
            recorder.error(caller, "ringbackTone " + url + " not played: " + e.getMessage());
        }
    }

    /** A phone endpoint's {@code onAnswer}: the NCCO its URL gives runs on the callee before it is connected. */
    private void runOnAnswer(CallSession callee, String url, NccoRunner runner) {
        Map<String, String> params = VoiceWebhookJson.answer(
                Json.parse(callee.leg.toJson()).path("number").asText(""),
                Json.parse(callee.leg.fromJson()).path("number").asText(""),
                callee.leg);
        AnswerClient.Reply reply = answers.ncco(url, "GET", null, params);
        try {
            runner.run(
                    callee, dev.parley.voice.ncco.NccoParser.parse(reply.ncco().orElse(null)));
        } catch (dev.parley.voice.ncco.NccoException e) {
            recorder.error(callee, "onAnswer: " + (reply.ncco().isEmpty() ? reply.whyNone(url) : e.getMessage()));
        }
    }

    /** The number an endpoint's JSON names: its {@code number}, or its SIP URI's user; null if neither. */
    private static String numberIn(JsonNode endpoint) {
        String number = endpoint.path("number").asText("");
        return number.isEmpty() ? SipUri.user(endpoint.path("uri").asText("")) : number;
    }

    /** A phone endpoint's number as the carrier takes it: E.164 digits. */
    static String phoneNumber(NccoAction.Endpoint.Phone phone) {
        return phone.number().startsWith("+") ? phone.number().substring(1) : phone.number();
    }

    /** The channel type of a leg to a sip, phone, websocket or app endpoint. */
    static String channel(NccoAction.Endpoint to) {
        return switch (to) {
            case NccoAction.Endpoint.Websocket ws -> "websocket";
            case NccoAction.Endpoint.Phone phone -> "phone";
            case NccoAction.Endpoint.App app -> "app";
            default -> "sip";
        };
    }

    /** A sip, phone, websocket or app endpoint as the leg's {@code to} document. */
    static String endpointJson(NccoAction.Endpoint to) {
        return switch (to) {
            case NccoAction.Endpoint.App app ->
                Json.object().put("type", "app").put("user", app.user()).toString();
            case NccoAction.Endpoint.Websocket ws -> WebSocketCalls.endpointJson(ws);
            case NccoAction.Endpoint.Phone phone -> {
                var json = Json.object().put("type", "phone").put("number", phoneNumber(phone));
                if (phone.dtmfAnswer() != null) {
                    json.put("dtmfAnswer", phone.dtmfAnswer());
                }
                yield json.toString();
            }
            default ->
                Json.object()
                        .put("type", "sip")
                        .put("uri", ((NccoAction.Endpoint.Sip) to).uri())
                        .toString();
        };
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
