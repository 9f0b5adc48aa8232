package dev.parley.store.jdbi;

import dev.parley.domain.Event;
import dev.parley.domain.EventFilter;
import dev.parley.domain.EventTypes;
import dev.parley.domain.Receipt;
import dev.parley.domain.UserSummary;
import dev.parley.store.EventStore;
import dev.parley.store.Slice;
import dev.parley.store.WebhookStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Events of one transaction; remembers the highest position it wrote for the commit listener. */
final class JdbiEventStore implements EventStore {
    static final String INSERT = "INSERT INTO events (conversation_id, id, position, type, from_member, body_json,"
            + " created_ms) VALUES (:conversation, :id, :position, :type, :from, :body, :created)";

    private final Sql sql;
    private final StreamPositions positions;
    /** The SQLite writer's cache (null elsewhere: reads, PostgreSQL, a batch run again with savepoints). */
    private final AppendCache cache;

    private long highestPosition;

    JdbiEventStore(Sql sql, StreamPositions positions, AppendCache cache) {
        this.sql = sql;
        this.positions = positions;
        this.cache = cache;
    }

    /** Everything else here reads or writes events: the cache's unwritten ones go first. */
    private void writeUnwritten() {
        if (cache != null) {
            cache.flush(sql.handle);
        }
    }

    long highestPosition() {
        return highestPosition;
    }

    @Override
    public Event append(NewEvent e, long id) {
        writeUnwritten();
        if (positions == null) {
            throw new IllegalStateException("events are appended in write transactions only");
        }
        // Positions come from the batch that holds the stream row, so they follow commit order on both
        // databases: a reader that has seen position p has seen every event below p.
        Event event = new Event(
                e.conversationId(),
                id,
                positions.next(),
                e.type(),
                e.from() == null ? null : e.from().id(),
                e.from() == null ? null : e.from().user(),
                e.bodyJson(),
                e.createdMs(),
                null);
        insert(event);
        highestPosition = Math.max(highestPosition, event.position());
        return event; // built from what was written: no read-back
    }

    @Override
    public Optional<Appended> appendFromJoined(
            String applicationId, String conversationId, Sender sender, String type, String bodyJson, long createdMs) {
        if (positions == null) {
            throw new IllegalStateException("events are appended in write transactions only");
        }
        // The position is unused (a gap) when the checks fail.
        Sending sending =
                new Sending(applicationId, conversationId, sender, type, bodyJson, createdMs, positions.next());
        Optional<Appended> appended = cache != null
                ? appendCached(sending)
                : sql.dialect.modifiesInWith() ? appendInOneStatement(sending) : appendStepByStep(sending);
        appended.ifPresent(a -> highestPosition = Math.max(highestPosition, sending.position()));
        return appended;
    }

    /** One checked append: what was sent, and the stream position it gets if it is stored. */
    private record Sending(
            String applicationId,
            String conversationId,
            Sender sender,
            String type,
            String bodyJson,
            long createdMs,
            long position) {

        /** The sending member (with its user), if it is joined: {@code :conversation}, {@code :app}, ... */
        String senderQuery() {
            String who = (sender.userName() == null
                            ? ""
                            : " AND m.user_id = (SELECT id FROM users WHERE application_id = :app"
                                    + " AND name = :user_name)")
                    + (sender.memberId() == null ? "" : " AND m.id = :member");
            return "SELECT m.id AS member_id, u.id AS u_id, u.name AS u_name, u.display_name AS u_display_name,"
                    + " u.image_url AS u_image_url, u.properties_json AS u_properties_json"
                    + " FROM members m JOIN users u ON u.id = m.user_id"
                    + " WHERE m.conversation_id = :conversation AND m.state = 'JOINED'" + who;
        }

        <Q extends org.jdbi.v3.core.statement.SqlStatement<Q>> Q bindSender(Q query) {
            query.bind("conversation", conversationId).bind("app", applicationId);
            if (sender.userName() != null) {
                query.bind("user_name", sender.userName());
            }
            if (sender.memberId() != null) {
                query.bind("member", sender.memberId());
            }
            return query;
        }

        Event event(long id, String memberId, UserSummary user) {
            return new Event(conversationId, id, position, type, memberId, user, bodyJson, createdMs, null);
        }
    }

    /** PostgreSQL: check, id, insert and webhook targets in one round trip. */
    private Optional<Appended> appendInOneStatement(Sending sending) {
        var query = sql.handle.createQuery("WITH s AS (" + sending.senderQuery() + "),"
                + " c AS (UPDATE conversations SET sequence_number = sequence_number + 1"
                + " WHERE id = :conversation AND application_id = :app AND EXISTS (SELECT 1 FROM s)"
                + " RETURNING sequence_number, application_id, callback_json),"
                + " i AS (INSERT INTO events (conversation_id, id, position, type, from_member, body_json, created_ms)"
                + " SELECT :conversation, c.sequence_number, :position, :type, s.member_id, :body, :created FROM c, s)"
                + " SELECT c.sequence_number, c.application_id, c.callback_json, a.event_url, a.event_method, s.*"
                + " FROM c CROSS JOIN s JOIN applications a ON a.id = c.application_id");
        return sending.bindSender(query)
                .bind("position", sending.position())
                .bind("type", sending.type())
                .bind("body", sending.bodyJson())
                .bind("created", sending.createdMs())
                .map((rs, ctx) -> new Appended(
                        sending.event(rs.getLong("sequence_number"), rs.getString("member_id"), Rows.userSummary(rs)),
                        new WebhookStore.Targets(
                                rs.getString("application_id"),
                                rs.getString("event_url"),
                                rs.getString("event_method"),
                                rs.getString("callback_json"))))
                .findOne();
    }

    /**
     * SQLite's writer with its cache: the sender and the conversation from the cache (read once), the
     * event handed out and written with the batch's others just before the commit.
     */
    private Optional<Appended> appendCached(Sending sending) {
        AppendCache.SenderKey key =
                AppendCache.key(sending.applicationId(), sending.conversationId(), sending.sender());
        AppendCache.JoinedSender sender = cache.sender(key);
        if (sender == null) {
            sender = joinedSender(sending).orElse(null);
            if (sender == null) {
                return Optional.empty();
            }
            cache.rememberSender(key, sender);
        }
        AppendCache.Conversation conversation = cache.conversation(sending.conversationId());
        if (conversation == null) {
            conversation = sql.handle
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
        return Optional.of(new Appended(event, conversation.targets));
    }

    /** SQLite (in-process, so statements cost no round trip): the same checks and writes one by one. */
    private Optional<Appended> appendStepByStep(Sending sending) {
        Optional<AppendCache.JoinedSender> found = joinedSender(sending);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return new JdbiConversationStore(sql)
                .nextEventInApplication(sending.conversationId(), sending.applicationId())
                .map(next -> {
                    Event event = sending.event(
                            next.id(), found.get().memberId(), found.get().user());
                    insert(event);
                    return new Appended(event, next.targets());
                });
    }

    /** The sending member (with its user) if it is joined, by {@link Sending#senderQuery}. */
    private Optional<AppendCache.JoinedSender> joinedSender(Sending sending) {
        return sending.bindSender(sql.handle.createQuery(sending.senderQuery()))
                .map((rs, ctx) -> new AppendCache.JoinedSender(rs.getString("member_id"), Rows.userSummary(rs)))
                .findOne();
    }

    private void insert(Event e) {
        bindInsert(sql.handle.createUpdate(INSERT), e).execute();
    }

    static <Q extends org.jdbi.v3.core.statement.SqlStatement<Q>> Q bindInsert(Q statement, Event e) {
        return statement
                .bind("conversation", e.conversationId())
                .bind("id", e.id())
                .bind("position", e.position())
                .bind("type", e.type())
                .bind("from", e.fromMemberId())
                .bind("body", e.bodyJson())
                .bind("created", e.createdMs());
    }

    @Override
    public Optional<Event> find(String conversationId, long id) {
        writeUnwritten();
        return sql.handle
                .createQuery("SELECT " + Rows.EVENT_COLUMNS + " FROM " + Rows.EVENT_FROM
                        + " WHERE e.conversation_id = :conversation AND e.id = :id")
                .bind("conversation", conversationId)
                .bind("id", id)
                .map(Rows.EVENT)
                .findOne();
    }

    @Override
    public void markDeleted(String conversationId, long id, long atMs) {
        writeUnwritten();
        sql.handle
                .createUpdate("UPDATE events SET deleted_ms = :at WHERE conversation_id = :conversation AND id = :id")
                .bind("conversation", conversationId)
                .bind("id", id)
                .bind("at", atMs)
                .execute();
    }

    @Override
    public List<Event> list(String conversationId, EventFilter filter, Slice slice) {
        writeUnwritten();
        StringBuilder where = new StringBuilder(" WHERE e.conversation_id = :conversation");
        if (filter.startId() != null) {
            where.append(" AND e.id >= :start_id");
        }
        if (filter.endId() != null) {
            where.append(" AND e.id <= :end_id");
        }
        List<String> types = filter.types() == null ? List.of() : new ArrayList<>(filter.types());
        List<String> prefixes = filter.typePrefixes() == null ? List.of() : new ArrayList<>(filter.typePrefixes());
        if (!types.isEmpty() || !prefixes.isEmpty()) {
            List<String> alternatives = new ArrayList<>();
            if (!types.isEmpty()) {
                alternatives.add("e.type IN (<types>)");
            }
            for (int i = 0; i < prefixes.size(); i++) {
                alternatives.add("e.type LIKE :prefix" + i);
            }
            where.append(" AND (").append(String.join(" OR ", alternatives)).append(")");
            if (!types.contains(EventTypes.MESSAGE) && prefixes.stream().noneMatch(EventTypes.MESSAGE::startsWith)) {
                // Implied by the filter, but the planner needs it spelled out to use the type index,
                // which leaves messages out (V5).
                where.append(" AND e.type <> '" + EventTypes.MESSAGE + "'");
            }
        }
        if (filter.excludeDeleted()) {
            where.append(" AND e.deleted_ms IS NULL");
        }
        var query = sql.handle.createQuery(
                "SELECT " + Rows.EVENT_COLUMNS + " FROM " + Rows.EVENT_FROM + where + Sql.keysetUnique(slice, "e.id"));
        query.bind("conversation", conversationId);
        if (filter.startId() != null) {
            query.bind("start_id", filter.startId());
        }
        if (filter.endId() != null) {
            query.bind("end_id", filter.endId());
        }
        if (!types.isEmpty()) {
            query.bindList("types", types);
        }
        for (int i = 0; i < prefixes.size(); i++) {
            // Prefixes are server constants ("member:", "custom:"), never client text.
            query.bind("prefix" + i, prefixes.get(i) + "%");
        }
        return Sql.bindUniqueSlice(query, slice).map(Rows.EVENT).list();
    }

    @Override
    public long latestPosition() {
        writeUnwritten();
        return sql.handle
                .createQuery("SELECT position FROM stream WHERE id = 1")
                .mapTo(Long.class)
                .one();
    }

    @Override
    public List<Event> afterPosition(long position, int limit) {
        writeUnwritten();
        return sql.handle
                .createQuery("SELECT " + Rows.EVENT_COLUMNS + " FROM " + Rows.EVENT_FROM
                        + " WHERE e.position > :position ORDER BY e.position LIMIT :limit")
                .bind("position", position)
                .bind("limit", limit)
                .map(Rows.EVENT)
                .list();
    }

    @Override
    public List<Event> missedBy(String userId, long afterPosition, long upToPosition, int limit) {
        writeUnwritten();
        // A user's member rows in one conversation cover disjoint position ranges, so no duplicates.
        return sql.handle
                .createQuery("SELECT " + Rows.EVENT_COLUMNS + " FROM members mine"
                        + " JOIN events e ON e.conversation_id = mine.conversation_id"
                        + " LEFT JOIN members m ON m.id = e.from_member LEFT JOIN users u ON u.id = m.user_id"
                        + " WHERE mine.user_id = :user AND e.position > :after AND e.position <= :upto"
                        + " AND e.position >= COALESCE(mine.since_position, 0)"
                        + " AND (mine.left_position IS NULL OR e.position <= mine.left_position)"
                        + " ORDER BY e.conversation_id, e.id LIMIT :limit")
                .bind("user", userId)
                .bind("after", afterPosition)
                .bind("upto", upToPosition)
                .bind("limit", limit)
                .map(Rows.EVENT)
                .list();
    }

    @Override
    public void recordReceipt(String conversationId, long eventId, String memberId, String kind, long atMs) {
        writeUnwritten();
        sql.handle
                .createUpdate("INSERT INTO event_receipts (conversation_id, event_id, member_id, kind, created_ms)"
                        + " VALUES (:conversation, :event, :member, :kind, :at) ON CONFLICT DO NOTHING")
                .bind("conversation", conversationId)
                .bind("event", eventId)
                .bind("member", memberId)
                .bind("kind", kind)
                .bind("at", atMs)
                .execute();
    }

    @Override
    public List<Receipt> receipts(String conversationId, java.util.Collection<Long> eventIds) {
        writeUnwritten();
        if (eventIds.isEmpty()) {
            return List.of();
        }
        return sql.handle
                .createQuery("SELECT event_id, member_id, kind, created_ms FROM event_receipts"
                        + " WHERE conversation_id = :conversation AND event_id IN (<ids>) ORDER BY created_ms")
                .bind("conversation", conversationId)
                .bindList("ids", new ArrayList<>(eventIds))
                .map((rs, ctx) -> new Receipt(
                        rs.getLong("event_id"),
                        rs.getString("member_id"),
                        rs.getString("kind"),
                        rs.getLong("created_ms")))
                .list();
    }

    @Override
    public Optional<Long> findByTransaction(String conversationId, String principal, String transactionId) {
        writeUnwritten();
        return sql.handle
                .createQuery("SELECT event_id FROM event_requests WHERE conversation_id = :conversation"
                        + " AND principal = :principal AND transaction_id = :txn")
                .bind("conversation", conversationId)
                .bind("principal", principal)
                .bind("txn", transactionId)
                .mapTo(Long.class)
                .findOne();
    }

    @Override
    public void rememberTransaction(
            String conversationId, String principal, String transactionId, long eventId, long atMs) {
        writeUnwritten();
        sql.execute(sql.handle
                .createUpdate("INSERT INTO event_requests (conversation_id, principal, transaction_id, event_id,"
                        + " created_ms) VALUES (:conversation, :principal, :txn, :event, :at)")
                .bind("conversation", conversationId)
                .bind("principal", principal)
                .bind("txn", transactionId)
                .bind("event", eventId)
                .bind("at", atMs));
    }
}
