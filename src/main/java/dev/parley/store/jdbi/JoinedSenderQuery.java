package dev.parley.store.jdbi;

import dev.parley.domain.MemberId;
import dev.parley.domain.MemberState;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The joined-sender rule in SQL, for every {@link AppendPath}: the sending member (with its user) of
 * the application's conversation, if its state may send. The state condition is generated from
 * {@link MemberState#maySend()}, the rule's one statement, so the SQL cannot drift from the service's
 * checks. Binds {@code :conversation}, {@code :app}, and {@code :user_name} / {@code :member} when the
 * sender names them.
 */
final class JoinedSenderQuery {
    /** {@code m.state IN ('JOINED')}, from the enum. */
    static final String MAY_SEND = Arrays.stream(MemberState.values())
            .filter(MemberState::maySend)
            .map(state -> "'" + state.name() + "'")
            .collect(Collectors.joining(", ", "m.state IN (", ")"));

    private JoinedSenderQuery() {}

    /** Columns {@code member_id} and the user's ({@link Rows#userSummary}). */
    static String sql(Sending sending) {
        String who = (sending.sender().userName() == null
                        ? ""
                        : " AND m.user_id = (SELECT id FROM users WHERE application_id = :app AND name = :user_name)")
                + (sending.sender().memberId() == null ? "" : " AND m.id = :member");
        return "SELECT m.id AS member_id, u.id AS u_id, u.name AS u_name, u.display_name AS u_display_name,"
                + " u.image_url AS u_image_url, u.properties_json AS u_properties_json"
                + " FROM members m JOIN users u ON u.id = m.user_id"
                + " WHERE m.conversation_id = :conversation AND " + MAY_SEND + who;
    }

    static <Q extends SqlStatement<Q>> Q bind(Q query, Sending sending) {
        query.bind("conversation", sending.conversationId()).bind("app", sending.applicationId());
        if (sending.sender().userName() != null) {
            query.bind("user_name", sending.sender().userName());
        }
        if (sending.sender().memberId() != null) {
            query.bind("member", sending.sender().memberId());
        }
        return query;
    }

    /** Runs the query alone: the sender if it may send. */
    static java.util.Optional<AppendCache.JoinedSender> find(Sql sql, Sending sending) {
        return bind(sql.handle().createQuery(sql(sending)), sending)
                .map((rs, ctx) ->
                        new AppendCache.JoinedSender(new MemberId(rs.getString("member_id")), Rows.userSummary(rs)))
                .findOne();
    }
}
