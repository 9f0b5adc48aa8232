package dev.parley.store;

import dev.parley.domain.Conversation;
import dev.parley.domain.ConversationId;
import dev.parley.domain.MemberState;
import dev.parley.domain.UserConversation;
import dev.parley.domain.UserId;
import java.util.List;
import java.util.Optional;

public interface ConversationStore {
    /** @throws UniqueViolation when the name is taken in the application */
    void insert(Conversation conversation);

    /** Replaces the mutable fields. @throws UniqueViolation when the new name is taken */
    void update(Conversation conversation);

    Optional<Conversation> find(String applicationId, ConversationId id);

    Optional<Conversation> findByName(String applicationId, String name);

    /** Removes the conversation with its members and events. */
    void delete(ConversationId id);

    /**
     * Takes the conversation's next event id (its sequence number + 1), holding the conversation's
     * row until the transaction ends so concurrent writers get consecutive ids; returns it with where
     * the event's webhooks go, read in the same statement.
     */
    NextEvent nextEvent(ConversationId conversationId);

    /** A new event's id and its webhook targets. */
    record NextEvent(long id, WebhookStore.Targets targets) {}

    /** Conversations by creation time; only those {@code visibleToUserId} is an active member of. */
    List<Conversation> list(
            String applicationId, Long createdFromMs, Long createdToMs, UserId visibleToUserId, Slice slice);

    /** How many conversations {@link #list} would give over all its pages. */
    int count(String applicationId, Long createdFromMs, Long createdToMs, UserId visibleToUserId);

    /** The conversations a user has a member in, with that member. */
    List<UserConversation> listForUser(UserId userId, MemberState state, Long createdFromMs, Slice slice);
}
