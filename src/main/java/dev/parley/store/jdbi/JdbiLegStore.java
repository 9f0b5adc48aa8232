package dev.parley.store.jdbi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.parley.domain.ConversationId;
import dev.parley.domain.Leg;
import dev.parley.domain.LegFilter;
import dev.parley.domain.LegId;
import dev.parley.domain.LegStatus;
import dev.parley.store.LegStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

final class JdbiLegStore implements LegStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final RowMapper<Leg> ROW = (rs, ctx) -> new Leg(
            new LegId(rs.getString("id")),
            rs.getString("application_id"),
            new ConversationId(rs.getString("conversation_id")),
            rs.getString("channel_type"),
            Leg.Direction.valueOf(rs.getString("direction").toUpperCase(Locale.ROOT)),
            rs.getString("from_json"),
            rs.getString("to_json"),
            LegStatus.parse(rs.getString("status")).orElseThrow(),
            history(rs.getString("history_json")),
            rs.getLong("created_ms"),
            Rows.nullableLong(rs, "answered_ms"),
            Rows.nullableLong(rs, "ended_ms"),
            rs.getString("event_url"),
            rs.getString("event_method"));

    private final Sql sql;

    JdbiLegStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Leg leg) {
        insert(leg, null);
    }

    @Override
    public List<Leg> unfinishedOn(String node) {
        return sql.handle()
                .createQuery("SELECT * FROM legs WHERE node = :node AND status IN ('started', 'ringing', 'answered')")
                .bind("node", node)
                .map(ROW)
                .list();
    }

    @Override
    public List<String> nodesRunning(ConversationId id) {
        return sql.handle()
                .createQuery("SELECT DISTINCT legs.node FROM legs JOIN nodes ON nodes.id = legs.node"
                        + " WHERE legs.conversation_id = :conversation"
                        + " AND legs.status IN ('started', 'ringing', 'answered') ORDER BY legs.node")
                .bind("conversation", id.value())
                .mapTo(String.class)
                .list();
    }

    @Override
    public Optional<String> nodeOf(LegId id) {
        return sql.handle()
                .createQuery("SELECT COALESCE(node, '') FROM legs WHERE id = :id")
                .bind("id", id.value())
                .mapTo(String.class)
                .findOne()
                .filter(node -> !node.isEmpty());
    }

    @Override
    public void insert(Leg leg, String node) {
        sql.execute(sql.handle()
                .createUpdate("INSERT INTO legs (id, application_id, conversation_id, channel_type, direction,"
                        + " from_json, to_json, status, history_json, created_ms, answered_ms, ended_ms, event_url,"
                        + " event_method, node) VALUES (:id, :app, :conversation, :type, :direction, :from, :to,"
                        + " :status, :history, :created, :answered, :ended, :event_url, :event_method, :node)")
                .bind("node", node)
                .bind("id", leg.id().value())
                .bind("app", leg.applicationId())
                .bind("conversation", leg.conversationId())
                .bind("type", leg.channelType())
                .bind("direction", leg.direction().wire())
                .bind("from", leg.fromJson())
                .bind("to", leg.toJson())
                .bind("status", leg.status().wire())
                .bind("history", historyJson(leg))
                .bind("created", leg.createdMs())
                .bind("answered", leg.answeredMs())
                .bind("ended", leg.endedMs())
                .bind("event_url", leg.eventUrl())
                .bind("event_method", leg.eventMethod()));
    }

    @Override
    public void update(Leg leg) {
        sql.handle()
                .createUpdate("UPDATE legs SET conversation_id = :conversation, status = :status,"
                        + " history_json = :history, answered_ms = :answered, ended_ms = :ended WHERE id = :id")
                .bind("conversation", leg.conversationId())
                .bind("id", leg.id().value())
                .bind("status", leg.status().wire())
                .bind("history", historyJson(leg))
                .bind("answered", leg.answeredMs())
                .bind("ended", leg.endedMs())
                .execute();
    }

    @Override
    public Optional<Leg> find(String applicationId, LegId id) {
        return sql.handle()
                .createQuery("SELECT * FROM legs WHERE id = :id AND application_id = :app")
                .bind("id", id.value())
                .bind("app", applicationId)
                .map(ROW)
                .findOne();
    }

    @Override
    public List<Leg> list(String applicationId, LegFilter filter, int recordIndex, int pageSize, boolean ascending) {
        String order = ascending ? "ASC" : "DESC";
        var query = sql.handle()
                .createQuery("SELECT * FROM legs" + where(filter) + " ORDER BY created_ms " + order + ", id " + order
                        + " LIMIT :limit OFFSET :offset");
        return bind(query, applicationId, filter)
                .bind("limit", pageSize)
                .bind("offset", recordIndex)
                .map(ROW)
                .list();
    }

    @Override
    public int count(String applicationId, LegFilter filter) {
        var query = sql.handle().createQuery("SELECT COUNT(*) FROM legs" + where(filter));
        return bind(query, applicationId, filter).mapTo(Integer.class).one();
    }

    private static String where(LegFilter filter) {
        StringBuilder where = new StringBuilder(" WHERE application_id = :app");
        if (filter.status() != null) {
            where.append(" AND status = :status");
        }
        if (filter.fromMs() != null) {
            where.append(" AND created_ms >= :from");
        }
        if (filter.toMs() != null) {
            where.append(" AND created_ms < :to");
        }
        if (filter.conversationId() != null) {
            where.append(" AND conversation_id = :conversation");
        }
        return where.toString();
    }

    private static <Q extends SqlStatement<Q>> Q bind(Q query, String applicationId, LegFilter filter) {
        query.bind("app", applicationId);
        if (filter.status() != null) {
            query.bind("status", filter.status().wire());
        }
        if (filter.fromMs() != null) {
            query.bind("from", filter.fromMs());
        }
        if (filter.toMs() != null) {
            query.bind("to", filter.toMs());
        }
        if (filter.conversationId() != null) {
            query.bind("conversation", filter.conversationId());
        }
        return query;
    }

    private static String historyJson(Leg leg) {
        ArrayNode history = MAPPER.createArrayNode();
        for (Leg.StatusChange change : leg.history()) {
            history.addObject().put("status", change.status().wire()).put("at", change.atMs());
        }
        return history.toString();
    }

    private static List<Leg.StatusChange> history(String json) {
        try {
            List<Leg.StatusChange> changes = new ArrayList<>();
            for (JsonNode change : MAPPER.readTree(json)) {
                changes.add(new Leg.StatusChange(
                        LegStatus.parse(change.path("status").asText()).orElseThrow(),
                        change.path("at").asLong()));
            }
            return changes;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored leg history is not JSON", e);
        }
    }
}
