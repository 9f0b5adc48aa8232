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
 * sent the sum of all the others but its own (mix-minus), so nobody hears themselves. 8 kHz for now;
 * the conference mixer of the next issue works at 16 kHz with mute, earmuff and canHear.
 */
public final class Bridge implements AutoCloseable {
    private static final long TICK_NANOS = 20_000_000;
    private static final int FRAME = RtpSender.SAMPLES_PER_FRAME;

    /** One leg in a conversation's mix: what it sends us (buffered) and how we send to it. */
    public static final class Participant {
        private final JitterBuffer buffer = new JitterBuffer(3);
        private final RtpSender sender;

        public Participant(RtpSender sender) {
            this.sender = sender;
        }

        /** A packet the leg sent: buffered by sequence number if it carries the leg's codec. */
        public void received(RtpPacket packet) {
            if (packet.payloadType() == sender.payloadType()) {
                synchronized (buffer) {
                    buffer.put(packet.sequence(), packet.payload());
                }
            }
        }

        short[] nextFrame() {
            byte[] payload;
            synchronized (buffer) {
                payload = buffer.take();
            }
            return payload == null ? null : RtpSender.decode(sender.payloadType(), payload);
        }
    }

    private final Map<String, List<Participant>> rooms = new ConcurrentHashMap<>();
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong lateTicks = new AtomicLong();
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

    private static void mix(List<Participant> room) {
        int n = room.size();
        if (n < 2) {
            for (Participant p : room) {
                p.nextFrame(); // keep its buffer moving: nobody to hear it
            }
            return;
        }
        short[][] in = new short[n][];
        int[] total = new int[FRAME];
        for (int j = 0; j < n; j++) {
            in[j] = room.get(j).nextFrame();
            if (in[j] != null) {
                for (int i = 0; i < FRAME && i < in[j].length; i++) {
                    total[i] += in[j][i];
                }
            }
        }
        for (int j = 0; j < n; j++) {
            short[] out = new short[FRAME];
            for (int i = 0; i < FRAME; i++) {
                int own = in[j] != null && i < in[j].length ? in[j][i] : 0;
                out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, total[i] - own));
            }
            room.get(j).sender.send(out, 0, 1.0);
        }
    }

    public long ticks() {
        return ticks.get();
    }

    public long lateTicks() {
        return lateTicks.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
