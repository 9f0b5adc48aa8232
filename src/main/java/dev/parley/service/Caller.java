package dev.parley.service;

import dev.parley.auth.Access;
import dev.parley.auth.Principal;
import dev.parley.domain.Conversation;
import dev.parley.domain.ConversationId;
import dev.parley.domain.Member;
import dev.parley.domain.User;
import dev.parley.domain.UserId;
import dev.parley.store.Store;
import java.util.Optional;

/**
 * The principal of a request with its user resolved (for user tokens) inside one transaction. A user
 * token whose {@code sub} names no user acts as a user with no memberships.
 */
record Caller(Principal principal, Optional<User> user) {

    static Caller resolve(Store.Tx tx, Principal principal) {
        if (principal instanceof Principal.UserToken token) {
            return new Caller(principal, tx.users().findByName(token.applicationId(), token.userName()));
        }
        return new Caller(principal, Optional.empty());
    }

    String applicationId() {
        return principal.applicationId();
    }

    boolean isAdmin() {
        return principal instanceof Principal.Admin;
    }

    UserId userId() {
        return user.map(User::id).orElse(null);
    }

    /**
     * Checks that the caller may read the conversation: an admin, a user with an invited or joined
     * member there, or the user who created it. Others are told it does not exist.
     */
    void requireReadable(Store.Tx tx, Conversation conversation) {
        if (isAdmin() || (userId() != null && userId().equals(conversation.creatorUserId()))) {
            return;
        }
        Access.requireVisible(principal, member(tx, conversation.id()));
    }

    /** The caller's invited or joined member of the conversation (always empty for admin). */
    Optional<Member> member(Store.Tx tx, ConversationId conversationId) {
        return user.flatMap(u -> tx.members().findActive(conversationId, u.id()));
    }
}
