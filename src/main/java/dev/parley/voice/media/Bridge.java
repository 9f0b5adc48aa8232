package dev.parley.voice.media;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Mixes the legs of each conversation at 16 kHz: every 20 ms (one tick thread for the node, on a
 * drift-free schedule, late ticks counted) each leg's next frame comes out of its {@link MediaPort},
 * and each leg is sent what it may hear of the others, never itself (mix-minus): everyone but muted
 * legs, narrowed by its {@code canHear} and the others' {@code canSpeak} when those are set, plus what
 * plays to the whole conversation, plus what is played to it alone (its prompt and its overlay). An
 * earmuffed leg hears only its own prompts. Every leg is sent a frame every tick, silence included, so
 * its stream never pauses. This is the only path audio leaves by. A simple energy detector tells the
 * listener when a leg starts and stops speaking.
 */
public final class Bridge implements AutoCloseable {
    /** The mixer's sample rate: wideband, so 16 kHz WebSocket audio keeps its quality. */
    public static final int RATE = 16_000;
    /** Samples in one 20 ms frame at {@link #RATE}. */
    public static final int FRAME = RATE / 50;

    private static final long TICK_NANOS = 20_000_000;

    /** Hears when a leg starts or stops speaking; called on the tick thread, so it must not block. */
    public interface Listener {
        void speaking(Participant participant, boolean on);

        Listener NONE = (participant, on) -> {};
    }

    /** Frames the legs' jitter buffers played at their tick, and those missing (lost or too late). */
    public static final class Stats {
        private final AtomicLong played = new AtomicLong();
        private final AtomicLong lost = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();
        private final AtomicLong waitedNanos = new AtomicLong();

        /** A frame played, which waited {@code waitedNanos} in its jitter buffer. */
        void played(long waitedNanos) {
            played.incrementAndGet();
            this.waitedNanos.addAndGet(waitedNanos);
        }

        void lost() {
            lost.incrementAndGet();
        }

        private final AtomicLong unsent = new AtomicLong();

        /** A leg's mixed frame dropped before it was sent: its encoder had fallen that far behind. */
        void unsent() {
            unsent.incrementAndGet();
        }

        public long unsentFrames() {
            return unsent.get();
        }

        void dropped(long frames) {
            if (frames > 0) {
                dropped.addAndGet(frames);
            }
        }

        public long droppedFrames() {
            return dropped.get();
        }

        /** The time the played frames waited in their jitter buffers, in total. */
        public double playoutWaitSeconds() {
            return waitedNanos.get() / 1e9;
        }

        public long playedFrames() {
            return played.get();
        }

        public long lostFrames() {
            return lost.get();
        }
    }

    /**
     * Hears a conversation's audio every tick (a recording). Called on the tick thread, so it must not
     * block: it copies what it keeps and hands it on.
     */
    public interface Tap {
        /**
         * This tick: {@code legs[i]} was heard saying {@code said[i]} (null: nothing, or muted) and
         * was sent {@code sent[i]}; {@code shared} is what played to everyone; {@code self} is the index
         * of the leg the tap is on (-1: a tap on the whole room).
         */
        void tick(int self, Participant[] legs, short[][] said, int[][] sent, int[] shared);
    }

    /** One leg in a conversation's mix: its media, what it may hear and say, what plays to it alone. */
    public static final class Participant {
        /** Speech: a frame whose RMS passes about -36 dBFS. */
        private static final double SPEAKING_ENERGY = 500.0 * 500.0;
        /** Frames above the threshold before speaking starts (40 ms), and below before it stops (500 ms). */
        private static final int SPEAKING_ON_FRAMES = 2;

        private static final int SPEAKING_OFF_FRAMES = 25;

        private final String id;
        private final MediaPort port;
        /** What the leg's NCCO plays to it (talk, stream). */
        public final Playback prompt = new Playback();
        /** What a REST talk or stream plays into the call, over everything else. */
        public final Playback overlay = new Playback();
        /**
         * What the leg says besides its own audio, heard by the others as if it came from the leg (the
         * tones of keys a Client SDK sends as events).
         */
        public final Playback spoken = new Playback();

        private volatile boolean muted;
        private volatile boolean earmuffed;
        /** Recordings that follow this leg wherever it is mixed (an NCCO record). */
        public final List<Tap> taps = new CopyOnWriteArrayList<>();
        /** In a conversation that has not started (startOnEnter): neither heard nor hearing, apart from its prompt. */
        private volatile boolean waiting;

        private volatile Set<String> canHear;
        private volatile Set<String> canSpeak;
        private boolean speaking;
        private int run;

        /** {@code id}: the leg's id, which others' {@code canHear} and {@code canSpeak} name. */
        public Participant(String id, MediaPort port) {
            this.id = id;
            this.port = port;
        }

        public String id() {
            return id;
        }

        public MediaPort port() {
            return port;
        }

        public void mute(boolean on) {
            muted = on;
        }

        public boolean muted() {
            return muted;
        }

        public void earmuff(boolean on) {
            earmuffed = on;
        }

        public boolean earmuffed() {
            return earmuffed;
        }

        /**
         * Holds the leg out of the mix until its conversation starts, apart from its own mute and
         * earmuff (which the application sets, and sees in its events).
         */
        public void waitToStart(boolean on) {
            waiting = on;
        }

        public boolean waiting() {
            return waiting;
        }

        /** Whether nobody hears it now. */
        private boolean silenced() {
            return muted || waiting;
        }

        /** Whether it hears nobody now. */
        private boolean deaf() {
            return earmuffed || waiting;
        }

        /** Whom the leg hears (leg ids); null: everyone. */
        public void canHear(Set<String> legs) {
            canHear = legs == null ? null : Set.copyOf(legs);
        }

        /** Who hears the leg (leg ids); null: everyone. */
        public void canSpeak(Set<String> legs) {
            canSpeak = legs == null ? null : Set.copyOf(legs);
        }

        /** Whether this leg hears {@code other}'s frame. */
        boolean hears(Participant other) {
            Set<String> hear = canHear;
            Set<String> speak = other.canSpeak;
            return other != this
                    && !other.silenced()
                    && (hear == null || hear.contains(other.id))
                    && (speak == null || speak.contains(id));
        }

        /** Feeds this tick's frame to the speech detector; true when speaking starts or stops now. */
        synchronized boolean detectSpeech(short[] frame) {
            boolean loud = false;
            if (frame != null) {
                double energy = 0;
                for (short s : frame) {
                    energy += (double) s * s;
                }
                loud = energy / frame.length > SPEAKING_ENERGY;
            }
            run = loud == speaking ? 0 : run + 1;
            if (run >= (speaking ? SPEAKING_OFF_FRAMES : SPEAKING_ON_FRAMES)) {
                speaking = !speaking;
                run = 0;
                return true;
            }
            return false;
        }

        synchronized boolean speaking() {
            return speaking;
        }

        /** The leg stops speaking now (it leaves, or its call ends); true when it was speaking. */
        public synchronized boolean stopSpeaking() {
            boolean was = speaking;
            speaking = false;
            run = 0;
            return was;
        }
    }

    private final Map<String, List<Participant>> rooms = new ConcurrentHashMap<>();
    private final Map<String, RoomAudio> roomAudio = new ConcurrentHashMap<>();
    private final Map<String, List<Tap>> roomTaps = new ConcurrentHashMap<>();

    /** What plays to everyone in a conversation: a talk and a stream, each started and stopped alone. */
    public record RoomAudio(Playback talk, Playback stream) {
        void addTo(int[] frame) {
            talk.addTo(frame);
            stream.addTo(frame);
        }

        void stop() {
            talk.stop();
            stream.stop();
        }
    }

    private final Listener listener;
    private final Stats stats = new Stats();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong lateTicks = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    /** A mixer nobody asks who is speaking. */
    public Bridge() {
        this(Listener.NONE);
    }

    /** A mixer that tells {@code listener} when legs start and stop speaking (on its tick: it must not block). */
    public Bridge(Listener listener) {
        this.listener = listener;
        thread = Thread.ofPlatform().name("parley-mixer").daemon().start(this::loop);
    }

    /** The counters every leg's port adds to. */
    public Stats stats() {
        return stats;
    }

    public void join(String room, Participant participant) {
        rooms.computeIfAbsent(room, r -> new CopyOnWriteArrayList<>()).add(participant);
    }

    public void leave(String room, Participant participant) {
        if (participant.stopSpeaking()) {
            listener.speaking(participant, false);
        }
        rooms.computeIfPresent(room, (r, list) -> {
            list.remove(participant);
            if (list.isEmpty()) {
                RoomAudio audio = roomAudio.remove(r);
                if (audio != null) {
                    audio.stop();
                }
                return null;
            }
            return list;
        });
    }

    /** {@code tap} hears the whole of {@code room} from the next tick on (a conversation's recording). */
    public void tap(String room, Tap tap) {
        roomTaps.computeIfAbsent(room, r -> new CopyOnWriteArrayList<>()).add(tap);
    }

    public void untap(String room, Tap tap) {
        roomTaps.computeIfPresent(room, (r, list) -> {
            list.remove(tap);
            return list.isEmpty() ? null : list;
        });
    }

    /** What plays to everyone in {@code room} (a conversation's talk or stream); made on first use. */
    public RoomAudio roomAudio(String room) {
        return roomAudio.computeIfAbsent(room, r -> new RoomAudio(new Playback(), new Playback()));
    }

    /** Whether any leg is in {@code room} on this node. */
    public boolean hasRoom(String room) {
        return rooms.containsKey(room);
    }

    private void loop() {
        long start = System.nanoTime();
        for (long k = 1; running; k++) {
            long deadline = start + k * TICK_NANOS;
            long wait = deadline - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else if (-wait > TICK_NANOS) {
                lateTicks.incrementAndGet(); // a whole tick behind: counted, and the schedule kept
            }
            ticks.incrementAndGet();
            for (Map.Entry<String, List<Participant>> room : rooms.entrySet()) {
                try {
                    mix(room.getValue(), roomAudio.get(room.getKey()), roomTaps.get(room.getKey()));
                } catch (RuntimeException e) {
                    // one room's failure must not stop every other conversation's audio
                    org.slf4j.LoggerFactory.getLogger(Bridge.class).warn("mixing {} failed", room.getKey(), e);
                }
            }
        }
    }

    private void mix(List<Participant> room, RoomAudio audio, List<Tap> taps) {
        Participant[] legs = room.toArray(new Participant[0]);
        int n = legs.length;
        short[][] in = new short[n][];
        int[][] sent = new int[n][];
        boolean restricted = false;
        int[] total = new int[FRAME];
        for (int j = 0; j < n; j++) {
            Participant p = legs[j];
            in[j] = p.port.take(); // always taken: keeps the buffer moving
            if (p.spoken.playing()) {
                in[j] = withSpoken(in[j], p.spoken);
            }
            if (p.detectSpeech(in[j])) {
                listener.speaking(p, p.speaking());
            }
            restricted |= p.canHear != null || p.canSpeak != null;
            if (in[j] != null && !p.silenced()) {
                add(total, in[j]);
            }
        }
        int[] shared = new int[FRAME];
        if (audio != null) {
            audio.addTo(shared);
            for (int i = 0; i < FRAME; i++) {
                total[i] += shared[i];
            }
        }
        for (int i = 0; i < n; i++) {
            Participant p = legs[i];
            int[] out = new int[FRAME];
            if (!p.deaf()) {
                if (!restricted) {
                    System.arraycopy(total, 0, out, 0, FRAME);
                    if (in[i] != null && !p.silenced()) {
                        subtract(out, in[i]);
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        if (in[j] != null && p.hears(legs[j])) {
                            add(out, in[j]);
                        }
                    }
                    for (int s = 0; s < FRAME; s++) {
                        out[s] += shared[s];
                    }
                }
            }
            p.prompt.addTo(out);
            p.overlay.addTo(out);
            p.port.send(out);
            sent[i] = out;
        }
        if (taps == null && noLegTaps(legs)) {
            return;
        }
        short[][] said = new short[n][];
        for (int j = 0; j < n; j++) {
            said[j] = legs[j].silenced() ? null : in[j];
        }
        for (int i = 0; i < n; i++) {
            for (Tap tap : legs[i].taps) {
                tap.tick(i, legs, said, sent, shared);
            }
        }
        if (taps != null) {
            for (Tap tap : taps) {
                tap.tick(-1, legs, said, sent, shared);
            }
        }
    }

    /** The leg's frame with what it says besides added (clipped to 16 bits). */
    private static short[] withSpoken(short[] frame, Playback spoken) {
        int[] sum = new int[FRAME];
        if (frame != null) {
            add(sum, frame);
        }
        spoken.addTo(sum);
        short[] out = new short[FRAME];
        for (int i = 0; i < FRAME; i++) {
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum[i]));
        }
        return out;
    }

    private static boolean noLegTaps(Participant[] legs) {
        for (Participant p : legs) {
            if (!p.taps.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static void add(int[] sum, short[] frame) {
        for (int i = 0; i < FRAME && i < frame.length; i++) {
            sum[i] += frame[i];
        }
    }

    private static void subtract(int[] sum, short[] frame) {
        for (int i = 0; i < FRAME && i < frame.length; i++) {
            sum[i] -= frame[i];
        }
    }

    public long ticks() {
        return ticks.get();
    }

    public long lateTicks() {
        return lateTicks.get();
    }

    /** Frames the legs sent that were played out of their jitter buffers at their tick. */
    public long framesPlayed() {
        return stats.playedFrames();
    }

    /** Frames missing from a jitter buffer at their tick (lost, or too late), concealed by silence. */
    public long framesLost() {
        return stats.lostFrames();
    }

    /** Mixed frames dropped unsent because a leg's encoder had fallen behind (CPU starved). */
    public long framesUnsent() {
        return stats.unsentFrames();
    }

    /** Frames the jitter buffers dropped to take surplus delay out. */
    public long framesDropped() {
        return stats.droppedFrames();
    }

    /** The time the played frames waited in their jitter buffers (divided by frames played: the average). */
    public double playoutWaitSeconds() {
        return stats.playoutWaitSeconds();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
