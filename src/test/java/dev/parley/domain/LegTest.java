package dev.parley.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Leg statuses move forward only, and a leg keeps every step with its time. */
class LegTest {
    private static final Set<LegStatus> NEVER_ANSWERED = EnumSet.of(
            LegStatus.BUSY,
            LegStatus.CANCELLED,
            LegStatus.UNANSWERED,
            LegStatus.REJECTED,
            LegStatus.FAILED,
            LegStatus.TIMEOUT);

    @Test
    void every_status_move_is_allowed_or_refused_as_the_voice_api_tells_it() {
        for (LegStatus from : LegStatus.values()) {
            for (LegStatus to : LegStatus.values()) {
                boolean expected = switch (from) {
                    case STARTED -> to != LegStatus.STARTED;
                    case RINGING ->
                        to == LegStatus.ANSWERED || to == LegStatus.COMPLETED || NEVER_ANSWERED.contains(to);
                    case ANSWERED -> to == LegStatus.COMPLETED || to == LegStatus.FAILED;
                    default -> false;
                };
                assertThat(from.mayBecome(to)).as("%s -> %s", from, to).isEqualTo(expected);
            }
        }
        assertThat(EnumSet.allOf(LegStatus.class).stream().filter(LegStatus::isFinal))
                .containsExactlyInAnyOrderElementsOf(
                        EnumSet.complementOf(EnumSet.of(LegStatus.STARTED, LegStatus.RINGING, LegStatus.ANSWERED)));
    }

    @Test
    void a_leg_records_its_history_answer_and_end() {
        Leg leg = Leg.started(
                        LegId.next(),
                        "app",
                        ConversationId.next(),
                        "sip",
                        Leg.Direction.INBOUND,
                        "{\"type\":\"sip\",\"uri\":\"sip:a@b\"}",
                        "{\"type\":\"sip\",\"uri\":\"sip:room@parley\"}",
                        null,
                        null,
                        1_000)
                .moveTo(LegStatus.RINGING, 1_500)
                .moveTo(LegStatus.ANSWERED, 3_000)
                .moveTo(LegStatus.COMPLETED, 65_400);
        assertThat(leg.history())
                .extracting(Leg.StatusChange::status)
                .containsExactly(LegStatus.STARTED, LegStatus.RINGING, LegStatus.ANSWERED, LegStatus.COMPLETED);
        assertThat(leg.answeredMs()).isEqualTo(3_000);
        assertThat(leg.endedMs()).isEqualTo(65_400);
        assertThat(leg.durationSeconds()).isEqualTo(62);
        assertThatThrownBy(() -> leg.moveTo(LegStatus.ANSWERED, 70_000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a completed leg cannot become answered");
    }

    @Test
    void a_leg_id_is_a_bare_lower_case_uuid() {
        assertThat(LegId.parse("AAAAAAAA-1111-2222-3333-444455556666"))
                .map(LegId::value)
                .contains("aaaaaaaa-1111-2222-3333-444455556666");
        assertThat(LegId.parse("CON-aaaaaaaa-1111-2222-3333-444455556666")).isEmpty();
        assertThat(LegId.parse("1-1-1-1-1")).isEmpty();
        assertThat(LegStatus.parse("Answered")).contains(LegStatus.ANSWERED);
        assertThat(LegStatus.parse("human")).isEmpty();
    }
}
