package dev.parley.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code --cors-origins}: any origin by default, or a list of origins, each checked at start-up. */
class CorsSettingsTest {
    @Test
    void a_list_of_origins_is_read_and_any_origin_is_the_star() {
        CorsSettings named = CorsSettings.parse("https://app.example, http://localhost:3000");
        assertThat(named.origins()).containsExactly("https://app.example", "http://localhost:3000");
        assertThat(named.anyOrigin()).isFalse();
        assertThat(named.problems()).isEmpty();
        assertThat(CorsSettings.parse("*").anyOrigin()).isTrue();
    }

    @Test
    void what_is_not_an_origin_is_named_as_a_problem() {
        assertThat(CorsSettings.parse("https://app.example/path, app.example, ,")
                        .problems())
                .containsExactly(
                        "cors-origins: https://app.example/path is not an origin (scheme://host[:port], no path)",
                        "cors-origins: app.example is not an origin (scheme://host[:port], no path)");
        assertThat(CorsSettings.parse(" ").problems()).hasSize(1);
    }
}
