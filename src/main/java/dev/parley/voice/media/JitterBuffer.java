package dev.parley.voice.media;

import java.util.Arrays;

/**
 * One leg's adaptive jitter buffer (docs: shared/VOICE.md §3.4): packets are held by sequence number
 * and taken out one per 20 ms tick once {@link #depth()} frames have gathered, so uneven arrival
 * becomes an even stream. The depth adapts between {@link #MIN_DEPTH} and {@link #MAX_DEPTH} frames to
 * what the leg's network needs, since every frame held is 20 ms of mouth-to-ear delay:
 *
 * <ul>
 *   <li>a packet that comes after its tick (dropped, its frame concealed) grows the depth by one and
 *       holds playout back one tick, so the packets behind it are in time again;
 *   <li>when every frame taken over {@link #SHRINK_AFTER} ticks had waited a frame or more, that much
 *       delay is surplus: as many whole frames are dropped, and the depth shrinks by as many.
 * </ul>
 *
 * A frame not there at its tick is lost: {@link #take} answers null and the mixer conceals it. A buffer
 * that runs dry (the talk spurt ended, the peer went quiet) gathers {@link #depth()} frames again.
 * Playout starts with {@link #depth()} frames and no more: frames gathered beyond (a leg whose media
 * flowed before it joined a mix) are dropped, or they would be delay for the rest of the call.
 * Times are the caller's {@code System.nanoTime()} readings, so tests can give their own. Not
 * thread-safe: the receiving thread and the tick thread share it through the caller's lock.
 */
public final class JitterBuffer {
    public static final int MIN_DEPTH = 1;
    public static final int MAX_DEPTH = 10;
    /** The depth a new leg starts at, before anything is known of its network: 20 to 40 ms of delay. */
    public static final int INITIAL_DEPTH = 2;
    /** Ticks (5 s) in which every frame must have waited a frame or more before one frame is dropped. */
    static final int SHRINK_AFTER = 250;

    private static final long FRAME_NANOS = 20_000_000L;
    /** What a frame must wait beyond one frame for the surplus to count (timer and scheduling noise). */
    private static final long SHRINK_GUARD_NANOS = 2_000_000L;

    private static final int CAPACITY = 64;

    private final byte[][] slots = new byte[CAPACITY][];
    private final int[] sequences = new int[CAPACITY];
    private final long[] arrivals = new long[CAPACITY];
    private int depth;
    private boolean started;
    private int next;
    private int buffered;
    /** Ticks to hold playout back (after a late packet), each concealed. */
    private int holdBack;

    private long shortestWait = Long.MAX_VALUE;
    private int waitsSeen;
    private long late;
    private long lost;
    private long dropped;
    private long received;
    private long waitedNanos;
    private long taken;

    public JitterBuffer() {
        this(INITIAL_DEPTH);
    }

    public JitterBuffer(int initialDepth) {
        if (initialDepth < MIN_DEPTH || initialDepth > MAX_DEPTH) {
            throw new IllegalArgumentException("depth must be " + MIN_DEPTH + ".." + MAX_DEPTH);
        }
        this.depth = initialDepth;
        Arrays.fill(sequences, -1);
    }

    /** Holds a packet's payload under its sequence number; {@code arrivedNanos} is when it came. */
    public void put(int sequence, byte[] payload, long arrivedNanos) {
        received++;
        if (!started) {
            if (buffered == 0) {
                next = sequence;
            } else if (RtpPacket.sequenceDistance(next, sequence) < 0) {
                next = sequence; // an earlier packet arrived before playout began
            }
        } else if (RtpPacket.sequenceDistance(next, sequence) < 0) {
            late++;
            if (holdBack == 0 && depth < MAX_DEPTH) {
                // The network is slower than the buffer allowed for: one frame more, from the next tick.
                depth++;
                holdBack = 1;
            }
            return;
        }
        if (RtpPacket.sequenceDistance(next, sequence) >= CAPACITY) {
            // A jump far ahead (a new talk spurt after a long gap, or a peer that restarted): start over.
            Arrays.fill(slots, null);
            Arrays.fill(sequences, -1);
            buffered = 0;
            next = sequence;
            started = false;
        }
        int slot = sequence % CAPACITY;
        if (sequences[slot] == sequence && slots[slot] != null) {
            late++; // a duplicate
            return;
        }
        slots[slot] = payload;
        sequences[slot] = sequence;
        arrivals[slot] = arrivedNanos;
        buffered++;
    }

    /**
     * The next frame's payload at the tick of {@code tickNanos}; null before playout starts, while it is
     * held back, or when the frame is lost.
     */
    public byte[] take(long tickNanos) {
        if (!started) {
            if (buffered < depth) {
                return null;
            }
            started = true;
            resetWaits();
            while (buffered > depth) {
                if (remove(next) != null) {
                    dropped++;
                }
                next = (next + 1) & 0xFFFF;
            }
        }
        if (holdBack > 0) {
            holdBack--;
            lost++; // the listener misses a frame here as surely as if it had been lost
            return null;
        }
        byte[] payload = remove(next);
        if (payload != null) {
            long waited = tickNanos - arrivals[next % CAPACITY];
            waitedNanos += Math.max(0, waited);
            taken++;
            noteWait(waited);
        } else if (buffered > 0) {
            lost++;
        } else {
            started = false; // ran dry: the talk spurt ended, or the peer went silent
        }
        next = (next + 1) & 0xFFFF;
        return payload;
    }

    /** Drops the surplus delay once every frame of the last {@link #SHRINK_AFTER} waited a frame or more. */
    private void noteWait(long waited) {
        shortestWait = Math.min(shortestWait, waited);
        if (++waitsSeen < SHRINK_AFTER) {
            return;
        }
        long surplus = (shortestWait - SHRINK_GUARD_NANOS) / FRAME_NANOS;
        for (long frame = 0; frame < surplus; frame++) {
            int following = (next + 1) & 0xFFFF;
            if (remove(following) == null) {
                break;
            }
            // Skipping the next frame brings every later one a tick sooner, each still in time.
            next = following;
            dropped++;
            depth = Math.max(MIN_DEPTH, depth - 1);
        }
        resetWaits();
    }

    private void resetWaits() {
        shortestWait = Long.MAX_VALUE;
        waitsSeen = 0;
    }

    /** The frame of {@code sequence}, taken out; null when it is not here. */
    private byte[] remove(int sequence) {
        int slot = sequence % CAPACITY;
        if (sequences[slot] != sequence || slots[slot] == null) {
            return null;
        }
        byte[] payload = slots[slot];
        slots[slot] = null;
        sequences[slot] = -1;
        buffered--;
        return payload;
    }

    /** Frames gathered before playout starts, as adapted so far. */
    public int depth() {
        return depth;
    }

    /** Packets that came after their tick, or twice. */
    public long late() {
        return late;
    }

    /** Frames missing at their tick, or held back, which the mixer conceals. */
    public long lost() {
        return lost;
    }

    /** Frames dropped to take surplus delay out. */
    public long dropped() {
        return dropped;
    }

    public long received() {
        return received;
    }

    /** The total time the frames played so far waited here, from their arrival to their tick. */
    public long waitedNanos() {
        return waitedNanos;
    }

    /** Frames played so far. */
    public long taken() {
        return taken;
    }
}
