package dev.parley.voice.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.ConversationId;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.Leg;
import dev.parley.domain.LegId;
import dev.parley.domain.VoiceWebhooks;
import dev.parley.outbound.OutboundGate;
import dev.parley.service.CallControl;
import dev.parley.service.SipDomainService;
import dev.parley.service.VoiceService;
import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.DtmfSender;
import dev.parley.voice.media.Playback;
import dev.parley.voice.media.RtpPorts;
import dev.parley.voice.media.TextToSpeech;
import dev.parley.voice.media.WavFetcher;
import dev.parley.voice.ncco.Endpoints;
import dev.parley.voice.ncco.NccoAction;
import dev.parley.voice.ncco.NccoException;
import dev.parley.voice.ncco.NccoParser;
import dev.parley.voice.sip.CallListener;
import dev.parley.voice.sip.DigestAuth;
import dev.parley.voice.sip.SipEndpoint;
import dev.parley.wire.Json;
import dev.parley.wire.VoiceWebhookJson;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The voice layer of a node, as REST sees it through {@link CallControl}: places calls, and acts on
 * the calls running here (hangup, mute, earmuff, transfer, talk, stream, DTMF). It also builds the
 * parts every call shares. Thread-safe.
 */
public final class VoiceCalls implements CallControl, AutoCloseable {
    private final CallRegistry registry = new CallRegistry();
    private final LegRecorder recorder;
    private final AnswerClient answers;
    private final TextToSpeech speech;
    private final WavFetcher audio;
    private final PhoneRoutes phoneRoutes;
    private final Bridge bridge;
    private final Recordings recordings;
    private final Rooms rooms;
    private final MediaSetup media;
    private final WebSocketCalls webSockets;
    private final OutboundCalls outbound;
    private final NccoRunner runner;
    private final InboundCalls inbound;
    private final MediaTimeouts timeouts;
    private final TrunkRegistrations registrations;
    private final AppCalls apps;
    private final AppRinging ringing;
    /** The id of what plays to each conversation here, by room and kind ({@code room#talk}). */
    private final Map<String, String> playing = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The whole call layer of a node, built once, each part from the ones below it: calls placed through
     * {@code endpoint} (digest credentials for a SIP host from {@code credentials}), RTP on ports of
     * {@code ports} with SDP naming {@code advertisedHost}, hung up after {@code rtpTimeout} without RTP,
     * mixed in a mixer of its own. Incoming calls reach it once the endpoint {@link SipEndpoint#accept
     * accepts} to its {@link #listener()}.
     */
    public VoiceCalls(
            SipDomainService domains,
            PhoneRoutes phoneRoutes,
            VoiceService voice,
            OutboundGate gate,
            RtpPorts ports,
            String advertisedHost,
            TextToSpeech speech,
            java.time.Duration rtpTimeout,
            dev.parley.service.RecordingService recordingService,
            java.nio.file.Path recordingSpool,
            SipEndpoint endpoint,
            java.util.function.BiFunction<String, String, Optional<DigestAuth.Credentials>> credentials) {
        this.recorder = new LegRecorder(voice);
        // Everything a call asks of the application's URLs goes through the outbound gate.
        this.answers = new AnswerClient(java.time.Duration.ofSeconds(5), gate);
        this.audio = new WavFetcher(gate);
        this.speech = speech;
        this.phoneRoutes = phoneRoutes;
        this.bridge = new Bridge(speakingIn(registry, recorder));
        this.recordings = new Recordings(recorder, recordingService, bridge, recordingSpool);
        this.rooms = new Rooms(bridge, recorder, recordings, audio);
        this.media = new MediaSetup(ports, advertisedHost, recorder, bridge.stats(), rooms::keyPressed);
        this.webSockets = new WebSocketCalls(recorder, registry, rooms, gate);
        dev.parley.voice.webrtc.dtls.DtlsCertificate certificate =
                dev.parley.voice.webrtc.dtls.DtlsCertificate.generate();
        java.net.InetAddress advertised = address(advertisedHost);
        Map<LegId, AppLegMedia> appLegs = new java.util.concurrent.ConcurrentHashMap<>();
        this.ringing =
                new AppRinging(recorder, registry, rooms, ports, advertised, certificate, bridge.stats(), appLegs);
        this.outbound = new OutboundCalls(
                endpoint,
                recorder,
                registry,
                media,
                answers,
                credentials,
                phoneRoutes,
                rooms,
                webSockets,
                ringing,
                audio);
        this.runner = new NccoRunner(recorder, answers, speech, rooms, outbound, recordings, audio, gate);
        this.inbound = new InboundCalls(domains, phoneRoutes, recorder, answers, media, registry, rooms, runner);
        this.timeouts = new MediaTimeouts(registry, recorder, rtpTimeout);
        this.registrations = new TrunkRegistrations(phoneRoutes, endpoint);
        this.apps = new AppCalls(
                recorder, registry, rooms, runner, answers, ports, advertised, certificate, bridge.stats(), appLegs);
    }

    private static java.net.InetAddress address(String host) {
        try {
            return java.net.InetAddress.getByName(host);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the advertised address " + host, e);
        }
    }

    @Override
    public AppLeg offerAppLeg(String applicationId, String userName, String sdpOffer) {
        return apps.offer(applicationId, userName, sdpOffer);
    }

    @Override
    public boolean knock(String applicationId, Knock knock) {
        return apps.knock(applicationId, knock);
    }

    @Override
    public AppLeg joinConversation(
            String applicationId, String userName, ConversationId conversation, String sdpOffer) {
        return apps.joinConversation(applicationId, userName, conversation, sdpOffer);
    }

    @Override
    public boolean answerAppLeg(String applicationId, String userName, LegId leg, String sdpAnswer) {
        return ringing.answer(applicationId, userName, leg, sdpAnswer);
    }

    @Override
    public Optional<String> answerAppLegWithOffer(String applicationId, String userName, LegId leg, String sdpOffer) {
        return ringing.answerOffer(applicationId, userName, leg, sdpOffer);
    }

    @Override
    public Optional<String> reconnectAppLeg(String applicationId, String userName, LegId leg, String sdpOffer) {
        return apps.reconnect(applicationId, userName, leg, sdpOffer);
    }

    @Override
    public boolean hangupAppLeg(String applicationId, String userName, LegId leg) {
        return apps.cancel(applicationId, userName, leg);
    }

    /** The Phone channel's routing over the operator's trunks and numbers. */
    public static PhoneRoutes phoneRoutes(
            dev.parley.service.TrunkService trunks, dev.parley.service.NumberService numbers) {
        return new PhoneRoutes(trunks, numbers);
    }

    /** What the SIP endpoint tells about calls that come in. */
    public CallListener listener() {
        return inbound;
    }

    /** The mixer the calls are heard in (for its metrics). */
    public Bridge bridge() {
        return bridge;
    }

    /**
     * A leg started or stopped speaking: told on the mixer's tick, which must never wait, so the write
     * is queued on the leg's lane.
     */
    private static Bridge.Listener speakingIn(CallRegistry registry, LegRecorder recorder) {
        return (participant, on) -> LegId.parse(participant.id())
                .flatMap(registry::find)
                .ifPresent(session -> recorder.speaking(session, on));
    }

    /** Calls in progress on this node (for metrics). */
    public int activeCalls() {
        return registry.size();
    }

    @Override
    public Leg place(String applicationId, PlaceCall request) {
        NccoAction.Endpoint to;
        try {
            to = Endpoints.single(request.to(), "to");
        } catch (NccoException e) {
            throw DomainException.Invalid.of("to", e.getMessage());
        }
        if (to instanceof NccoAction.Endpoint.Vbc) {
            throw new DomainException.Rejected(
                    ErrorCode.CALL_ACTION_NOT_SUPPORTED, "This server calls sip, phone, websocket and app endpoints.");
        }
        List<NccoAction> ncco = null;
        if (request.ncco() != null) {
            try {
                ncco = NccoParser.parse(request.ncco());
            } catch (NccoException e) {
                throw DomainException.Invalid.of("ncco", e.getMessage());
            }
        }
        VoiceWebhooks defaults = recorder.voice().webhooks(applicationId);
        VoiceWebhooks webhooks = new VoiceWebhooks(
                request.answerUrl(),
                request.answerMethod(),
                request.eventUrl() != null ? request.eventUrl() : defaults.eventUrl(),
                request.eventUrl() != null ? request.eventMethod() : defaults.eventMethod(),
                null);
        String fromNumber =
                request.from() == null ? null : request.from().path("number").asText(null);
        if (request.randomFromNumber()) {
            fromNumber = phoneRoutes
                    .randomNumberOf(applicationId)
                    .orElseThrow(() -> DomainException.Invalid.of(
                            "random_from_number", "the application has no linked numbers (bin/parley number link)"));
        }
        OutboundCalls.SipTarget sipTarget = null;
        try {
            if (to instanceof NccoAction.Endpoint.Phone phone) {
                sipTarget = phoneRoutes
                        .outbound(applicationId, OutboundCalls.phoneNumber(phone), fromNumber)
                        .orElseThrow(() -> new DomainException.Rejected(
                                ErrorCode.CALL_ACTION_NOT_SUPPORTED,
                                "No SIP trunk is configured for phone calls (bin/parley trunk create; docs/VOICE.md)."))
                        .withDtmfAnswer(phone.dtmfAnswer());
            } else if (to instanceof NccoAction.Endpoint.Sip sip) {
                phoneRoutes.checkSipEndpoint(applicationId, sip.uri(), fromNumber);
                sipTarget = outbound.sipTarget(applicationId, sip, fromNumber);
            }
        } catch (CallerIdRefused e) {
            throw DomainException.Invalid.of(e.field(), e.getMessage());
        }
        String fromJson = Json.object()
                .put("type", "phone")
                .put("number", fromNumber == null ? "" : fromNumber)
                .toString();
        List<NccoAction> given = ncco;
        java.util.function.Consumer<CallSession> runsItsNcco = session -> {
            List<NccoAction> actions = given != null ? given : fetchNcco(session, webhooks);
            if (actions != null) {
                rooms.join(session);
                runner.run(session, actions);
            }
        };
        Leg leg = recorder.voice()
                .start(
                        applicationId,
                        OutboundCalls.channel(to),
                        Leg.Direction.OUTBOUND,
                        fromJson,
                        OutboundCalls.endpointJson(to),
                        webhooks);
        if (to instanceof NccoAction.Endpoint.Websocket ws) {
            webSockets.dial(leg, ws, request.ringingTimer(), request.lengthTimer(), false, runsItsNcco);
        } else if (to instanceof NccoAction.Endpoint.App user) {
            ringing.ring(leg, user.user(), request.ringingTimer(), request.lengthTimer(), runsItsNcco);
        } else {
            outbound.dial(leg, sipTarget, request.ringingTimer(), request.lengthTimer(), false, runsItsNcco);
        }
        return leg;
    }

    /** The NCCO from the call's answer URL; null (and an error event) when none usable comes. */
    private List<NccoAction> fetchNcco(CallSession session, VoiceWebhooks webhooks) {
        Leg leg = session.leg;
        JsonNode toEndpoint = Json.parse(leg.toJson());
        Map<String, String> params = VoiceWebhookJson.answer(
                toEndpoint
                        .path("uri")
                        .asText(toEndpoint
                                .path("number")
                                .asText(toEndpoint.path("user").asText(""))),
                Json.parse(leg.fromJson()).path("number").asText(""),
                leg);
        AnswerClient.Reply reply = answers.ncco(webhooks.answerUrl(), webhooks.answerMethod(), null, params);
        Optional<JsonNode> answer = reply.ncco();
        try {
            return NccoParser.parse(answer.orElse(null));
        } catch (NccoException e) {
            recorder.error(session, answer.isEmpty() ? reply.whyNone("the answer URL") : e.getMessage());
            return null;
        }
    }

    @Override
    public boolean hangup(LegId leg) {
        Optional<CallSession> session = registry.find(leg);
        session.ifPresent(CallSession::signalHangup);
        return session.isPresent();
    }

    @Override
    public boolean mute(LegId leg, boolean muted) {
        return audioSetting(leg, "mute", p -> p.mute(muted));
    }

    @Override
    public boolean earmuff(LegId leg, boolean earmuffed) {
        return audioSetting(leg, "earmuff", p -> p.earmuff(earmuffed));
    }

    /** Changes what the leg hears or says, and records it (the audio event and the member's media). */
    private boolean audioSetting(LegId leg, String changed, java.util.function.Consumer<Bridge.Participant> change) {
        Optional<CallSession> session = answered(leg);
        if (session.isEmpty()) {
            return false;
        }
        Bridge.Participant p = session.get().media.participant;
        change.accept(p);
        recorder.audioSettings(session.get(), p.muted(), p.earmuffed(), changed);
        return true;
    }

    @Override
    public boolean transfer(LegId leg, JsonNode ncco, String url) {
        Optional<CallSession> session = registry.find(leg);
        if (session.isEmpty()) {
            return false;
        }
        JsonNode document = ncco;
        if (document == null) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("uuid", leg.value());
            params.put("conversation_uuid", session.get().leg.conversationId().value());
            AnswerClient.Reply reply = answers.ncco(url, "GET", null, params);
            document = reply.ncco().orElse(null);
            if (document == null) {
                throw DomainException.Invalid.of("destination.url", reply.whyNone(url));
            }
        }
        try {
            session.get().ncco.transfer(NccoParser.parse(document));
        } catch (NccoException e) {
            throw DomainException.Invalid.of(ncco != null ? "destination.ncco" : "destination.url", e.getMessage());
        }
        return true;
    }

    @Override
    public boolean talk(LegId leg, String text, String language, int loop, double level) {
        Optional<CallSession> session = answered(leg);
        if (session.isEmpty()) {
            return false;
        }
        short[] samples = speech.speak(text, language);
        CallSession call = session.get();
        announce(
                (type, body) -> recorder.legEvent(call, type, body),
                (type, body) -> recorder.legEventLater(call, type, body),
                VoiceWebhookJson.say(text, language, loop, level),
                session.get().media.participant.overlay.start(samples, Math.pow(10, level / 2), loop),
                true);
        return true;
    }

    @Override
    public boolean stream(LegId leg, String url, int loop, double level) {
        Optional<CallSession> session = answered(leg);
        if (session.isEmpty()) {
            return false;
        }
        short[] samples = fetch(url);
        CallSession call = session.get();
        announce(
                (type, body) -> recorder.legEvent(call, type, body),
                (type, body) -> recorder.legEventLater(call, type, body),
                VoiceWebhookJson.play(url, loop, level),
                session.get().media.participant.overlay.start(samples, Math.pow(10, level / 2), loop),
                false);
        return true;
    }

    @Override
    public String playInConversation(
            String applicationId,
            ConversationId conversation,
            String text,
            String language,
            String url,
            int loop,
            double level) {
        Bridge mixer = bridge;
        String room = conversation.value();
        if (!mixer.hasRoom(room)) {
            return null;
        }
        boolean talk = url == null;
        short[] samples = talk ? speech.speak(text, language) : fetch(url);
        Bridge.RoomAudio audio = mixer.roomAudio(room);
        Playback playback = talk ? audio.talk() : audio.stream();
        java.util.function.BiConsumer<String, ObjectNode> record =
                (type, body) -> recorder.voice().conversationEvent(conversation, type, body);
        String id = announce(
                record,
                (type, body) -> Thread.ofVirtual().name("parley-play-done").start(() -> {
                    try {
                        record.accept(type, body);
                    } catch (RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger(VoiceCalls.class).warn("recording {} failed", type, e);
                    }
                }),
                talk ? VoiceWebhookJson.say(text, language, loop, level) : VoiceWebhookJson.play(url, loop, level),
                playback.start(samples, Math.pow(10, level / 2), loop),
                talk);
        playing.put(room + (talk ? "#talk" : "#stream"), id);
        return id;
    }

    @Override
    public String stopInConversation(String applicationId, ConversationId conversation, boolean talk) {
        Bridge mixer = bridge;
        String room = conversation.value();
        if (!mixer.hasRoom(room)) {
            return null;
        }
        Bridge.RoomAudio audio = mixer.roomAudio(room);
        boolean stopped = talk ? audio.talk().stop() : audio.stream().stop();
        return stopped ? playing.get(room + (talk ? "#talk" : "#stream")) : null;
    }

    @Override
    public boolean startRecording(
            String applicationId, ConversationId conversation, String eventUrl, String eventMethod, boolean split) {
        Bridge mixer = bridge;
        String room = conversation.value();
        if (!mixer.hasRoom(room)) {
            return false;
        }
        if (eventUrl == null) { // the application's voice event URL, as for its calls
            VoiceWebhooks defaults = recorder.voice().webhooks(applicationId);
            eventUrl = defaults.eventUrl();
            eventMethod = defaults.eventMethod();
        }
        // started now or already running: either way the conversation is being recorded
        recordings.recordRoom(
                applicationId, conversation, room, eventUrl, eventMethod, split ? Math.max(2, rooms.size(room)) : 1);
        return true;
    }

    @Override
    public boolean stopRecording(String applicationId, ConversationId conversation) {
        return recordings.stopRoom(conversation.value());
    }

    private short[] fetch(String url) {
        try {
            return audio.fetch(url);
        } catch (IOException e) {
            throw DomainException.Invalid.of("stream_url", "cannot be played: " + e.getMessage());
        }
    }

    /**
     * Records {@code audio:say} (talk) or {@code audio:play} with its id now, and {@code
     * audio:say:done} or {@code audio:play:done} through {@code later} when it stops, played out or
     * stopped (on the mixer's thread, which must not wait for the store); the id.
     */
    private static String announce(
            java.util.function.BiConsumer<String, ObjectNode> now,
            java.util.function.BiConsumer<String, ObjectNode> later,
            ObjectNode body,
            java.util.concurrent.CompletableFuture<Boolean> done,
            boolean talk) {
        String id = java.util.UUID.randomUUID().toString();
        String idField = talk ? "say_id" : "play_id";
        String type = talk ? "audio:say" : "audio:play";
        body.put(idField, id);
        now.accept(type, body);
        done.whenComplete(
                (end, error) -> later.accept(type + ":done", Json.object().put(idField, id)));
        return id;
    }

    @Override
    public boolean stopPlaying(LegId leg) {
        Optional<CallSession> session = answered(leg);
        session.ifPresent(s -> s.media.participant.overlay.stop());
        return session.isPresent();
    }

    @Override
    public boolean dtmf(LegId leg, String digits) {
        Optional<CallSession> session = answered(leg);
        if (session.isEmpty()) {
            return false;
        }
        if (session.get().media.participant.port() instanceof dev.parley.voice.websocket.WebSocketPort ws) {
            // a WebSocket leg hears keys as its text events, as it hears the other legs' keys
            digits.chars().filter(c -> c != 'p').forEach(c -> ws.dtmf((char) c));
            return true;
        }
        Integer eventType = session.get().media.telephoneEvent;
        if (eventType == null) {
            throw new DomainException.Rejected(
                    ErrorCode.CALL_ACTION_NOT_SUPPORTED,
                    "The far end of this call did not agree to RFC 4733 events, so no DTMF can be sent.");
        }
        var sender = session.get().media.rtpPort.sender();
        Thread.ofVirtual().name("parley-dtmf-" + leg).start(() -> DtmfSender.send(sender, eventType, digits));
        return true;
    }

    @Override
    public boolean audioRequested(ConversationId conversation, LegId leg, long eventId, String type, JsonNode body) {
        Optional<CallSession> session = answered(leg);
        if (session.isEmpty()) {
            return false;
        }
        CallSession call = session.get();
        Bridge.Participant p = call.media.participant;
        switch (type) {
            case "audio:mute:on", "audio:mute:off" -> {
                p.mute(type.endsWith(":on"));
                recorder.memberMedia(call, p.muted(), p.earmuffed());
            }
            case "audio:earmuff:on", "audio:earmuff:off" -> {
                p.earmuff(type.endsWith(":on"));
                recorder.memberMedia(call, p.muted(), p.earmuffed());
            }
            case "audio:dtmf" -> {
                // Heard in the mix as the leg's own tones, and taken as key presses by its NCCO's input
                // and the WebSocket legs beside it, as RFC 4733 keys from a phone are.
                String digits = body.path("digit").asText("");
                p.spoken.start(dev.parley.voice.media.DtmfTones.of(digits), 1.0, 1);
                for (char key : digits.toCharArray()) {
                    if (dev.parley.voice.media.DtmfTones.isKey(key)) {
                        call.ncco.digits.add(key);
                        rooms.keyPressed(call, key);
                    }
                }
                call.ncco.wake();
            }
            case "audio:say" -> {
                String text = body.path("text").asText("");
                String room = call.leg.conversationId().value();
                bridge.roomAudio(room)
                        .talk()
                        .start(
                                speech.speak(text, "en-US"),
                                Math.pow(10, body.path("level").asDouble(0) / 2),
                                Math.max(1, body.path("loop").asInt(1)))
                        .whenComplete((end, error) -> recorder.legEventLater(
                                call, "audio:say:done", Json.object().put("say_id", eventId)));
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The leg's call if it runs here and has been answered (it is in the mixer). */
    private Optional<CallSession> answered(LegId leg) {
        return registry.find(leg).filter(s -> s.media.participant != null);
    }

    /** Trunks registered with their carrier now (for metrics). */
    public int registeredTrunks() {
        return registrations.registered();
    }

    /** Hangs up every call this node runs; how many. */
    public int hangUpAll() {
        int count = 0;
        for (CallSession session : registry.all()) {
            session.signalHangup();
            count++;
        }
        return count;
    }

    @Override
    public void close() {
        apps.close();
        ringing.close();
        registrations.close();
        recordings.closeAll();
        timeouts.close();
        outbound.close();
        webSockets.close();
        bridge.close();
        answers.close();
        audio.close();
    }
}
