package dev.parley.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void new_ids_have_the_prefix_and_a_lower_case_uuid() {
        String id = Ids.CONVERSATION.next();
        assertThat(id).matches("^CON-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
        assertThat(Ids.CONVERSATION.matches(id)).isTrue();
        assertThat(Ids.MEMBER.matches(id)).isFalse();
    }

    @Test
    void canonical_lower_cases_the_uuid_and_leaves_other_text_alone() {
        assertThat(Ids.USER.canonical("USR-ABCDEF00-1111-2222-3333-444455556666"))
                .isEqualTo("USR-abcdef00-1111-2222-3333-444455556666");
        assertThat(Ids.USER.canonical("alice")).isEqualTo("alice");
    }
}
