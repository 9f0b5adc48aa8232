package dev.parley.voice.media;

import java.util.Arrays;

/**
 * One leg's jitter buffer (docs: shared/VOICE.md §3.4): packets are held by sequence number and taken
 * out one per 20 ms tick once {@code targetDepth} frames have gathered, so uneven arrival becomes an
 * even stream. A frame not there at its tick is lost: {@link #take} answers null and the mixer conceals
 * it. Packets that come after their tick, or duplicated, are dropped and counted. Not thread-safe: the
 * receiving thread and the tick thread share it through the caller's lock.
 */
public final class JitterBuffer {
    private static final int CAPACITY = 64;

    private final byte[][] slots = new byte[CAPACITY][];
    private final int[] sequences = new int[CAPACITY];
    private final int targetDepth;
    private boolean started;
    private int next;
    private int buffered;
    private long late;
    private long lost;
    private long received;

    public JitterBuffer(int targetDepth) {
        if (targetDepth < 1 || targetDepth > CAPACITY / 2) {
            throw new IllegalArgumentException("target depth must be 1.." + CAPACITY / 2);
        }
        this.targetDepth = targetDepth;
        Arrays.fill(sequences, -1);
    }

    /** Holds a packet's payload under its sequence number. */
    public void put(int sequence, byte[] payload) {
        received++;
        if (!started) {
            if (buffered == 0) {
                next = sequence;
            } else if (RtpPacket.sequenceDistance(next, sequence) < 0) {
                next = sequence; // an earlier packet arrived before playout began
            }
        } else if (RtpPacket.sequenceDistance(next, sequence) < 0) {
            late++;
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
        buffered++;
    }

    /** The next frame's payload at this tick; null before playout starts or when the frame is lost. */
    public byte[] take() {
        if (!started) {
            if (buffered < targetDepth) {
                return null;
            }
            started = true;
        }
        int slot = next % CAPACITY;
        byte[] payload = sequences[slot] == next ? slots[slot] : null;
        if (payload != null) {
            slots[slot] = null;
            sequences[slot] = -1;
            buffered--;
        } else if (buffered > 0) {
            lost++;
        } else {
            started = false; // ran dry: the talk spurt ended, or the peer went silent
        }
        next = (next + 1) & 0xFFFF;
        return payload;
    }

    public long late() {
        return late;
    }

    public long lost() {
        return lost;
    }

    public long received() {
        return received;
    }
}
