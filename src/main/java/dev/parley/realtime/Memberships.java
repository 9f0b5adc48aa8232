package dev.parley.realtime;

import dev.parley.domain.ConversationId;
import dev.parley.domain.Event;
import dev.parley.domain.EventTypes;
import dev.parley.domain.UserId;
import dev.parley.store.Store;
import dev.parley.wire.Json;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who receives a conversation's events: the users with an invited or joined member there, plus, for a
 * member event, the user it is about (an invitee hears its own {@code member:invited}, a leaver its own
 * {@code member:left}), and for an {@code rtc:hangup} the user whose call it ends; a
 * {@link EventTypes#SENDER_ONLY} event ({@code rtc:answer}) goes to the sending member's user only. Cached per conversation and dropped whenever the stream shows a member event
 * there. Used by the dispatcher thread only: not thread-safe.
 */
final class Memberships {
    private static final int MAX_CACHED = 20_000;

    private final Store store;
    private final Map<ConversationId, List<UserId>> active = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ConversationId, List<UserId>> eldest) {
            return size() > MAX_CACHED;
        }
    };

    Memberships(Store store) {
        this.store = store;
    }

    /** Forgets everything (after member events went by unseen). */
    void clear() {
        active.clear();
    }

    Set<UserId> recipients(Event event) {
        if (EventTypes.SENDER_ONLY.contains(event.type())) {
            return event.fromUser() == null ? Set.of() : Set.of(event.fromUser().id());
        }
        boolean memberEvent = event.type().startsWith("member:");
        if (memberEvent) {
            active.remove(event.conversationId());
        }
        List<UserId> users = active.computeIfAbsent(
                event.conversationId(), cid -> store.read(tx -> tx.members().activeUserIds(cid)));
        Set<UserId> recipients = new HashSet<>(users);
        if (memberEvent) {
            UserId.parse(Json.parse(event.bodyJson()).path("user").path("id").asText(null))
                    .ifPresent(recipients::add);
        }
        if (event.type().equals("rtc:hangup") && event.fromUser() != null) {
            // the SDKs hang up by leaving the conversation first, and still wait for their call's end
            recipients.add(event.fromUser().id());
        }
        return recipients;
    }
}
