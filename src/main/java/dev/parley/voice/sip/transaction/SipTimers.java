package dev.parley.voice.sip.transaction;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Where the transaction layer's timers (RFC 3261 §17: A-K) run: the endpoint's scheduler in a node, a
 * clock the test moves by hand in tests, so that every retransmission and timeout path can be driven
 * without waiting.
 */
public interface SipTimers {
    /** A timer that may still be stopped. */
    public interface Timer {
        void cancel();
    }

    /** Runs {@code task} once, {@code delayMs} from now. */
    public Timer schedule(Runnable task, long delayMs);

    /** Stops {@code timer} if there is one. */
    static void cancel(Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    /** The timers of a running endpoint. */
    public static SipTimers on(ScheduledExecutorService scheduler) {
        return (task, delayMs) -> {
            var future = scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        };
    }
}
