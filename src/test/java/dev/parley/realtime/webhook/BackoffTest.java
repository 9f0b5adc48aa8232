package dev.parley.realtime.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(1000, 600_000);

    @Test
    void delays_double_per_attempt_with_jitter_between_half_and_all() {
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.delayMs(1)).isBetween(500L, 1000L);
            assertThat(backoff.delayMs(2)).isBetween(1000L, 2000L);
            assertThat(backoff.delayMs(5)).isBetween(8000L, 16000L);
        }
    }

    @Test
    void delays_stop_growing_at_the_maximum_even_after_very_many_attempts() {
        for (int attempts : new int[] {11, 20, 64, 1000, Integer.MAX_VALUE}) {
            assertThat(backoff.delayMs(attempts)).isBetween(300_000L, 600_000L);
        }
    }
}
