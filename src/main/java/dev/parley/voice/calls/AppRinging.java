package dev.parley.voice.calls;

import dev.parley.domain.Leg;
import dev.parley.domain.LegId;
import dev.parley.domain.LegStatus;
import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.RtpPorts;
import dev.parley.voice.webrtc.BrowserOffer;
import dev.parley.voice.webrtc.WebRtcMedia;
import dev.parley.voice.webrtc.dtls.DtlsCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls to the application's users in their Client SDKs ({@code POST /v1/calls} to an {@code app}
 * endpoint, an NCCO {@code connect} to one): Parley offers WebRTC media, invites the user with the
 * offer ({@code member:invited} reaches every session of the user), and takes the first answer whose
 * media connects. The user's reject ends the call {@code rejected}, the ringing timer {@code timeout},
 * a hangup before the answer {@code cancelled}. Hangups go through {@link AppCalls#cancel}, as for
 * every App leg. Thread-safe.
 */
final class AppRinging implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AppRinging.class);

    private final LegRecorder recorder;
    private final CallRegistry registry;
    private final Rooms rooms;
    private final RtpPorts ports;
    private final InetAddress advertised;
    private final DtlsCertificate certificate;
    private final Bridge.Stats stats;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-app-ringing").daemon().factory());

    /**
     * A call to an App user that rings: the user, the leg's media (Parley's offer; replaced when the
     * browser offers instead, as the legacy SDK does) and what the media tells.
     */
    private record Ringing(
            String userName, AtomicReference<WebRtcMedia> media, WebRtcMedia.Events events, CallSession session) {}

    private final Map<LegId, Ringing> ringing = new ConcurrentHashMap<>();
    /** The media of every App leg running here, for reconnects (shared with {@link AppCalls}). */
    private final Map<LegId, AppLegMedia> connectedLegs;

    AppRinging(
            LegRecorder recorder,
            CallRegistry registry,
            Rooms rooms,
            RtpPorts ports,
            InetAddress advertised,
            DtlsCertificate certificate,
            Bridge.Stats stats,
            Map<LegId, AppLegMedia> connectedLegs) {
        this.connectedLegs = connectedLegs;
        this.recorder = recorder;
        this.registry = registry;
        this.rooms = rooms;
        this.ports = ports;
        this.advertised = advertised;
        this.certificate = certificate;
        this.stats = stats;
    }

    /**
     * Rings the App user {@code userName} for {@code leg} (recorded {@code started}, in the conversation
     * it is to be in), at most {@code ringingSeconds}; once answered, {@code onAnswer} runs on the
     * call's own thread and the call ends when it returns (or after {@code lengthSeconds}). The future
     * completes when the leg is over, however it ended.
     */
    CompletableFuture<CallSession> ring(
            Leg leg, String userName, int ringingSeconds, int lengthSeconds, Consumer<CallSession> onAnswer) {
        CompletableFuture<CallSession> over = new CompletableFuture<>();
        AtomicReference<WebRtcMedia> opened = new AtomicReference<>();
        AtomicBoolean connected = new AtomicBoolean();
        AtomicBoolean rangTooLong = new AtomicBoolean();
        CallSession session = AppCalls.hungUpByClosing(opened);
        session.leg = leg;
        WebRtcMedia media;
        WebRtcMedia.Events events = new WebRtcMedia.Events() {
            @Override
            public void connected() {
                connected.set(true);
                session.ncco.wake();
            }

            @Override
            public void failed(String reason) {
                LOG.info("app leg {} to {}: media failed: {}", leg.id(), userName, reason);
                session.signalHangup("The browser's media failed: " + reason);
            }
        };
        try {
            media = WebRtcMedia.offer(ports, advertised, certificate, stats, events);
        } catch (IOException | UncheckedIOException e) {
            recorder.error(session, "No media port was free on this node (see --rtp-ports).");
            recorder.finish(session, "no media port", LegStatus.FAILED);
            over.complete(session);
            return over;
        }
        opened.set(media);
        session.media.counters = media.transport();
        registry.add(session);
        ringing.put(leg.id(), new Ringing(userName, opened, events, session));
        Thread.ofVirtual()
                .name("parley-call-" + leg.id())
                .start(() -> run(
                        session,
                        opened,
                        userName,
                        connected,
                        rangTooLong,
                        ringingSeconds,
                        lengthSeconds,
                        onAnswer,
                        over));
        return over;
    }

    private void run(
            CallSession session,
            AtomicReference<WebRtcMedia> opened,
            String userName,
            AtomicBoolean connected,
            AtomicBoolean rangTooLong,
            int ringingSeconds,
            int lengthSeconds,
            Consumer<CallSession> onAnswer,
            CompletableFuture<CallSession> over) {
        LegId leg = session.leg.id();
        Ringing ringingCall = ringing.get(leg);
        ScheduledFuture<?> ringTimer = null;
        try {
            if (!recorder.invite(session, opened.get().sdp())) {
                recorder.error(session, "There is no user " + userName + " to call, or it is in the call already.");
                recorder.finish(session, "no such user", LegStatus.FAILED);
                return;
            }
            recorder.record(session, LegStatus.RINGING);
            ringTimer = timers.schedule(
                    () -> {
                        rangTooLong.set(true);
                        session.signalHangup();
                    },
                    ringingSeconds,
                    TimeUnit.SECONDS);
            session.ncco.awaitUntil(connected::get, NccoControl.FOREVER);
            ringTimer.cancel(false);
            ringing.remove(leg);
            if (!connected.get() || session.ncco.isEnded()) {
                LegStatus status = rangTooLong.get()
                        ? LegStatus.TIMEOUT
                        : session.hungUpByCaller ? LegStatus.REJECTED : LegStatus.CANCELLED;
                // The SDKs end an invite on rtc:hangup, and tell their app why from its reason.
                switch (status) {
                    case TIMEOUT -> recorder.rtcHangup(session, "RING_TIMER", "nobody answered in time", 487);
                    case REJECTED -> recorder.rtcHangup(session, "REMOTE_REJECT", "rejected by the callee", 603);
                    default -> recorder.rtcHangup(session, "REMOTE_CANCEL", "the caller hung up", 200);
                }
                recorder.finish(session, status.wire(), status);
                return;
            }
            // Parley's offer's media, or the one that answered the browser's offer
            AppLegMedia legMedia = new AppLegMedia(opened, ringingCall.events());
            legMedia.use(opened.get(), session);
            session.media.participant = new Bridge.Participant(leg.value(), legMedia.port);
            connectedLegs.put(leg, legMedia);
            recorder.record(session, LegStatus.ANSWERED);
            ScheduledFuture<?> length =
                    timers.schedule((Runnable) session::signalHangup, lengthSeconds, TimeUnit.SECONDS);
            try {
                onAnswer.accept(session);
            } finally {
                length.cancel(false);
            }
            AppCalls.endWithRtcHangup(recorder, session);
        } catch (RuntimeException e) {
            LOG.warn("app call {} to {} failed", leg, userName, e);
            recorder.finish(session, "failed", LegStatus.FAILED);
        } finally {
            if (ringTimer != null) {
                ringTimer.cancel(false);
            }
            ringing.remove(leg);
            connectedLegs.remove(leg);
            opened.get().close();
            rooms.leave(session);
            registry.remove(session);
            over.complete(session);
        }
    }

    /**
     * The App user's answer to a call Parley offered it ({@code POST .../rtc/{leg}/answer}): media
     * connects with it. False when no such call rings for the user, or the SDP is no usable answer.
     */
    boolean answer(String applicationId, String userName, LegId leg, String sdp) {
        Ringing call = ringing.get(leg);
        if (call == null
                || !call.userName().equals(userName)
                || registry.find(leg)
                        .filter(s -> s.leg.applicationId().equals(applicationId))
                        .isEmpty()) {
            return false;
        }
        return call.media().get().answered(sdp);
    }

    /**
     * The App user offers media for a call that rings for it (the legacy SDK's {@code call.answer()}
     * joins and offers, where the new SDK answers Parley's offer): Parley's offer is dropped and the
     * browser's answered instead. The answer SDP, or empty when no such call rings for the user or
     * the offer has nothing Parley speaks.
     */
    Optional<String> answerOffer(String applicationId, String userName, LegId leg, String sdp) {
        Ringing call = ringing.get(leg);
        Optional<BrowserOffer> offer = BrowserOffer.parse(sdp);
        if (call == null
                || offer.isEmpty()
                || !call.userName().equals(userName)
                || !call.session().leg.applicationId().equals(applicationId)) {
            return Optional.empty();
        }
        Optional<WebRtcMedia> answering;
        try {
            answering = WebRtcMedia.answer(ports, advertised, certificate, offer.get(), stats, call.events());
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("app leg {}: no media port for the browser's offer: {}", leg, e.getMessage());
            return Optional.empty();
        }
        if (answering.isEmpty()) {
            return Optional.empty();
        }
        WebRtcMedia replaced = call.media().getAndSet(answering.get());
        replaced.close();
        if (call.session().ncco.isEnded()) {
            answering.get().close(); // hung up meanwhile: the hangup closed the one it saw
            return Optional.empty();
        }
        recorder.legEvent(
                call.session(),
                "rtc:answer",
                dev.parley.wire.Json.object()
                        .put("rtc_id", leg.value())
                        .put("answer", answering.get().sdp()));
        return Optional.of(answering.get().sdp());
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
