package dev.parley.voice.media;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Mixes the legs of each conversation: every 20 ms (one tick thread for the node, on a drift-free
 * schedule, late ticks counted) each leg's next frame comes out of its jitter buffer, and each leg is
 * sent the sum of all the others but its own (mix-minus), so nobody hears themselves, plus what is
 * played to it alone (its prompt and its overlay). A muted leg is heard by nobody; an earmuffed one
 * hears nobody (but still its own prompts). Every leg is sent a frame every tick, silence included,
 * so its RTP never pauses. This is the only path audio leaves by. 8 kHz for now; the conference mixer
 * of the next issue works at 16 kHz with canHear.
 */
public final class Bridge implements AutoCloseable {
    private static final long TICK_NANOS = 20_000_000;
    private static final int FRAME = RtpSender.SAMPLES_PER_FRAME;

    /** One leg in a conversation's mix: what it sends us (buffered) and how we send to it. */
    public static final class Participant {
        private final JitterBuffer buffer = new JitterBuffer(3);
        private final RtpSender sender;
        /** What the leg's NCCO plays to it (talk, stream). */
        public final Playback prompt = new Playback();
        /** What a REST talk or stream plays into the call, over everything else. */
        public final Playback overlay = new Playback();

        private volatile boolean muted;
        private volatile boolean earmuffed;

        public Participant(RtpSender sender) {
            this.sender = sender;
        }

        public void mute(boolean on) {
            muted = on;
        }

        public void earmuff(boolean on) {
            earmuffed = on;
        }

        public RtpSender sender() {
            return sender;
        }

        /** A packet the leg sent: buffered by sequence number if it carries the leg's codec. */
        public void received(RtpPacket packet) {
            if (packet.payloadType() == sender.payloadType()) {
                synchronized (buffer) {
                    buffer.put(packet.sequence(), packet.payload());
                }
            }
        }

        /** The leg's frame for this tick (null: none), counting it as played or lost. */
        short[] nextFrame(AtomicLong played, AtomicLong lost) {
            byte[] payload;
            long lostBefore;
            long lostAfter;
            synchronized (buffer) {
                lostBefore = buffer.lost();
                payload = buffer.take();
                lostAfter = buffer.lost();
            }
            if (lostAfter > lostBefore) {
                lost.incrementAndGet();
            } else if (payload != null) {
                played.incrementAndGet();
            }
            return payload == null ? null : RtpSender.decode(sender.payloadType(), payload);
        }
    }

    private final Map<String, List<Participant>> rooms = new ConcurrentHashMap<>();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong lateTicks = new AtomicLong();
    private final AtomicLong framesPlayed = new AtomicLong();
    private final AtomicLong framesLost = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public Bridge() {
        thread = Thread.ofPlatform().name("parley-mixer").daemon().start(this::loop);
    }

    public void join(String room, Participant participant) {
        rooms.computeIfAbsent(room, r -> new CopyOnWriteArrayList<>()).add(participant);
    }

    public void leave(String room, Participant participant) {
        rooms.computeIfPresent(room, (r, list) -> {
            list.remove(participant);
            return list.isEmpty() ? null : list;
        });
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
            for (List<Participant> room : rooms.values()) {
                mix(room);
            }
        }
    }

    private void mix(List<Participant> room) {
        int n = room.size();
        short[][] in = new short[n][];
        int[] total = new int[FRAME];
        for (int j = 0; j < n; j++) {
            Participant p = room.get(j);
            short[] frame = p.nextFrame(framesPlayed, framesLost); // always taken: keeps the buffer moving
            in[j] = p.muted ? null : frame;
            if (in[j] != null) {
                for (int i = 0; i < FRAME && i < in[j].length; i++) {
                    total[i] += in[j][i];
                }
            }
        }
        for (int j = 0; j < n; j++) {
            Participant p = room.get(j);
            int[] out = new int[FRAME];
            if (!p.earmuffed) {
                for (int i = 0; i < FRAME; i++) {
                    out[i] = total[i] - (in[j] != null && i < in[j].length ? in[j][i] : 0);
                }
            }
            p.prompt.addTo(out);
            p.overlay.addTo(out);
            p.sender.send(out);
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
        return framesPlayed.get();
    }

    /** Frames missing from a jitter buffer at their tick (lost, or too late), concealed by silence. */
    public long framesLost() {
        return framesLost.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
