package dev.parley.voice.calls;

import dev.parley.domain.ConversationId;
import dev.parley.service.RecordingService;
import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.MediaPort;
import dev.parley.voice.media.WavRecorder;
import dev.parley.voice.ncco.NccoAction;
import dev.parley.wire.VoiceWebhookJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings running on this node. An NCCO {@code record} follows its leg wherever it is mixed:
 * one channel with what the leg says and hears, or with {@code split: conversation} what it says and
 * what it hears apart, or with {@code channels} each leg of its conversation in a channel of its own
 * (the leg first; legs beyond the last channel share it). It ends at {@code timeOut}, after {@code
 * endOnSilence} seconds of the leg's silence, on {@code endOnKey}, or with the call. A conversation's
 * {@code record} takes everyone in it, mixed, until the last leg leaves. Either is then stored and
 * announced by {@link RecordingService}. Thread-safe.
 */
final class Recordings {
    private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);
    /** A frame whose RMS stays under about -46 dBFS counts as silence for {@code endOnSilence}. */
    private static final double SILENCE_ENERGY = 150.0 * 150.0;

    private final LegRecorder recorder;
    private final RecordingService service;
    private final Bridge bridge;
    private final Path spool;
    private final Map<CallSession, Set<LegRecording>> byLeg = new ConcurrentHashMap<>();
    private final Map<String, RoomRecording> byRoom = new ConcurrentHashMap<>();

    Recordings(LegRecorder recorder, RecordingService service, Bridge bridge, Path spool) {
        this.recorder = recorder;
        this.service = service;
        this.bridge = bridge;
        this.spool = spool;
        try {
            Files.createDirectories(spool);
            removeLeftovers(spool);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the recording spool " + spool, e);
        }
    }

    /**
     * A spool file nobody has written to for ten minutes (a live recording grows every half second)
     * was being recorded when a run stopped without finishing it (a crash): never announced, and
     * without its call's details it cannot be. Removed when a node starts, and said in the log; files
     * of other nodes sharing the data directory are still growing, and stay.
     */
    private static void removeLeftovers(Path spool) throws IOException {
        int removed = 0;
        long stale = System.currentTimeMillis() - java.util.concurrent.TimeUnit.MINUTES.toMillis(10);
        try (var files = Files.newDirectoryStream(spool, "*.wav")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toMillis() < stale) {
                    Files.deleteIfExists(file);
                    removed++;
                }
            }
        }
        if (removed > 0) {
            LOG.warn("removed {} unfinished recording(s) a previous run left in {}", removed, spool);
        }
    }

    /** Where the webhook of a recording goes: the action's event URL, else the leg's. */
    private static String[] webhook(CallSession session, NccoAction.Webhook eventUrl) {
        return eventUrl != null
                ? new String[] {eventUrl.url(), eventUrl.method()}
                : new String[] {session.leg.eventUrl(), session.leg.eventMethod()};
    }

    private WavRecorder wav(int channels) {
        return new WavRecorder(spool.resolve(UUID.randomUUID() + ".wav"), channels);
    }

    /** An NCCO {@code record}: starts recording the leg (after its beep, when asked); the NCCO goes on. */
    void record(CallSession session, NccoAction.Record action) {
        if (action.beepStart()) {
            java.util.concurrent.CompletableFuture<Boolean> beeped =
                    session.media.participant.prompt.start(beep(), 1.0, 1);
            beeped.whenComplete((done, error) -> session.ncco.wake());
            session.ncco.awaitUntil(beeped::isDone, NccoControl.FOREVER); // or until the call ends
            if (session.ncco.isEnded()) {
                return; // hung up during the beep: nothing to record
            }
        }
        int channels = action.split() == null ? 1 : action.channels() == null ? 2 : action.channels();
        String[] webhook = webhook(session, action.eventUrl());
        LegRecording recording = new LegRecording(session, action, wav(channels), webhook[0], webhook[1]);
        byLeg.computeIfAbsent(session, s -> ConcurrentHashMap.newKeySet()).add(recording);
        recorder.legEvent(
                session, "audio:record", VoiceWebhookJson.recordStarted(channels, action.split(), action.beepStart()));
        session.media.participant.taps.add(recording);
    }

    /** A key the leg's caller pressed: a recording of it that ends on that key ends. */
    void keyPressed(CallSession session, char key) {
        for (LegRecording recording : byLeg.getOrDefault(session, Set.of())) {
            if (recording.action.endOnKey() != null
                    && recording.action.endOnKey().charAt(0) == key) {
                recording.stop();
            }
        }
    }

    /** The leg's call ended: its recordings end with it. */
    void callEnded(CallSession session) {
        Set<LegRecording> recordings = byLeg.remove(session);
        if (recordings != null) {
            recordings.forEach(LegRecording::stop);
        }
    }

    /** A conversation's {@code record}: everyone in {@code room}, from now until it empties (once per room). */
    void recordRoom(CallSession session, String room, NccoAction.Webhook eventUrl) {
        String[] webhook = webhook(session, eventUrl);
        recordRoom(session.leg.applicationId(), session.leg.conversationId(), room, webhook[0], webhook[1], 1);
    }

    /**
     * Records everyone in {@code room} until it empties or {@link #stopRoom}: mixed in one channel, or
     * with {@code channels} over one each leg in a channel of its own (in the order they are first
     * heard; legs beyond the last share it). False when the room is being recorded already.
     */
    boolean recordRoom(
            String applicationId,
            ConversationId conversationId,
            String room,
            String eventUrl,
            String eventMethod,
            int channels) {
        boolean[] started = {false};
        byRoom.computeIfAbsent(room, r -> {
            RoomRecording recording =
                    new RoomRecording(applicationId, conversationId, wav(channels), eventUrl, eventMethod);
            bridge.tap(r, recording);
            started[0] = true;
            return recording;
        });
        if (started[0]) {
            recorder.voice()
                    .conversationEvent(
                            conversationId,
                            "audio:record",
                            VoiceWebhookJson.recordStarted(channels, channels > 1 ? "conversation" : null, null));
        }
        return started[0];
    }

    /** Ends {@code room}'s recording now; false when it had none. */
    boolean stopRoom(String room) {
        RoomRecording recording = byRoom.remove(room);
        if (recording == null) {
            return false;
        }
        bridge.untap(room, recording);
        recording.finish();
        return true;
    }

    /** The last leg left {@code room} on this node: its conversation's recording ends. */
    void roomEmpty(String room) {
        stopRoom(room);
    }

    /** A 400 ms 800 Hz beep at the mixer's rate. */
    private static short[] beep() {
        short[] beep = new short[Bridge.RATE * 2 / 5];
        for (int i = 0; i < beep.length; i++) {
            beep[i] = (short) (8_000 * Math.sin(2 * Math.PI * 800 * i / Bridge.RATE));
        }
        return beep;
    }

    private static boolean silent(short[] frame) {
        if (frame == null) {
            return true;
        }
        double energy = 0;
        for (short s : frame) {
            energy += (double) s * s;
        }
        return energy / frame.length < SILENCE_ENERGY;
    }

    private static void add(int[] sum, short[] frame) {
        if (frame != null) {
            for (int i = 0; i < sum.length && i < frame.length; i++) {
                sum[i] += frame[i];
            }
        }
    }

    /** Saves a finished recording off the mixer's thread; a failure is logged and said in an error event. */
    private void save(
            WavRecorder wav,
            java.util.function.Function<Path, RecordingService.Finished> finished,
            CallSession session) {
        Thread.ofVirtual().name("parley-recording-save").start(() -> {
            try {
                service.save(finished.apply(wav.finish().join()));
            } catch (RuntimeException e) {
                LOG.warn("a recording could not be stored", e);
                if (session != null) {
                    recorder.error(session, "The recording could not be stored: " + e.getMessage());
                }
            }
        });
    }

    /** An NCCO record on one leg; see the class comment for its channels and its end. */
    private final class LegRecording implements Bridge.Tap {
        final NccoAction.Record action;
        private final CallSession session;
        private final WavRecorder wav;
        private final String eventUrl;
        private final String eventMethod;
        private final long startMs = System.currentTimeMillis();
        private final AtomicBoolean stopped = new AtomicBoolean();
        /** With more than two channels: which channel each other leg has (tick thread only). */
        private final Map<String, Integer> channelOf = new HashMap<>();

        private long ticks;
        private long silentTicks;

        LegRecording(
                CallSession session, NccoAction.Record action, WavRecorder wav, String eventUrl, String eventMethod) {
            this.session = session;
            this.action = action;
            this.wav = wav;
            this.eventUrl = eventUrl;
            this.eventMethod = eventMethod;
        }

        @Override
        public void tick(int self, Bridge.Participant[] legs, short[][] said, int[][] sent, int[] shared) {
            if (stopped.get()) {
                return;
            }
            int channels = wav.channels();
            short[][] frames = new short[channels][];
            if (channels == 1) {
                int[] both = new int[Bridge.FRAME];
                add(both, said[self]);
                for (int i = 0; i < both.length; i++) {
                    both[i] += sent[self][i];
                }
                frames[0] = MediaPort.clip(both);
            } else if (channels == 2 && action.channels() == null) {
                frames[0] = said[self];
                frames[1] = MediaPort.clip(sent[self]);
            } else {
                int[][] mixed = new int[channels][Bridge.FRAME];
                add(mixed[0], said[self]);
                for (int j = 0; j < legs.length; j++) {
                    if (j != self) {
                        int channel = channelOf.computeIfAbsent(
                                legs[j].id(), id -> Math.min(channels - 1, channelOf.size() + 1));
                        add(mixed[channel], said[j]);
                    }
                }
                for (int c = 0; c < channels; c++) {
                    frames[c] = MediaPort.clip(mixed[c]);
                }
            }
            wav.append(frames);
            ticks++;
            silentTicks = silent(said[self]) ? silentTicks + 1 : 0;
            if (ticks >= action.timeOut() * 50L
                    || (action.endOnSilence() != null && silentTicks >= action.endOnSilence() * 50L)) {
                stop();
            }
        }

        void stop() {
            if (!stopped.compareAndSet(false, true)) {
                return;
            }
            session.media.participant.taps.remove(this);
            Set<LegRecording> mine = byLeg.get(session);
            if (mine != null) {
                mine.remove(this);
            }
            long endMs = System.currentTimeMillis();
            dev.parley.domain.Leg leg = session.leg;
            save(
                    wav,
                    file -> new RecordingService.Finished(
                            leg.applicationId(),
                            leg.conversationId(),
                            leg,
                            file,
                            wav.channels(),
                            startMs,
                            endMs,
                            eventUrl,
                            eventMethod),
                    session);
        }
    }

    /** A conversation's record: every leg in the room and what plays to all, mixed. */
    private final class RoomRecording implements Bridge.Tap {
        private final String applicationId;
        private final ConversationId conversationId;
        private final WavRecorder wav;
        private final String eventUrl;
        private final String eventMethod;
        private final long startMs = System.currentTimeMillis();

        RoomRecording(
                String applicationId,
                ConversationId conversationId,
                WavRecorder wav,
                String eventUrl,
                String eventMethod) {
            this.applicationId = applicationId;
            this.conversationId = conversationId;
            this.wav = wav;
            this.eventUrl = eventUrl;
            this.eventMethod = eventMethod;
        }

        /** With more than one channel: which channel each leg has (tick thread only). */
        private final Map<String, Integer> channelOf = new HashMap<>();

        @Override
        public void tick(int self, Bridge.Participant[] legs, short[][] said, int[][] sent, int[] shared) {
            int channels = wav.channels();
            if (channels == 1) {
                int[] all = shared.clone();
                for (short[] frame : said) {
                    add(all, frame);
                }
                wav.append(new short[][] {MediaPort.clip(all)});
                return;
            }
            int[][] mixed = new int[channels][Bridge.FRAME];
            for (int j = 0; j < legs.length; j++) {
                int channel = channelOf.computeIfAbsent(legs[j].id(), id -> Math.min(channels - 1, channelOf.size()));
                add(mixed[channel], said[j]);
            }
            short[][] frames = new short[channels][];
            for (int c = 0; c < channels; c++) {
                frames[c] = MediaPort.clip(mixed[c]);
            }
            wav.append(frames);
        }

        void finish() {
            long endMs = System.currentTimeMillis();
            save(
                    wav,
                    file -> new RecordingService.Finished(
                            applicationId,
                            conversationId,
                            null,
                            file,
                            wav.channels(),
                            startMs,
                            endMs,
                            eventUrl,
                            eventMethod),
                    null);
        }
    }

    /** Every recording still running ends now (the node stops): what was recorded is kept. */
    void closeAll() {
        byLeg.keySet().forEach(this::callEnded);
        List.copyOf(byRoom.keySet()).forEach(this::roomEmpty);
    }
}
