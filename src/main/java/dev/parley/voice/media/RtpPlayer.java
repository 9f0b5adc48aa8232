package dev.parley.voice.media;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Sends 8 kHz audio to a leg as G.711 RTP: 20 ms frames (160 samples) on a drift-free schedule (each
 * deadline is start + k·20 ms, so a late frame does not push the rest back), one SSRC and running
 * sequence numbers and timestamps per leg. Blocks the calling thread while it plays. Not thread-safe:
 * one player per leg, used by its call's thread.
 */
public final class RtpPlayer {
    public static final int SAMPLES_PER_FRAME = 160;
    private static final long FRAME_NANOS = 20_000_000;

    private final RtpSocket socket;
    private final int payloadType;
    private final long ssrc = ThreadLocalRandom.current().nextLong(1L << 32);
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private long timestamp = ThreadLocalRandom.current().nextLong(1L << 32);
    private boolean first = true;

    /** {@code payloadType}: 0 for μ-law (PCMU), 8 for A-law (PCMA). */
    public RtpPlayer(RtpSocket socket, int payloadType) {
        if (payloadType != 0 && payloadType != 8) {
            throw new IllegalArgumentException("G.711 only: payload type 0 or 8");
        }
        this.socket = socket;
        this.payloadType = payloadType;
    }

    /**
     * Plays {@code samples} at {@code gain} (1 = as recorded), stopping early when {@code stop} says so.
     * Returns whether it played to the end.
     */
    public boolean play(short[] samples, double gain, BooleanSupplier stop) {
        long start = System.nanoTime();
        int frames = (samples.length + SAMPLES_PER_FRAME - 1) / SAMPLES_PER_FRAME;
        for (int k = 0; k < frames; k++) {
            if (stop.getAsBoolean()) {
                return false;
            }
            long wait = start + k * FRAME_NANOS - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            byte[] payload = new byte[SAMPLES_PER_FRAME];
            for (int i = 0; i < SAMPLES_PER_FRAME; i++) {
                int index = k * SAMPLES_PER_FRAME + i;
                int sample = index < samples.length ? (int) Math.round(samples[index] * gain) : 0;
                short clipped = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sample));
                payload[i] = payloadType == 0 ? G711.linearToUlaw(clipped) : G711.linearToAlaw(clipped);
            }
            socket.send(new RtpPacket(first, payloadType, sequence, timestamp, ssrc, payload));
            first = false;
            sequence = (sequence + 1) & 0xFFFF;
            timestamp = (timestamp + SAMPLES_PER_FRAME) & 0xFFFFFFFFL;
        }
        return true;
    }
}
