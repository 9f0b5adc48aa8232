package dev.parley.store.jdbi;

import dev.parley.domain.ConversationId;
import dev.parley.domain.LegId;
import dev.parley.domain.Recording;
import dev.parley.store.RecordingStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

final class JdbiRecordingStore implements RecordingStore {
    private static final RowMapper<Recording> ROW = (rs, ctx) -> new Recording(
            rs.getString("id"),
            rs.getString("application_id"),
            ConversationId.parse(rs.getString("conversation_id")).orElseThrow(),
            rs.getString("leg_id") == null
                    ? null
                    : LegId.parse(rs.getString("leg_id")).orElseThrow(),
            rs.getString("content_type"),
            rs.getLong("size"),
            rs.getString("location"),
            rs.getInt("channels"),
            rs.getLong("start_ms"),
            rs.getLong("end_ms"),
            rs.getLong("expires_ms"));

    private final Sql sql;

    JdbiRecordingStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Recording r) {
        sql.execute(sql.handle()
                .createUpdate("INSERT INTO recordings (id, application_id, conversation_id, leg_id, content_type, size,"
                        + " location, channels, start_ms, end_ms, expires_ms) VALUES (:id, :app, :conversation, :leg,"
                        + " :type, :size, :location, :channels, :start, :end, :expires)")
                .bind("id", r.id())
                .bind("app", r.applicationId())
                .bind("conversation", r.conversationId().value())
                .bind("leg", r.legId() == null ? null : r.legId().value())
                .bind("type", r.contentType())
                .bind("size", r.size())
                .bind("location", r.location())
                .bind("channels", r.channels())
                .bind("start", r.startMs())
                .bind("end", r.endMs())
                .bind("expires", r.expiresMs()));
    }

    @Override
    public Optional<Recording> find(String applicationId, String id) {
        return sql.handle()
                .createQuery("SELECT * FROM recordings WHERE id = :id AND application_id = :app")
                .bind("id", id)
                .bind("app", applicationId)
                .map(ROW)
                .findOne();
    }

    @Override
    public List<Recording> expired(long nowMs, int limit) {
        return sql.handle()
                .createQuery("SELECT * FROM recordings WHERE expires_ms < :now ORDER BY expires_ms LIMIT :limit")
                .bind("now", nowMs)
                .bind("limit", limit)
                .map(ROW)
                .list();
    }

    @Override
    public boolean delete(String id) {
        return sql.handle()
                        .createUpdate("DELETE FROM recordings WHERE id = :id")
                        .bind("id", id)
                        .execute()
                > 0;
    }
}
