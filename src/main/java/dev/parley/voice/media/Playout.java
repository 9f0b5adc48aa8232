package dev.parley.voice.media;

/**
 * A leg's {@link JitterBuffer} as its media port uses it: packets in from the receiving thread, one
 * frame out per mixer tick, both stamped with {@code System.nanoTime()}, and the node's {@link
 * Bridge.Stats} told what each tick found (played, concealed, surplus dropped, how long it waited).
 * Thread-safe.
 */
final class Playout {
    /** What {@link #take} answers for a frame that is due but missing: the port conceals it. */
    static final byte[] LOST = new byte[0];

    private final JitterBuffer buffer = new JitterBuffer();
    private final Bridge.Stats stats;

    Playout(Bridge.Stats stats) {
        this.stats = stats;
    }

    synchronized void put(int sequence, byte[] payload) {
        buffer.put(sequence, payload, System.nanoTime());
    }

    /** This tick's frame: a payload, {@link #LOST}, or null when nothing plays (not started, ran dry). */
    byte[] take() {
        byte[] payload;
        long lostBefore;
        long droppedBefore;
        long waitedBefore;
        synchronized (this) {
            lostBefore = buffer.lost();
            droppedBefore = buffer.dropped();
            waitedBefore = buffer.waitedNanos();
            payload = buffer.take(System.nanoTime());
            stats.dropped(buffer.dropped() - droppedBefore);
            if (buffer.lost() > lostBefore) {
                stats.lost();
                return LOST;
            }
            if (payload != null) {
                stats.played(buffer.waitedNanos() - waitedBefore);
            }
        }
        return payload;
    }
}
