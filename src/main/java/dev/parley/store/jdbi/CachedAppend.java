package dev.parley.store.jdbi;

import dev.parley.domain.Event;
import dev.parley.store.EventStore;
import dev.parley.store.WebhookStore;
import java.util.Optional;

/**
 * SQLite's writer with its {@link AppendCache}: the sender and the conversation from the cache (read
 * once), the event handed out and written with the batch's others just before the commit.
 */
record CachedAppend(Sql sql, AppendCache cache) implements AppendPath {
    @Override
    public Optional<EventStore.Appended> append(Sending sending) {
        AppendCache.SenderKey key =
                AppendCache.key(sending.applicationId(), sending.conversationId(), sending.sender());
        AppendCache.JoinedSender sender = cache.sender(key);
        if (sender == null) {
            sender = JoinedSenderQuery.find(sql, sending).orElse(null);
            if (sender == null) {
                return Optional.empty(); // only positive answers are remembered
            }
            cache.rememberSender(key, sender);
        }
        AppendCache.Conversation conversation = cache.conversation(sending.conversationId());
        if (conversation == null) {
            conversation = sql.handle()
                    .createQuery("SELECT c.sequence_number, c.application_id, c.callback_json, a.event_url,"
                            + " a.event_method FROM conversations c JOIN applications a ON a.id = c.application_id"
                            + " WHERE c.id = :id")
                    .bind("id", sending.conversationId())
                    .map((rs, ctx) -> new AppendCache.Conversation(
                            rs.getLong(1),
                            new WebhookStore.Targets(
                                    rs.getString(2), rs.getString(4), rs.getString(5), rs.getString(3))))
                    .findOne()
                    .orElse(null);
            if (conversation == null) {
                return Optional.empty();
            }
            cache.rememberConversation(sending.conversationId(), conversation);
        }
        if (!conversation.targets.applicationId().equals(sending.applicationId())) {
            return Optional.empty();
        }
        Event event = sending.event(conversation.sequence + 1, sender.memberId(), sender.user());
        cache.append(conversation, event);
        return Optional.of(new EventStore.Appended(event, conversation.targets));
    }
}
