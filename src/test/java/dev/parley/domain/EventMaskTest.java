package dev.parley.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventMaskTest {
    @Test
    void an_empty_or_missing_mask_matches_everything() {
        assertThat(EventMask.parse(null).matches("message")).isTrue();
        assertThat(EventMask.parse(" ").matches("member:joined")).isTrue();
    }

    @Test
    void exact_types_match_only_themselves() {
        EventMask mask = EventMask.parse("member:joined, message:seen");
        assertThat(mask.matches("member:joined")).isTrue();
        assertThat(mask.matches("MESSAGE:SEEN")).isTrue();
        assertThat(mask.matches("member:left")).isFalse();
        assertThat(mask.matches("message")).isFalse();
    }

    @Test
    void categories_and_wildcards_match_their_family() {
        EventMask mask = EventMask.parse("member message:*");
        assertThat(mask.matches("member:invited")).isTrue();
        assertThat(mask.matches("member")).isTrue();
        assertThat(mask.matches("message:delivered")).isTrue();
        assertThat(mask.matches("message")).isFalse();
        assertThat(mask.matches("members:x")).isFalse();
        assertThat(EventMask.parse("custom:a*").matches("custom:abc")).isTrue();
    }
}
