package dev.parley.store.jdbi;

import dev.parley.domain.MemberId;
import dev.parley.store.EventStore;
import dev.parley.store.WebhookStore;
import java.util.Optional;

/** PostgreSQL: check, id, insert and webhook targets in one round trip (writes inside {@code WITH}). */
record OneStatementAppend(Sql sql) implements AppendPath {
    @Override
    public Optional<EventStore.Appended> append(Sending sending) {
        var query = sql.handle()
                .createQuery("WITH s AS (" + JoinedSenderQuery.sql(sending) + "),"
                        + " c AS (UPDATE conversations SET sequence_number = sequence_number + 1"
                        + " WHERE id = :conversation AND application_id = :app AND EXISTS (SELECT 1 FROM s)"
                        + " RETURNING sequence_number, application_id, callback_json),"
                        + " i AS (INSERT INTO events (conversation_id, id, position, type, from_member, body_json,"
                        + " created_ms) SELECT :conversation, c.sequence_number, :position, :type, s.member_id, :body,"
                        + " :created FROM c, s)"
                        + " SELECT c.sequence_number, c.application_id, c.callback_json, a.event_url, a.event_method,"
                        + " s.* FROM c CROSS JOIN s JOIN applications a ON a.id = c.application_id");
        return JoinedSenderQuery.bind(query, sending)
                .bind("position", sending.position())
                .bind("type", sending.type())
                .bind("body", sending.bodyJson())
                .bind("created", sending.createdMs())
                .map((rs, ctx) -> new EventStore.Appended(
                        sending.event(
                                rs.getLong("sequence_number"),
                                new MemberId(rs.getString("member_id")),
                                Rows.userSummary(rs)),
                        new WebhookStore.Targets(
                                rs.getString("application_id"),
                                rs.getString("event_url"),
                                rs.getString("event_method"),
                                rs.getString("callback_json"))))
                .findOne();
    }
}
