package dev.parley.store.jdbi;

import dev.parley.domain.ConversationId;
import dev.parley.domain.Event;
import dev.parley.domain.EventFilter;
import dev.parley.domain.EventTypes;
import dev.parley.domain.MemberId;
import dev.parley.domain.Receipt;
import dev.parley.domain.UserId;
import dev.parley.store.EventStore;
import dev.parley.store.Slice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Events of one transaction; remembers the highest position it wrote for the commit listener. Its
 * {@link Sql} writes the SQLite writer's pending events before each statement (see {@link JdbiTx}), so
 * reads here always see them.
 */
final class JdbiEventStore implements EventStore {
    static final String INSERT = "INSERT INTO events (conversation_id, id, position, type, from_member, body_json,"
            + " created_ms, to_member) VALUES (:conversation, :id, :position, :type, :from, :body, :created, :to)";

    private final Sql sql;
    private final StreamPositions positions;
    private final AppendPath appendPath;

    private long highestPosition;

    JdbiEventStore(Sql sql, StreamPositions positions, AppendPath appendPath) {
        this.sql = sql;
        this.positions = positions;
        this.appendPath = appendPath;
    }

    long highestPosition() {
        return highestPosition;
    }

    private StreamPositions writePositions() {
        if (positions == null) {
            throw new IllegalStateException("events are appended in write transactions only");
        }
        return positions;
    }

    @Override
    public Event append(NewEvent e, long id) {
        // Positions come from the batch that holds the stream row, so they follow commit order on both
        // databases: a reader that has seen position p has seen every event below p.
        Event event = new Event(
                e.conversationId(),
                id,
                writePositions().next(),
                e.type(),
                e.from() == null ? null : e.from().id(),
                e.from() == null ? null : e.from().user(),
                e.bodyJson(),
                e.createdMs(),
                null,
                e.to());
        insert(sql, event);
        highestPosition = Math.max(highestPosition, event.position());
        return event; // built from what was written: no read-back
    }

    @Override
    public Optional<Appended> appendFromJoined(
            String applicationId,
            ConversationId conversationId,
            Sender sender,
            String type,
            String bodyJson,
            long createdMs) {
        // The position is unused (a gap) when the checks fail.
        Sending sending = new Sending(
                applicationId,
                conversationId,
                sender,
                type,
                bodyJson,
                createdMs,
                writePositions().next());
        Optional<Appended> appended = appendPath.append(sending);
        appended.ifPresent(a -> highestPosition = Math.max(highestPosition, sending.position()));
        return appended;
    }

    /**
     * Leaves out the {@link EventTypes#SENDER_ONLY} events whose sender's user ({@code u} of
     * {@link Rows#EVENT_FROM}) is not the viewer, given as a bound name or a column.
     */
    private static final String SENDER_ONLY_FOR_OTHERS = " AND (e.type NOT IN ("
            + EventTypes.SENDER_ONLY.stream()
                    .map(t -> "'" + t + "'")
                    .sorted()
                    .collect(java.util.stream.Collectors.joining(", "))
            + ") OR u.id = %s)";

    static void insert(Sql sql, Event e) {
        bindInsert(sql.handle().createUpdate(INSERT), e).execute();
    }

    static <Q extends org.jdbi.v3.core.statement.SqlStatement<Q>> Q bindInsert(Q statement, Event e) {
        return statement
                .bind("conversation", e.conversationId())
                .bind("id", e.id())
                .bind("position", e.position())
                .bind("type", e.type())
                .bind("from", e.fromMemberId())
                .bind("body", e.bodyJson())
                .bind("created", e.createdMs())
                .bind("to", e.toMemberId());
    }

    @Override
    public Optional<Event> find(ConversationId conversationId, long id) {
        return sql.handle()
                .createQuery("SELECT " + Rows.EVENT_COLUMNS + " FROM " + Rows.EVENT_FROM
                        + " WHERE e.conversation_id = :conversation AND e.id = :id")
                .bind("conversation", conversationId)
                .bind("id", id)
                .map(Rows.EVENT)
                .findOne();
    }

    @Override
    public void markDeleted(ConversationId conversationId, long id, long atMs) {
        sql.handle()
                .createUpdate("UPDATE events SET deleted_ms = :at WHERE conversation_id = :conversation AND id = :id")
                .bind("conversation", conversationId)
                .bind("id", id)
                .bind("at", atMs)
                .execute();
    }

    @Override
    public List<Event> list(ConversationId conversationId, EventFilter filter, Slice slice) {
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
        if (filter.viewer() != null) {
            where.append(SENDER_ONLY_FOR_OTHERS.formatted(":viewer"));
        }
        var query = sql.handle()
                .createQuery("SELECT " + Rows.EVENT_COLUMNS + " FROM " + Rows.EVENT_FROM + where
                        + Sql.keysetUnique(slice, "e.id"));
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
        if (filter.viewer() != null) {
            query.bind("viewer", filter.viewer());
        }
        for (int i = 0; i < prefixes.size(); i++) {
            // Prefixes are server constants ("member:", "custom:"), never client text.
            query.bind("prefix" + i, prefixes.get(i) + "%");
        }
        return Sql.bindUniqueSlice(query, slice).map(Rows.EVENT).list();
    }

    @Override
    public long latestPosition() {
        return sql.handle()
                .createQuery("SELECT position FROM stream WHERE id = 1")
                .mapTo(Long.class)
                .one();
    }

    @Override
    public List<Event> afterPosition(long position, int limit) {
        return sql.handle()
                .createQuery("SELECT " + Rows.EVENT_COLUMNS + " FROM " + Rows.EVENT_FROM
                        + " WHERE e.position > :position ORDER BY e.position LIMIT :limit")
                .bind("position", position)
                .bind("limit", limit)
                .map(Rows.EVENT)
                .list();
    }

    @Override
    public List<Event> missedBy(UserId userId, long afterPosition, long upToPosition, int limit) {
        // A user's member rows in one conversation cover disjoint position ranges, so no duplicates.
        return sql.handle()
                .createQuery("SELECT " + Rows.EVENT_COLUMNS + " FROM members mine"
                        + " JOIN events e ON e.conversation_id = mine.conversation_id"
                        + " LEFT JOIN members m ON m.id = e.from_member LEFT JOIN users u ON u.id = m.user_id"
                        + " WHERE mine.user_id = :user AND e.position > :after AND e.position <= :upto"
                        + " AND e.position >= COALESCE(mine.since_position, 0)"
                        + " AND (mine.left_position IS NULL OR e.position <= mine.left_position)"
                        + SENDER_ONLY_FOR_OTHERS.formatted("mine.user_id")
                        + " ORDER BY e.conversation_id, e.id LIMIT :limit")
                .bind("user", userId)
                .bind("after", afterPosition)
                .bind("upto", upToPosition)
                .bind("limit", limit)
                .map(Rows.EVENT)
                .list();
    }

    @Override
    public void recordReceipt(ConversationId conversationId, long eventId, MemberId memberId, String kind, long atMs) {
        sql.handle()
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
    public List<Receipt> receipts(ConversationId conversationId, java.util.Collection<Long> eventIds) {
        if (eventIds.isEmpty()) {
            return List.of();
        }
        return sql.handle()
                .createQuery("SELECT event_id, member_id, kind, created_ms FROM event_receipts"
                        + " WHERE conversation_id = :conversation AND event_id IN (<ids>) ORDER BY created_ms")
                .bind("conversation", conversationId)
                .bindList("ids", new ArrayList<>(eventIds))
                .map((rs, ctx) -> new Receipt(
                        rs.getLong("event_id"),
                        new MemberId(rs.getString("member_id")),
                        rs.getString("kind"),
                        rs.getLong("created_ms")))
                .list();
    }

    @Override
    public Optional<Long> findByTransaction(ConversationId conversationId, String principal, String transactionId) {
        return sql.handle()
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
            ConversationId conversationId, String principal, String transactionId, long eventId, long atMs) {
        sql.execute(sql.handle()
                .createUpdate("INSERT INTO event_requests (conversation_id, principal, transaction_id, event_id,"
                        + " created_ms) VALUES (:conversation, :principal, :txn, :event, :at)")
                .bind("conversation", conversationId)
                .bind("principal", principal)
                .bind("txn", transactionId)
                .bind("event", eventId)
                .bind("at", atMs));
    }
}
