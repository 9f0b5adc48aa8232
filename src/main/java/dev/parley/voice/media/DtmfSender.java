package dev.parley.voice.media;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends keys to a leg as RFC 4733 telephone events, on the leg's own RTP stream: each key 100 ms
 * (five packets, 20 ms apart, the first marked), its end packet three times, then 50 ms of gap; {@code
 * p} is a 500 ms pause. Blocks the calling thread while it sends.
 */
public final class DtmfSender {
    private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int PACKETS_PER_KEY = 5;

    private DtmfSender() {}

    /** Whether {@code digits} holds only keys this can send (0-9, *, #, A-D, p). */
    public static boolean valid(String digits) {
        return digits.chars()
                .allMatch(c ->
                        c == 'p' || c == 'P' || TelephoneEvent.eventOf((char) c).isPresent());
    }

    public static void send(RtpSender sender, int eventPayloadType, String digits) {
        long next = System.nanoTime();
        for (char key : digits.toCharArray()) {
            if (key == 'p' || key == 'P') {
                next = pauseUntil(next + TimeUnit.MILLISECONDS.toNanos(500));
                continue;
            }
            int event =
                    TelephoneEvent.eventOf(key).orElseThrow(() -> new IllegalArgumentException("not a key: " + key));
            long start = sender.nextTimestamp();
            for (int k = 1; k <= PACKETS_PER_KEY; k++) {
                next = pauseUntil(next);
                byte[] payload = new TelephoneEvent(event, false, 10, k * 160).encode();
                sender.sendEvent(eventPayloadType, payload, k == 1, start);
                next += FRAME_NANOS;
            }
            byte[] end = new TelephoneEvent(event, true, 10, PACKETS_PER_KEY * 160).encode();
            for (int k = 0; k < 3; k++) {
                sender.sendEvent(eventPayloadType, end, false, start);
            }
            next += TimeUnit.MILLISECONDS.toNanos(50);
        }
    }

    private static long pauseUntil(long deadline) {
        long wait = deadline - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        return deadline;
    }
}
