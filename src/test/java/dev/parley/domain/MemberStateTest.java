package dev.parley.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
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
    void invited_may_join_or_leave_and_joined_may_leave_and_nothing_else_moves() {
        java.util.Set<String> allowed = java.util.Set.of("INVITED>JOINED", "INVITED>LEFT", "JOINED>LEFT");
        for (MemberState from : MemberState.values()) {
            for (MemberState to : MemberState.values()) {
                String move = from + ">" + to;
                if (allowed.contains(move)) {
                    assertThatCode(() -> from.checkTransition(to)).as(move).doesNotThrowAnyException();
                } else {
                    assertThatThrownBy(() -> from.checkTransition(to)).as(move).isInstanceOf(DomainException.class);
                }
            }
        }
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
