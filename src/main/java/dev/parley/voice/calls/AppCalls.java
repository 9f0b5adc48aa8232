package dev.parley.voice.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Channel;
import dev.parley.domain.ConversationId;
import dev.parley.domain.DomainException;
import dev.parley.domain.Leg;
import dev.parley.domain.LegId;
import dev.parley.domain.LegStatus;
import dev.parley.domain.VoiceWebhooks;
import dev.parley.service.CallControl;
import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.RtpPorts;
import dev.parley.voice.ncco.NccoAction;
import dev.parley.voice.ncco.NccoException;
import dev.parley.voice.ncco.NccoParser;
import dev.parley.voice.webrtc.BrowserOffer;
import dev.parley.voice.webrtc.WebRtcMedia;
import dev.parley.voice.webrtc.dtls.DtlsCertificate;
import dev.parley.wire.Json;
import dev.parley.wire.VoiceWebhookJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls from the Client SDKs (the App channel), media terminated here over WebRTC. A call comes in two
 * steps, as the SDKs make it: an offer ({@code POST /v0.3/legs}) opens the leg's media and answers at
 * once, with nothing recorded yet; once the browser has connected, its knock ({@code POST
 * /v0.3/knocking}) records the leg with the user as a joined member (the {@code member:joined} the SDK
 * waits for), asks the application's answer URL and runs its NCCO, the leg in the same mixer as every
 * other. A leg that is never knocked for is released after {@link #KNOCK_WITHIN}; one whose ICE or
 * DTLS never completes, after the transport's handshake limit. Thread-safe.
 */
final class AppCalls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppCalls.class);

    /**
     * Legs one user may have offered and not yet knocked for: a Client SDK has one call starting at a
     * time (two with a reconnect), and each offered leg holds a media port until its knock or {@link
     * #KNOCK_WITHIN}; a user's flood of offers must not take every port of the node.
     */
    static final int MAX_OFFERED_PER_USER = 4;

    /** How long an offered leg waits for its knock (the SDKs knock as soon as media connects). */
    static final Duration KNOCK_WITHIN = Duration.ofSeconds(30);

    private final LegRecorder recorder;
    private final CallRegistry registry;
    private final Rooms rooms;
    private final NccoRunner runner;
    private final AnswerClient answers;
    private final RtpPorts ports;
    private final InetAddress advertised;
    private final Bridge.Stats stats;
    private final DtlsCertificate certificate;
    private final Map<LegId, Offered> offered = new ConcurrentHashMap<>();
    /** The media of every App leg running here (calls to users too), for reconnects. */
    private final Map<LegId, AppLegMedia> connected;

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-app-timers").daemon().factory());

    /**
     * A leg whose media is open, waiting for its knock: its application, user, media and session, and
     * whether the browser's audio has begun to arrive.
     */
    private record Offered(
            LegId id,
            String applicationId,
            String userName,
            AppLegMedia media,
            CallSession session,
            AtomicBoolean audioFlowing) {}

    AppCalls(
            LegRecorder recorder,
            CallRegistry registry,
            Rooms rooms,
            NccoRunner runner,
            AnswerClient answers,
            RtpPorts ports,
            InetAddress advertised,
            DtlsCertificate certificate,
            Bridge.Stats stats,
            Map<LegId, AppLegMedia> connected) {
        this.connected = connected;
        this.certificate = certificate;
        this.recorder = recorder;
        this.registry = registry;
        this.rooms = rooms;
        this.runner = runner;
        this.answers = answers;
        this.ports = ports;
        this.advertised = advertised;
        this.stats = stats;
    }

    /** Opens the media of a new leg for {@code userName}'s offer; its id and Parley's answer. */
    CallControl.AppLeg offer(String applicationId, String userName, String sdp) {
        BrowserOffer offer = BrowserOffer.parse(sdp)
                .orElseThrow(() -> DomainException.Invalid.of(
                        "body.offer.sdp", "is not a WebRTC audio offer (ICE credentials and a fingerprint)"));
        long waiting = offered.values().stream()
                .filter(o ->
                        o.applicationId().equals(applicationId) && o.userName().equals(userName))
                .count();
        if (waiting >= MAX_OFFERED_PER_USER) {
            throw new DomainException.TooMany("You have " + waiting
                    + " calls starting already: knock for them, or wait until they are released.");
        }
        LegId id = LegId.next();
        AtomicReference<WebRtcMedia> opened = new AtomicReference<>();
        CallSession session = hungUpByClosing(opened);
        AtomicBoolean audioFlowing = new AtomicBoolean();
        WebRtcMedia.Events events = new WebRtcMedia.Events() {
            @Override
            public void connected() {
                LOG.debug("app leg {}: media connected", id);
            }

            @Override
            public void audioFlowing() {
                audioFlowing.set(true);
                session.ncco.wake();
            }

            @Override
            public void failed(String reason) {
                LOG.info("app leg {}: media failed: {}", id, reason);
                release(id, "media failed: " + reason);
                session.signalHangup("The browser's media failed: " + reason);
            }
        };
        Optional<WebRtcMedia> media;
        try {
            media = WebRtcMedia.answer(ports, advertised, certificate, offer, stats, events);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("app leg {}: no media port: {}", id, e.getMessage());
            throw new DomainException.Rejected(
                    dev.parley.domain.ErrorCode.CALL_ACTION_NOT_SUPPORTED,
                    "No media port is free on this node (see --rtp-ports).");
        }
        if (media.isEmpty()) {
            throw DomainException.Invalid.of("body.offer.sdp", "offers no codec Parley speaks (PCMU or PCMA)");
        }
        AppLegMedia legMedia = new AppLegMedia(opened, events);
        legMedia.use(media.get(), session);
        offered.put(id, new Offered(id, applicationId, userName, legMedia, session, audioFlowing));
        timers.schedule(() -> release(id, "no knock came"), KNOCK_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        return new CallControl.AppLeg(id, media.get().sdp());
    }

    /**
     * A new App leg's session, hung up by closing its media ({@code opened}, once there): whatever its
     * thread waits for stops waiting, and that thread records the end.
     */
    static CallSession hungUpByClosing(AtomicReference<WebRtcMedia> opened) {
        AtomicReference<CallSession> self = new AtomicReference<>();
        CallSession session = new CallSession(() -> {
            WebRtcMedia media = opened.get();
            if (media != null) {
                media.close();
            }
            self.get().ncco.end();
        });
        self.set(session);
        return session;
    }

    /** Drops an offered leg that was never knocked for, and frees its port. */
    private void release(LegId id, String why) {
        Offered gone = offered.remove(id);
        if (gone != null) {
            LOG.info("app leg {} released: {}", id, why);
            gone.media().current.get().close();
        }
    }

    /** The user's connected leg is put through: recorded, and run on a thread of its own. */
    boolean knock(String applicationId, CallControl.Knock knock) {
        Offered waiting = take(applicationId, knock.userName(), knock.leg());
        if (waiting == null) {
            return false;
        }
        VoiceWebhooks webhooks = recorder.voice().webhooks(applicationId);
        CallSession session = record(waiting, null, knock.to().toString(), webhooks);
        runOnItsThread(session, waiting, () -> runServerCall(session, knock, webhooks));
        return true;
    }

    /**
     * A user turns audio on in a conversation it is a joined member of (the legacy SDK's {@code
     * media.enable()}): a leg of its own, offered as any other, in that conversation's mix at once
     * with no NCCO, until the user turns it off or hangs up. Parley's answer goes out as the {@code
     * rtc:answer} event, which the legacy SDK waits for. The leg is answered ({@code member:media})
     * once the browser's audio flows, not before: the legacy SDK's call (an {@code inAppCall}, or
     * one it answered) takes {@code member:media} into account only once its own connection is up
     * (see {@link WebRtcMedia#FLOWING_AFTER}).
     */
    CallControl.AppLeg joinConversation(
            String applicationId, String userName, ConversationId conversation, String sdp) {
        CallControl.AppLeg leg = offer(applicationId, userName, sdp);
        Offered waiting = take(applicationId, userName, leg.id());
        VoiceWebhooks webhooks = recorder.voice().webhooks(applicationId);
        ObjectNode user = Json.object().put("type", Channel.APP).put("user", userName);
        CallSession session = record(waiting, conversation, user.toString(), webhooks);
        ObjectNode answer = Json.object().put("rtc_id", leg.id().value()).put("answer", leg.sdp());
        recorder.legEvent(session, "rtc:answer", answer);
        runOnItsThread(session, waiting, () -> {
            // until the browser's audio comes, or its media fails (which hangs the leg up)
            if (session.ncco.awaitUntil(waiting.audioFlowing()::get, NccoControl.FOREVER) && !session.ncco.isEnded()) {
                recorder.record(session, LegStatus.ANSWERED);
                rooms.join(session);
                session.ncco.awaitUntil(() -> false, NccoControl.FOREVER); // until it is hung up
            }
            endWithRtcHangup(recorder, session);
        });
        return leg;
    }

    /** The offered leg, taken off the waiting list if it is the user's; null when it is not there. */
    private Offered take(String applicationId, String userName, LegId leg) {
        Offered waiting = offered.get(leg);
        if (waiting == null
                || !waiting.applicationId().equals(applicationId)
                || !waiting.userName().equals(userName)
                || !offered.remove(leg, waiting)) {
            return null;
        }
        return waiting;
    }

    /**
     * Records the offered leg, from its user to {@code toJson}, in {@code conversation} (null: a new
     * one), with the user as a member carrying it; registers its call and gives it to the mixer.
     */
    private CallSession record(Offered waiting, ConversationId conversation, String toJson, VoiceWebhooks webhooks) {
        CallSession session = waiting.session();
        LegId id = waiting.id();
        ObjectNode from = Json.object().put("type", Channel.APP).put("user", waiting.userName());
        session.leg = recorder.voice()
                .startIn(
                        id,
                        waiting.applicationId(),
                        conversation,
                        Channel.APP,
                        Leg.Direction.INBOUND,
                        from.toString(),
                        toJson,
                        webhooks);
        session.media.participant = new Bridge.Participant(id.value(), waiting.media().port);
        registry.add(session);
        connected.put(id, waiting.media());
        return session;
    }

    /** Runs the call on a thread of its own; its media, room and registration go when it returns. */
    private void runOnItsThread(CallSession session, Offered waiting, Runnable call) {
        Thread.ofVirtual().name("parley-call-" + waiting.id()).start(() -> {
            try {
                call.run();
            } catch (RuntimeException e) {
                LOG.warn("app call {} failed", waiting.id(), e);
                recorder.finish(session, "failed", LegStatus.FAILED);
            } finally {
                connected.remove(waiting.id());
                waiting.media().current.get().close();
                rooms.leave(session);
                registry.remove(session);
            }
        });
    }

    /**
     * The user's SDK offers new media for its running App leg ({@code reconnectCall}: a reloaded page, a
     * new network): the leg moves to it, keeping its place in the mix, and Parley's answer goes out as
     * {@code rtc:answer}. The answer, or empty when no such leg of the user runs here or the offer has
     * nothing Parley speaks.
     */
    Optional<String> reconnect(String applicationId, String userName, LegId leg, String sdp) {
        AppLegMedia legMedia = connected.get(leg);
        Optional<CallSession> session = registry.find(leg)
                .filter(s -> s.leg.applicationId().equals(applicationId) && userName.equals(appUser(s.leg)));
        Optional<BrowserOffer> offer = BrowserOffer.parse(sdp);
        if (legMedia == null || session.isEmpty() || offer.isEmpty()) {
            return Optional.empty();
        }
        Optional<WebRtcMedia> media;
        try {
            media = WebRtcMedia.answer(ports, advertised, certificate, offer.get(), stats, legMedia.events);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("app leg {}: no media port to reconnect: {}", leg, e.getMessage());
            return Optional.empty();
        }
        if (media.isEmpty()) {
            return Optional.empty();
        }
        WebRtcMedia previous = legMedia.current.get();
        legMedia.use(media.get(), session.get());
        previous.close();
        if (session.get().ncco.isEnded()) {
            media.get().close(); // hung up meanwhile: the hangup closed the one it saw
            return Optional.empty();
        }
        recorder.legEvent(
                session.get(),
                "rtc:answer",
                Json.object()
                        .put("rtc_id", leg.value())
                        .put("answer", media.get().sdp()));
        return Optional.of(media.get().sdp());
    }

    /** Hangs up a leg of the user's that waits for its knock or runs here; false when there is none. */
    boolean cancel(String applicationId, String userName, LegId leg) {
        Offered waiting = offered.get(leg);
        if (waiting != null
                && waiting.applicationId().equals(applicationId)
                && waiting.userName().equals(userName)) {
            release(leg, "cancelled by the caller");
            return true;
        }
        Optional<CallSession> running = registry.find(leg)
                .filter(s -> s.leg.applicationId().equals(applicationId)
                        && Channel.APP.equals(s.leg.channelType())
                        && userName.equals(appUser(s.leg)));
        running.ifPresent(call -> {
            call.hungUpByCaller = true;
            call.signalHangup();
        });
        return running.isPresent();
    }

    /** The application's user an App leg belongs to: its caller, or the user it calls. */
    static String appUser(Leg leg) {
        String party = leg.direction() == Leg.Direction.INBOUND ? leg.fromJson() : leg.toJson();
        return Json.parse(party).path("user").asText(null);
    }

    private void runServerCall(CallSession session, CallControl.Knock knock, VoiceWebhooks webhooks) {
        recorder.record(session, LegStatus.RINGING);
        Optional<JsonNode> answer;
        AnswerClient.Reply reply = AnswerClient.Reply.NONE;
        if (webhooks.answerUrl() == null) {
            // No answer URL (a new application, the demo page): a call to a conversation the caller is
            // a joined member of joins that conversation's audio; anything else has nowhere to go.
            Optional<String> room = recorder.voice()
                    .joinedConversationName(session.leg.applicationId(), knock.answerTo(), knock.userName());
            if (room.isEmpty()) {
                recorder.error(session, "The application has no answer URL.");
                recorder.finish(session, "no answer URL", LegStatus.FAILED);
                return;
            }
            var conversation = Json.MAPPER.createArrayNode();
            conversation.addObject().put("action", "conversation").put("name", room.get());
            answer = Optional.of(conversation);
        } else {
            Map<String, String> params =
                    VoiceWebhookJson.appAnswer(knock.answerTo(), knock.userName(), session.leg, knock.customData());
            reply = answers.ncco(webhooks.answerUrl(), webhooks.answerMethod(), webhooks.fallbackAnswerUrl(), params);
            answer = reply.ncco();
        }
        if (session.ncco.isEnded()) { // the caller hung up while the answer URL was asked
            recorder.finish(session, "cancelled", LegStatus.CANCELLED);
            return;
        }
        List<NccoAction> ncco;
        try {
            ncco = NccoParser.parse(answer.orElse(null));
        } catch (NccoException e) {
            recorder.error(session, answer.isEmpty() ? reply.whyNone("the answer URL") : e.getMessage());
            recorder.finish(session, "no NCCO", LegStatus.FAILED);
            return;
        }
        recorder.record(session, LegStatus.ANSWERED);
        rooms.join(session);
        runner.run(session, ncco);
        endWithRtcHangup(recorder, session);
    }

    /** The call is over: {@code rtc:hangup} for its SDK, then its end as for any leg. */
    static void endWithRtcHangup(LegRecorder recorder, CallSession session) {
        // The SDK reads the reason from its user's side: its own hangup is local, anything else remote.
        if (session.hungUpByCaller) {
            recorder.rtcHangup(session, "LOCAL_HANGUP", "hung up by the caller");
        } else if (session.hangupCause != null) {
            recorder.rtcHangup(session, "REMOTE_FAILURE", session.hangupCause);
        } else {
            recorder.rtcHangup(session, "REMOTE_HANGUP", "the call ended");
        }
        recorder.finish(session, session.hungUpByCaller ? "remote hangup" : "local hangup", LegStatus.FAILED);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        offered.keySet().forEach(id -> release(id, "the node stops"));
    }
}
