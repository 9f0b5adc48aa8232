package dev.parley.store.jdbi;

import dev.parley.domain.Conversation;
import dev.parley.domain.ConversationId;
import dev.parley.domain.Event;
import dev.parley.domain.Member;
import dev.parley.domain.MemberId;
import dev.parley.domain.MemberState;
import dev.parley.domain.User;
import dev.parley.domain.UserId;
import dev.parley.domain.UserSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;

/** Row mappers and the column lists they expect. */
final class Rows {
    private Rows() {}

    static final String USER_COLUMNS =
            "u.id, u.application_id, u.name, u.display_name, u.image_url, u.properties_json, "
                    + "u.channels_json, u.created_ms, u.updated_ms";

    static final String CONVERSATION_COLUMNS =
            "c.id, c.application_id, c.name, c.display_name, c.image_url, c.state, c.sequence_number, "
                    + "c.properties_json, c.numbers_json, c.callback_json, c.created_ms, c.updated_ms, c.creator_user_id";

    static final String MEMBER_COLUMNS =
            "m.id, m.conversation_id, m.state, m.channel_json, m.media_json, m.knocking_id, m.invited_by, "
                    + "m.initiator_json, m.invited_ms, m.joined_ms, m.left_ms, m.created_ms, "
                    + "u.id AS u_id, u.name AS u_name, u.display_name AS u_display_name, "
                    + "u.image_url AS u_image_url, u.properties_json AS u_properties_json";

    static final String EVENT_COLUMNS =
            "e.conversation_id, e.id, e.position, e.type, e.from_member, e.body_json, e.created_ms, "
                    + "e.deleted_ms, e.to_member, u.id AS u_id, u.name AS u_name, u.display_name AS u_display_name, "
                    + "u.image_url AS u_image_url, u.properties_json AS u_properties_json";

    /** Joins an event's sending member and that member's user. */
    static final String EVENT_FROM =
            "events e LEFT JOIN members m ON m.id = e.from_member LEFT JOIN users u ON u.id = m.user_id";

    static final RowMapper<User> USER = (rs, ctx) -> new User(
            new UserId(rs.getString("id")),
            rs.getString("application_id"),
            rs.getString("name"),
            rs.getString("display_name"),
            rs.getString("image_url"),
            rs.getString("properties_json"),
            rs.getString("channels_json"),
            rs.getLong("created_ms"),
            nullableLong(rs, "updated_ms"));

    static final RowMapper<Conversation> CONVERSATION = (rs, ctx) -> new Conversation(
            new ConversationId(rs.getString("id")),
            rs.getString("application_id"),
            rs.getString("name"),
            rs.getString("display_name"),
            rs.getString("image_url"),
            rs.getString("state"),
            rs.getLong("sequence_number"),
            rs.getString("properties_json"),
            rs.getString("numbers_json"),
            rs.getString("callback_json"),
            rs.getLong("created_ms"),
            nullableLong(rs, "updated_ms"),
            id(rs, "creator_user_id", UserId::new));

    static final RowMapper<Member> MEMBER = (rs, ctx) -> new Member(
            new MemberId(rs.getString("id")),
            new ConversationId(rs.getString("conversation_id")),
            userSummary(rs),
            MemberState.valueOf(rs.getString("state")),
            MemberColumns.channel(rs.getString("channel_json")),
            MemberColumns.media(rs.getString("media_json")),
            rs.getString("knocking_id"),
            rs.getString("invited_by"),
            MemberColumns.initiator(rs.getString("initiator_json")),
            nullableLong(rs, "invited_ms"),
            nullableLong(rs, "joined_ms"),
            nullableLong(rs, "left_ms"),
            rs.getLong("created_ms"));

    static final RowMapper<Event> EVENT = (rs, ctx) -> new Event(
            new ConversationId(rs.getString("conversation_id")),
            rs.getLong("id"),
            rs.getLong("position"),
            rs.getString("type"),
            id(rs, "from_member", MemberId::new),
            rs.getString("u_id") == null ? null : userSummary(rs),
            rs.getString("body_json"),
            rs.getLong("created_ms"),
            nullableLong(rs, "deleted_ms"),
            id(rs, "to_member", MemberId::new));

    /** A nullable id column as its typed id. */
    static <T> T id(ResultSet rs, String column, java.util.function.Function<String, T> type) throws SQLException {
        String text = rs.getString(column);
        return text == null ? null : type.apply(text);
    }

    /** The {@code u_*} columns of an event or sender row. */
    static UserSummary userSummary(ResultSet rs) throws SQLException {
        return new UserSummary(
                new UserId(rs.getString("u_id")),
                rs.getString("u_name"),
                rs.getString("u_display_name"),
                rs.getString("u_image_url"),
                rs.getString("u_properties_json"));
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
