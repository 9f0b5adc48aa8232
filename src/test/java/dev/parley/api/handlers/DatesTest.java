package dev.parley.api.handlers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatesTest {
    private static final long NOON = 1_577_880_000_000L; // 2020-01-01T12:00:00Z

    @Test
    void every_accepted_form_means_the_same_instant() {
        assertThat(Dates.parseMillis("2020-01-01T12:00:00Z")).contains(NOON);
        assertThat(Dates.parseMillis("2020-01-01T12:00:00.000Z")).contains(NOON);
        assertThat(Dates.parseMillis("2020-01-01T14:00:00+02:00")).contains(NOON);
        assertThat(Dates.parseMillis("2020-01-01 12:00:00")).contains(NOON);
        assertThat(Dates.parseMillis("2020-01-01 12:00:00.5")).contains(NOON + 500);
        assertThat(Dates.parseMillis("2020-01-01T12:00:00")).contains(NOON);
        assertThat(Dates.parseMillis("2020-01-01")).contains(NOON - 12 * 3600_000L);
    }

    @Test
    void anything_else_is_rejected() {
        assertThat(Dates.parseMillis("yesterday")).isEmpty();
        assertThat(Dates.parseMillis("2020-13-01")).isEmpty();
        assertThat(Dates.parseMillis("")).isEmpty();
    }
}
