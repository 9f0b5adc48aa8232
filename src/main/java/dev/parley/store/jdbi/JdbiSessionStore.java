package dev.parley.store.jdbi;

import dev.parley.domain.Session;
import dev.parley.domain.SessionId;
import dev.parley.domain.UserId;
import dev.parley.store.SessionStore;
import dev.parley.store.Slice;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

final class JdbiSessionStore implements SessionStore {
    private static final RowMapper<Session> ROW = (rs, ctx) -> new Session(
            new SessionId(rs.getString("id")),
            rs.getString("application_id"),
            new UserId(rs.getString("user_id")),
            rs.getLong("created_ms"),
            rs.getLong("expires_ms"),
            rs.getLong("resume_position"),
            Rows.nullableLong(rs, "ended_ms"));

    private final Sql sql;

    JdbiSessionStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Session s, long nowMs) {
        sql.execute(sql.handle()
                .createUpdate("INSERT INTO sessions (id, application_id, user_id, created_ms, expires_ms,"
                        + " resume_position, updated_ms) VALUES (:id, :app, :user, :created, :expires, :resume,"
                        + " :now)")
                .bind("id", s.id())
                .bind("app", s.applicationId())
                .bind("user", s.userId())
                .bind("created", s.createdMs())
                .bind("expires", s.expiresMs())
                .bind("resume", s.resumePosition())
                .bind("now", nowMs));
    }

    @Override
    public Optional<Session> find(String applicationId, SessionId id) {
        return sql.handle()
                .createQuery("SELECT * FROM sessions WHERE id = :id AND application_id = :app")
                .bind("id", id)
                .bind("app", applicationId)
                .map(ROW)
                .findOne();
    }

    @Override
    public void saveResumePosition(SessionId id, long position, long nowMs) {
        sql.handle()
                .createUpdate("UPDATE sessions SET resume_position = :position, updated_ms = :now"
                        + " WHERE id = :id AND resume_position < :position")
                .bind("id", id)
                .bind("position", position)
                .bind("now", nowMs)
                .execute();
    }

    @Override
    public void renew(SessionId id, long expiresMs, long nowMs) {
        sql.handle()
                .createUpdate("UPDATE sessions SET expires_ms = :expires, updated_ms = :now WHERE id = :id")
                .bind("id", id)
                .bind("expires", expiresMs)
                .bind("now", nowMs)
                .execute();
    }

    @Override
    public void end(SessionId id, long nowMs) {
        sql.handle()
                .createUpdate("UPDATE sessions SET ended_ms = :now, updated_ms = :now WHERE id = :id")
                .bind("id", id)
                .bind("now", nowMs)
                .execute();
    }

    @Override
    public List<Session> listForUser(UserId userId, Slice slice) {
        var query = sql.handle()
                .createQuery("SELECT * FROM sessions s WHERE s.user_id = :user AND s.ended_ms IS NULL"
                        + Sql.keyset(slice, "s.created_ms", "s.id"));
        query.bind("user", userId);
        return Sql.bindSlice(query, slice).map(ROW).list();
    }
}
