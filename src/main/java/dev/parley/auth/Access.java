package dev.parley.auth;

import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.Errors;
import dev.parley.domain.Member;
import dev.parley.domain.MemberState;
import dev.parley.domain.UserId;
import java.util.Optional;

/**
 * The permission rules of the Conversation API. An admin token may do anything within its
 * application. A user token sees a conversation only while it has an invited or joined member there,
 * acts only through its own member, and never manages users.
 */
public final class Access {
    private Access() {}

    public static void requireAdmin(Principal principal, String action) {
        if (!(principal instanceof Principal.Admin)) {
            throw new DomainException.Forbidden(
                    ErrorCode.SYSTEM_PERMISSION, "A user token cannot " + action + "; use an admin token.");
        }
    }

    /**
     * Checks that the caller may read the conversation; a user without a membership is told it does
     * not exist, as the hosted service does, so ids cannot be probed.
     */
    public static void requireVisible(Principal principal, Optional<Member> callerMember) {
        if (principal instanceof Principal.UserToken && callerMember.isEmpty()) {
            throw Errors.conversationNotFound();
        }
    }

    /** Checks that a user caller is joined (needed to change the conversation or invite others). */
    public static void requireJoined(Principal principal, Optional<Member> callerMember, String action) {
        if (principal instanceof Principal.UserToken
                && callerMember.map(m -> m.state() != MemberState.JOINED).orElse(true)) {
            throw new DomainException.Forbidden(
                    ErrorCode.CONVERSATION_MEMBER_PERMISSION_DENIED, "Only a joined member may " + action + ".");
        }
    }

    /** Checks that a user caller acts on its own member. */
    public static void requireOwn(Principal principal, UserId callerUserId, Member target, String action) {
        if (principal instanceof Principal.UserToken && !target.userId().equals(callerUserId)) {
            throw new DomainException.Forbidden(
                    ErrorCode.CONVERSATION_MEMBER_PERMISSION_DENIED, "A user may only " + action + " its own member.");
        }
    }
}
