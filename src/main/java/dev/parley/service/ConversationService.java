package dev.parley.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.auth.Access;
import dev.parley.auth.Principal;
import dev.parley.domain.Clock;
import dev.parley.domain.Conversation;
import dev.parley.domain.ConversationId;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.Errors;
import dev.parley.domain.EventTypes;
import dev.parley.domain.Key;
import dev.parley.domain.Member;
import dev.parley.domain.UserId;
import dev.parley.store.Slice;
import dev.parley.store.Store;
import dev.parley.store.UniqueViolation;
import dev.parley.wire.Json;
import dev.parley.wire.Timestamps;
import java.util.Optional;
import java.util.UUID;

/** Conversation use cases: create, read, list, replace, delete. Thread-safe. */
public final class ConversationService {
    private final Store store;
    private final Clock clock;

    public ConversationService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Fields a client sets on a conversation. On replace, a {@code null} field keeps its current
     * value; {@code clear*} flags say the client sent an explicit JSON null.
     */
    public record Input(
            String name,
            String displayName,
            boolean clearDisplayName,
            String imageUrl,
            boolean clearImageUrl,
            String propertiesJson,
            String numbersJson,
            String callbackJson) {}

    public Conversation create(Principal principal, Input input) {
        long now = clock.nowMs();
        String name = input.name() != null ? input.name() : "NAM-" + UUID.randomUUID();
        Conversation conversation = Conversation.created(ConversationId.next(), principal.applicationId(), now)
                .name(name)
                .displayName(input.displayName())
                .imageUrl(input.imageUrl())
                .propertiesJson(input.propertiesJson())
                .numbersJson(input.numbersJson())
                .callbackJson(input.callbackJson())
                .build();
        return store.write(tx -> {
            Conversation withCreator =
                    withCreator(conversation, Caller.resolve(tx, principal).userId());
            try {
                tx.conversations().insert(withCreator);
            } catch (UniqueViolation e) {
                throw duplicateName();
            }
            return withCreator;
        });
    }

    public Conversation get(Principal principal, String id) {
        return store.read(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            Conversation conversation = find(tx, caller, id);
            caller.requireReadable(tx, conversation);
            return conversation;
        });
    }

    public Page<Conversation> list(Principal principal, Long fromMs, Long toMs, PageRequest page) {
        return store.read(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            if (!caller.isAdmin() && caller.user().isEmpty()) {
                return new Page<Conversation>(java.util.List.of(), null, null);
            }
            return Pager.read(
                    page,
                    slice -> tx.conversations().list(principal.applicationId(), fromMs, toMs, caller.userId(), slice),
                    c -> new Key(c.createdMs(), c.id().value()));
        });
    }

    /** One offset page of conversations (the v0.1 API's {@code record_index}) and how many there are in all. */
    public OffsetPage<Conversation> listByOffset(
            Principal principal, Long fromMs, Long toMs, int recordIndex, int pageSize, boolean ascending) {
        return store.read(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            if (!caller.isAdmin() && caller.user().isEmpty()) {
                return new OffsetPage<Conversation>(java.util.List.of(), 0);
            }
            String app = principal.applicationId();
            return new OffsetPage<>(
                    tx.conversations()
                            .list(app, fromMs, toMs, caller.userId(), Slice.offset(ascending, recordIndex, pageSize)),
                    tx.conversations().count(app, fromMs, toMs, caller.userId()));
        });
    }

    /** Replaces the conversation's fields and records a {@code conversation:updated} event. */
    public Conversation replace(Principal principal, String id, Input input) {
        return store.write(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            Conversation current = find(tx, caller, id);
            Optional<Member> member = caller.member(tx, current.id());
            Access.requireVisible(principal, member);
            Access.requireJoined(principal, member, "update the conversation");
            long now = clock.nowMs();
            Conversation updated = current.toBuilder()
                    .name(input.name() != null ? input.name() : current.name())
                    .displayName(pick(input.displayName(), input.clearDisplayName(), current.displayName()))
                    .imageUrl(pick(input.imageUrl(), input.clearImageUrl(), current.imageUrl()))
                    .propertiesJson(input.propertiesJson() != null ? input.propertiesJson() : current.propertiesJson())
                    .numbersJson(input.numbersJson() != null ? input.numbersJson() : current.numbersJson())
                    .callbackJson(input.callbackJson() != null ? input.callbackJson() : current.callbackJson())
                    .updatedMs(now)
                    .build();
            try {
                tx.conversations().update(updated);
            } catch (UniqueViolation e) {
                throw duplicateName();
            }
            ObjectNode body = Json.object();
            body.put("id", updated.id().value());
            body.put("name", updated.name());
            Json.putIfPresent(body, "display_name", updated.displayName());
            Json.putIfPresent(body, "image_url", updated.imageUrl());
            body.put("state", updated.state());
            ObjectNode timestamp = body.putObject("timestamp");
            timestamp.put("created", Timestamps.format(updated.createdMs()));
            timestamp.put("updated", Timestamps.format(now));
            EventWriter.append(tx, updated.id(), EventTypes.CONVERSATION_UPDATED, member.orElse(null), body, now);
            return tx.conversations()
                    .find(updated.applicationId(), updated.id())
                    .orElseThrow();
        });
    }

    public void delete(Principal principal, String id) {
        store.write(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            Conversation conversation = find(tx, caller, id);
            Optional<Member> member = caller.member(tx, conversation.id());
            Access.requireVisible(principal, member);
            Access.requireJoined(principal, member, "delete the conversation");
            tx.conversations().delete(conversation.id());
            return null;
        });
    }

    static Conversation find(Store.Tx tx, Caller caller, String id) {
        return ConversationId.parse(id)
                .flatMap(conversationId -> tx.conversations().find(caller.applicationId(), conversationId))
                .orElseThrow(Errors::conversationNotFound);
    }

    private static Conversation withCreator(Conversation c, UserId userId) {
        return c.toBuilder().creatorUserId(userId).build();
    }

    private static String pick(String value, boolean clear, String current) {
        if (clear) {
            return null;
        }
        return value != null ? value : current;
    }

    private static DomainException duplicateName() {
        return new DomainException.Conflict(
                ErrorCode.CONVERSATION_DUPLICATE_NAME,
                "The request failed because the conversation name already exists. Please provide a unique"
                        + " conversation name and try again.");
    }
}
