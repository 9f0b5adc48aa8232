package dev.parley.webhook;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Polls a condition that has no event to wait on (another process's database state) until it holds,
 * failing after a deadline. Returns the first non-null value.
 */
final class Eventually {
    private Eventually() {}

    static <T> T get(Callable<T> probe, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.call();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
