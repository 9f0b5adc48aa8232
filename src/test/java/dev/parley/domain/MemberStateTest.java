package dev.parley.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemberStateTest {

    @Test
    void states_parse_in_any_case() {
        assertThat(MemberState.parse("joined")).contains(MemberState.JOINED);
        assertThat(MemberState.parse(" Invited ")).contains(MemberState.INVITED);
        assertThat(MemberState.parse("UNKNOWN")).isEmpty();
        assertThat(MemberState.parse(null)).isEmpty();
    }

    @Test
    void invited_may_join_or_leave_and_joined_may_leave() {
        MemberState.INVITED.checkTransition(MemberState.JOINED);
        MemberState.INVITED.checkTransition(MemberState.LEFT);
        MemberState.JOINED.checkTransition(MemberState.LEFT);
    }

    @Test
    void left_is_final() {
        for (MemberState target : MemberState.values()) {
            assertThatThrownBy(() -> MemberState.LEFT.checkTransition(target))
                    .isInstanceOfSatisfying(
                            DomainException.class,
                            e -> assertThat(e.code()).isEqualTo("conversation:error:invalid-member-state"));
        }
    }

    @Test
    void joining_twice_is_member_already_joined() {
        assertThatThrownBy(() -> MemberState.JOINED.checkTransition(MemberState.JOINED))
                .isInstanceOfSatisfying(
                        DomainException.class,
                        e -> assertThat(e.code()).isEqualTo("conversation:error:member-already-joined"));
    }
}
