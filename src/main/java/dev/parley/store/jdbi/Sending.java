package dev.parley.store.jdbi;

import dev.parley.domain.ConversationId;
import dev.parley.domain.Event;
import dev.parley.domain.MemberId;
import dev.parley.domain.UserSummary;
import dev.parley.store.EventStore;

/** One checked append: what was sent, and the stream position it gets if it is stored. */
record Sending(
        String applicationId,
        ConversationId conversationId,
        EventStore.Sender sender,
        String type,
        String bodyJson,
        long createdMs,
        long position) {

    Event event(long id, MemberId memberId, UserSummary user) {
        return new Event(conversationId, id, position, type, memberId, user, bodyJson, createdMs, null);
    }
}
