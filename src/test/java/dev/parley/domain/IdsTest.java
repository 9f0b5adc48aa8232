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

    @Test
    void only_a_prefix_and_an_ascii_uuid_make_an_id() {
        assertThat(ConversationId.parse("con-2f1b0c7e-1111-2222-3333-444455556666"))
                .isEmpty();
        assertThat(ConversationId.parse("CON-2F1B0C7E-1111-2222-3333-444455556666"))
                .map(ConversationId::value)
                .contains("CON-2f1b0c7e-1111-2222-3333-444455556666");
        assertThat(ConversationId.parse("CON-2f1b0c7e-1111-2222-3333-44445555666"))
                .isEmpty();
        assertThat(ConversationId.parse("CON-2f1b0c7e-1111-2222-3333-4444555566667"))
                .isEmpty();
        assertThat(ConversationId.parse("CON-2f1b0c7e+1111-2222-3333-444455556666"))
                .isEmpty();
        assertThat(ConversationId.parse("CON-2f1b0c7e-1111-2222-3333-44445555666g"))
                .isEmpty();
        // Unicode digits are digits to Character.digit, not to an id.
        assertThat(ConversationId.parse("CON-\u0661f1b0c7e-1111-2222-3333-444455556666"))
                .isEmpty();
        assertThat(MemberId.parse("CON-2f1b0c7e-1111-2222-3333-444455556666")).isEmpty();
        assertThat(MemberId.parse(null)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new UserId("alice"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
