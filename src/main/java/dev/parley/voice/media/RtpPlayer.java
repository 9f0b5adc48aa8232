package dev.parley.voice.media;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Plays 8 kHz audio to a leg through its {@link RtpSender}: 20 ms frames on a drift-free schedule
 * (each deadline is start + k·20 ms, so a late frame does not push the rest back). Blocks the calling
 * thread while it plays.
 */
public final class RtpPlayer {
    public static final int SAMPLES_PER_FRAME = RtpSender.SAMPLES_PER_FRAME;
    private static final long FRAME_NANOS = 20_000_000;

    private final RtpSender sender;

    public RtpPlayer(RtpSender sender) {
        this.sender = sender;
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
            sender.send(samples, k * SAMPLES_PER_FRAME, gain);
        }
        return true;
    }
}
