package dev.parley.store;

import dev.parley.domain.ConversationId;
import dev.parley.domain.Event;
import dev.parley.domain.EventFilter;
import dev.parley.domain.Member;
import dev.parley.domain.MemberId;
import dev.parley.domain.Receipt;
import dev.parley.domain.UserId;
import java.util.List;
import java.util.Optional;

public interface EventStore {
    /**
     * Stores an event with the given conversation event id, taking the next global stream position.
     * Returns the stored event. Write transactions only.
     */
    Event append(NewEvent event, long id);

    /**
     * Checks and stores a sent event in one step: only if the conversation belongs to
     * {@code applicationId} and {@code sender} is a joined member of it. Empty, with nothing written,
     * otherwise (the caller then finds out why). Takes the next id and stream position like
     * {@link #append}. Write transactions only.
     */
    Optional<Appended> appendFromJoined(
            String applicationId,
            ConversationId conversationId,
            Sender sender,
            String type,
            String bodyJson,
            long createdMs);

    /**
     * The sending member: the one named by {@code memberId}, or the member of the user named
     * {@code userName} (also required to be {@code memberId} when both are given).
     */
    record Sender(MemberId memberId, String userName) {}

    /** A stored event and where its webhooks go. */
    record Appended(Event event, WebhookStore.Targets targets) {}

    Optional<Event> find(ConversationId conversationId, long id);

    void markDeleted(ConversationId conversationId, long id, long atMs);

    List<Event> list(ConversationId conversationId, EventFilter filter, Slice slice);

    /** The highest stream position written so far (0 when there are no events). */
    long latestPosition();

    /** Events of every conversation after a stream position, in position order. */
    List<Event> afterPosition(long position, int limit);

    /**
     * The events a user should have received in {@code (afterPosition, upToPosition]}: those of
     * conversations while the user was a member there (from its invitation or joining up to its
     * leaving), ordered by conversation and id.
     */
    List<Event> missedBy(UserId userId, long afterPosition, long upToPosition, int limit);

    /** Records that a member saw (or was delivered ...) an event; repeating it changes nothing. */
    void recordReceipt(ConversationId conversationId, long eventId, MemberId memberId, String kind, long atMs);

    /** Receipts of the given events, for the "state" of chat events. */
    List<Receipt> receipts(ConversationId conversationId, java.util.Collection<Long> eventIds);

    Optional<Long> findByTransaction(ConversationId conversationId, String principal, String transactionId);

    void rememberTransaction(
            ConversationId conversationId, String principal, String transactionId, long eventId, long atMs);

    /**
     * An event to store; {@code from} is the sending member (null for none), its user embedded in the
     * event; {@code to} the member it is addressed to (null for none).
     */
    record NewEvent(
            ConversationId conversationId, String type, Member from, String bodyJson, long createdMs, MemberId to) {
        public NewEvent(ConversationId conversationId, String type, Member from, String bodyJson, long createdMs) {
            this(conversationId, type, from, bodyJson, createdMs, null);
        }
    }

    /**
     * Event list filters; null or empty means "no restriction". {@code types} and {@code typePrefixes}
     * (e.g. "custom:") together name the types to keep.
     */
}
