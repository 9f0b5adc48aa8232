package dev.parley.store.jdbi;

import dev.parley.store.EventStore;
import java.util.Optional;

/**
 * The reference path: the sender check, the id and the insert as separate statements. SQLite uses
 * it outside the writer's cached batch (in-process, so statements cost no round trip).
 */
record StepByStepAppend(Sql sql) implements AppendPath {
    @Override
    public Optional<EventStore.Appended> append(Sending sending) {
        var sender = JoinedSenderQuery.find(sql, sending);
        if (sender.isEmpty()) {
            return Optional.empty();
        }
        return new JdbiConversationStore(sql)
                .nextEventInApplication(sending.conversationId(), sending.applicationId())
                .map(next -> {
                    var event = sending.event(
                            next.id(), sender.get().memberId(), sender.get().user());
                    JdbiEventStore.insert(sql, event);
                    return new EventStore.Appended(event, next.targets());
                });
    }
}
