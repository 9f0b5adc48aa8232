package dev.parley.store.jdbi;

import dev.parley.domain.Conversation;
import dev.parley.domain.ConversationId;
import dev.parley.domain.MemberId;
import dev.parley.domain.MemberState;
import dev.parley.domain.UserConversation;
import dev.parley.domain.UserId;
import dev.parley.store.ConversationStore;
import dev.parley.store.Slice;
import dev.parley.store.WebhookStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.Update;

final class JdbiConversationStore implements ConversationStore {
    private final Sql sql;

    JdbiConversationStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Conversation c) {
        sql.execute(bindFields(
                sql.handle()
                        .createUpdate(
                                "INSERT INTO conversations (id, application_id, name, display_name, image_url, state,"
                                        + " sequence_number, properties_json, numbers_json, callback_json, created_ms,"
                                        + " updated_ms, creator_user_id) VALUES (:id, :app, :name, :display_name, :image_url, :state, 0,"
                                        + " :properties, :numbers, :callback, :created, :updated, :creator)"),
                c));
    }

    @Override
    public void update(Conversation c) {
        sql.execute(bindFields(
                sql.handle()
                        .createUpdate("UPDATE conversations SET name = :name, display_name = :display_name,"
                                + " image_url = :image_url, state = :state, properties_json = :properties,"
                                + " numbers_json = :numbers, callback_json = :callback, updated_ms = :updated"
                                + " WHERE id = :id AND application_id = :app"),
                c));
    }

    private static Update bindFields(Update update, Conversation c) {
        return update.bind("id", c.id())
                .bind("app", c.applicationId())
                .bind("name", c.name())
                .bind("display_name", c.displayName())
                .bind("image_url", c.imageUrl())
                .bind("state", c.state())
                .bind("properties", c.propertiesJson())
                .bind("numbers", c.numbersJson())
                .bind("callback", c.callbackJson())
                .bind("created", c.createdMs())
                .bind("updated", c.updatedMs())
                .bind("creator", c.creatorUserId());
    }

    @Override
    public Optional<Conversation> find(String applicationId, ConversationId id) {
        return sql.handle()
                .createQuery("SELECT " + Rows.CONVERSATION_COLUMNS + " FROM conversations c"
                        + " WHERE c.id = :id AND c.application_id = :app")
                .bind("id", id)
                .bind("app", applicationId)
                .map(Rows.CONVERSATION)
                .findOne();
    }

    @Override
    public Optional<Conversation> findByName(String applicationId, String name) {
        return sql.handle()
                .createQuery("SELECT " + Rows.CONVERSATION_COLUMNS + " FROM conversations c"
                        + " WHERE c.name = :name AND c.application_id = :app")
                .bind("name", name)
                .bind("app", applicationId)
                .map(Rows.CONVERSATION)
                .findOne();
    }

    @Override
    public void delete(ConversationId id) {
        // Children first: explicit deletes keep the behaviour independent of cascade settings.
        for (String table : List.of("event_requests", "events", "members")) {
            sql.handle()
                    .createUpdate("DELETE FROM " + table + " WHERE conversation_id = :id")
                    .bind("id", id)
                    .execute();
        }
        sql.handle()
                .createUpdate("DELETE FROM conversations WHERE id = :id")
                .bind("id", id)
                .execute();
    }

    @Override
    public NextEvent nextEvent(ConversationId conversationId) {
        // The UPDATE takes the row lock (PostgreSQL) or runs under the single writer (SQLite) until the
        // transaction ends, so the value it returns is ours alone: ids are consecutive. The webhook
        // targets come back with it, saving the append a round trip.
        return mapNext(nextEventQuery(conversationId, "")).orElseThrow();
    }

    /** {@link #nextEvent} only if the conversation belongs to the application; empty otherwise. */
    Optional<NextEvent> nextEventInApplication(ConversationId conversationId, String applicationId) {
        var query = nextEventQuery(conversationId, " AND application_id = :app");
        return mapNext(query.bind("app", applicationId));
    }

    private org.jdbi.v3.core.statement.Query nextEventQuery(ConversationId conversationId, String condition) {
        return sql.handle()
                .createQuery("UPDATE conversations SET sequence_number = sequence_number + 1 WHERE id = :id"
                        + condition
                        + " RETURNING sequence_number, application_id, callback_json,"
                        // SQLite's RETURNING sees only the updated table: the application's URL by subquery.
                        + " (SELECT a.event_url FROM applications a WHERE a.id = application_id),"
                        + " (SELECT a.event_method FROM applications a WHERE a.id = application_id)")
                .bind("id", conversationId);
    }

    private static Optional<NextEvent> mapNext(org.jdbi.v3.core.statement.Query query) {
        return query.map((rs, ctx) -> new NextEvent(
                        rs.getLong(1),
                        new WebhookStore.Targets(rs.getString(2), rs.getString(4), rs.getString(5), rs.getString(3))))
                .findOne();
    }

    @Override
    public List<Conversation> list(
            String applicationId, Long createdFromMs, Long createdToMs, UserId visibleToUserId, Slice slice) {
        var query = sql.handle()
                .createQuery("SELECT " + Rows.CONVERSATION_COLUMNS + " FROM conversations c"
                        + listed(createdFromMs, createdToMs, visibleToUserId)
                        + Sql.keyset(slice, "c.created_ms", "c.id"));
        bindListed(query, applicationId, createdFromMs, createdToMs, visibleToUserId);
        return Sql.bindSlice(query, slice).map(Rows.CONVERSATION).list();
    }

    @Override
    public int count(String applicationId, Long createdFromMs, Long createdToMs, UserId visibleToUserId) {
        var query = sql.handle()
                .createQuery(
                        "SELECT COUNT(*) FROM conversations c" + listed(createdFromMs, createdToMs, visibleToUserId));
        bindListed(query, applicationId, createdFromMs, createdToMs, visibleToUserId);
        return query.mapTo(Integer.class).one();
    }

    /** The conditions of a conversation listing; bound by {@link #bindListed}. */
    private static String listed(Long createdFromMs, Long createdToMs, UserId visibleToUserId) {
        StringBuilder where = new StringBuilder(" WHERE c.application_id = :app");
        if (createdFromMs != null) {
            where.append(" AND c.created_ms >= :from");
        }
        if (createdToMs != null) {
            where.append(" AND c.created_ms <= :to");
        }
        if (visibleToUserId != null) {
            where.append(" AND (c.creator_user_id = :user OR EXISTS (SELECT 1 FROM members m"
                    + " WHERE m.conversation_id = c.id AND m.user_id = :user AND m.state <> 'LEFT'))");
        }
        return where.toString();
    }

    private static void bindListed(
            org.jdbi.v3.core.statement.Query query,
            String applicationId,
            Long createdFromMs,
            Long createdToMs,
            UserId visibleToUserId) {
        query.bind("app", applicationId);
        if (createdFromMs != null) {
            query.bind("from", createdFromMs);
        }
        if (createdToMs != null) {
            query.bind("to", createdToMs);
        }
        if (visibleToUserId != null) {
            query.bind("user", visibleToUserId);
        }
    }

    @Override
    public List<UserConversation> listForUser(UserId userId, MemberState state, Long createdFromMs, Slice slice) {
        // One row per conversation: the user's latest member there (a user may have left and rejoined).
        StringBuilder where = new StringBuilder(" WHERE m.user_id = :user AND NOT EXISTS (SELECT 1 FROM members newer"
                + " WHERE newer.conversation_id = m.conversation_id AND newer.user_id = m.user_id"
                + " AND (newer.created_ms > m.created_ms"
                + " OR (newer.created_ms = m.created_ms AND newer.id > m.id)))");
        if (state != null) {
            where.append(" AND m.state = :state");
        }
        if (createdFromMs != null) {
            where.append(" AND c.created_ms >= :from");
        }
        var query = sql.handle()
                .createQuery("SELECT " + Rows.CONVERSATION_COLUMNS + ", m.id AS member_id, m.state AS member_state"
                        + " FROM members m JOIN conversations c ON c.id = m.conversation_id" + where
                        + Sql.keyset(slice, "c.created_ms", "c.id"));
        query.bind("user", userId);
        if (state != null) {
            query.bind("state", state.name());
        }
        if (createdFromMs != null) {
            query.bind("from", createdFromMs);
        }
        return Sql.bindSlice(query, slice)
                .map((rs, ctx) -> new UserConversation(
                        Rows.CONVERSATION.map(rs, ctx),
                        new MemberId(rs.getString("member_id")),
                        MemberState.valueOf(rs.getString("member_state"))))
                .list();
    }
}
