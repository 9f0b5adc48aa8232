package dev.parley.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * A call leg's status, as the Voice API's event webhook and {@code leg:status:update} name it.
 * {@code started} → {@code ringing} → {@code answered} → {@code completed}; a leg that never answers
 * ends in one of {@code busy}, {@code cancelled}, {@code unanswered}, {@code rejected}, {@code failed}
 * or {@code timeout}. Final statuses are final.
 */
public enum LegStatus {
    STARTED,
    RINGING,
    ANSWERED,
    COMPLETED,
    BUSY,
    CANCELLED,
    UNANSWERED,
    REJECTED,
    FAILED,
    TIMEOUT;

    public boolean isFinal() {
        return ordinal() >= COMPLETED.ordinal();
    }

    /** Whether a leg in this status may move to {@code next}. */
    public boolean mayBecome(LegStatus next) {
        return switch (this) {
            case STARTED -> next != STARTED;
            case RINGING -> next != STARTED && next != RINGING;
            case ANSWERED -> next == COMPLETED || next == FAILED;
            default -> false;
        };
    }

    /** The wire spelling: {@code started}, {@code ringing} ... */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LegStatus> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
