package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AclTest {

    @Test
    void a_single_star_matches_exactly_one_segment() {
        Acl acl = Acl.of(List.of("/*/users/*"));
        assertThat(acl.allows("/v1/users/USR-1")).isTrue();
        assertThat(acl.allows("/v0.3/users/USR-1")).isTrue();
        assertThat(acl.allows("/v1/users")).isFalse();
        assertThat(acl.allows("/v1/users/USR-1/conversations")).isFalse();
    }

    @Test
    void a_double_star_matches_the_rest_including_nothing() {
        Acl acl = Acl.of(List.of("/*/conversations/**"));
        assertThat(acl.allows("/v1/conversations")).isTrue();
        assertThat(acl.allows("/v1/conversations/")).isTrue();
        assertThat(acl.allows("/v1/conversations/CON-1/events/7")).isTrue();
        assertThat(acl.allows("/v1/conversationsX")).isFalse();
        assertThat(acl.allows("/v1/users")).isFalse();
    }

    @Test
    void literal_segments_must_match_and_regex_characters_are_literal() {
        Acl acl = Acl.of(List.of("/v1/sessions/**", "/v1/a.b"));
        assertThat(acl.allows("/v1/sessions/SES-1")).isTrue();
        assertThat(acl.allows("/v2/sessions/SES-1")).isFalse();
        assertThat(acl.allows("/v1/a.b")).isTrue();
        assertThat(acl.allows("/v1/aXb")).isFalse();
    }

    @Test
    void a_v1_pattern_covers_the_same_resources_under_the_earlier_versions_and_no_more() {
        Acl acl = Acl.of(List.of("/v1/conversations/**", "/v1/users/*"));
        for (String version : List.of("/v1", "/beta", "/beta2", "/v0.1", "/v0.3")) {
            assertThat(acl.allows(version + "/conversations/CON-1/events"))
                    .as(version)
                    .isTrue();
            assertThat(acl.allows(version + "/users/USR-1")).as(version).isTrue();
            assertThat(acl.allows(version + "/users")).as(version).isFalse();
            assertThat(acl.allows(version + "/legs")).as(version).isFalse();
        }
        assertThat(acl.allows("/v0.2/conversations/CON-1"))
                .as("not a version the 2019 tokens drove")
                .isFalse();
        assertThat(acl.allows("/v2/conversations/CON-1")).isFalse();
        assertThat(Acl.of(List.of("/v0.3/users/*")).allows("/v1/users/USR-1"))
                .as("only /v1 patterns reach other versions")
                .isFalse();
    }

    @Test
    void no_acl_allows_everything_and_an_empty_one_nothing() {
        assertThat(Acl.allowAll().allows("/v1/anything/at/all")).isTrue();
        assertThat(Acl.of(List.of()).allows("/v1/users")).isFalse();
    }
}
