package dev.parley.domain;

import java.util.Locale;
import java.util.Optional;

/** A member's place in a conversation. INVITED -> JOINED -> LEFT; LEFT is final. */
public enum MemberState {
    INVITED,
    JOINED,
    LEFT;

    /** Parses a state in any letter case; empty for anything else. */
    public static Optional<MemberState> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public boolean active() {
        return this != LEFT;
    }

    /**
     * Whether a member in this state may send events. The one statement of the rule: the service's
     * checks use it, and the store's SQL condition is generated from it ({@code JoinedSenderQuery}).
     */
    public boolean maySend() {
        return this == JOINED;
    }

    /** Checks that a member in this state may move to {@code target}; throws the Vonage error if not. */
    public void checkTransition(MemberState target) {
        if (this == LEFT) {
            throw new DomainException.Rejected(
                    ErrorCode.CONVERSATION_INVALID_MEMBER_STATE, "The conversation membership has already ended.");
        }
        if (this == JOINED && target == JOINED) {
            throw new DomainException.Rejected(
                    ErrorCode.CONVERSATION_MEMBER_ALREADY_JOINED, "Member is already joined to this conversation.");
        }
        if (target == INVITED) {
            throw new DomainException.Rejected(
                    ErrorCode.CONVERSATION_INVALID_MEMBER_STATE, "A member cannot be invited again.");
        }
    }

    public String eventType() {
        return "member:" + name().toLowerCase(Locale.ROOT);
    }
}
