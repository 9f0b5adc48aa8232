package dev.parley.store.jdbi;

import dev.parley.domain.ConversationId;
import dev.parley.domain.Member;
import dev.parley.domain.MemberId;
import dev.parley.domain.UserId;
import dev.parley.store.MemberStore;
import dev.parley.store.Slice;
import java.util.List;
import java.util.Optional;

final class JdbiMemberStore implements MemberStore {
    private static final String FROM = " FROM members m JOIN users u ON u.id = m.user_id";

    private final Sql sql;

    JdbiMemberStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Member m) {
        sql.execute(sql.handle()
                .createUpdate("INSERT INTO members (id, conversation_id, user_id, state, channel_json, media_json,"
                        + " knocking_id, invited_by, initiator_json, invited_ms, joined_ms, left_ms,"
                        + " created_ms) VALUES (:id, :conversation, :user, :state, :channel, :media,"
                        + " :knocking, :invited_by, :initiator, :invited, :joined, :left, :created)")
                .bind("id", m.id())
                .bind("conversation", m.conversationId())
                .bind("user", m.userId())
                .bind("state", m.state().name())
                .bind("channel", m.channel().json())
                .bind("media", MemberColumns.mediaJson(m.media()))
                .bind("knocking", m.knockingId())
                .bind("invited_by", m.invitedBy())
                .bind("initiator", MemberColumns.initiatorJson(m.initiator()))
                .bind("invited", m.invitedMs())
                .bind("joined", m.joinedMs())
                .bind("left", m.leftMs())
                .bind("created", m.createdMs()));
    }

    @Override
    public void update(Member m) {
        sql.execute(sql.handle()
                .createUpdate("UPDATE members SET state = :state, initiator_json = :initiator, joined_ms = :joined,"
                        + " left_ms = :left, media_json = :media, channel_json = :channel WHERE id = :id")
                .bind("id", m.id())
                .bind("channel", m.channel().json())
                .bind("state", m.state().name())
                .bind("initiator", MemberColumns.initiatorJson(m.initiator()))
                .bind("joined", m.joinedMs())
                .bind("left", m.leftMs())
                .bind("media", MemberColumns.mediaJson(m.media())));
    }

    @Override
    public Optional<Member> find(ConversationId conversationId, MemberId memberId) {
        return sql.handle()
                .createQuery("SELECT " + Rows.MEMBER_COLUMNS + FROM
                        + " WHERE m.id = :id AND m.conversation_id = :conversation")
                .bind("id", memberId)
                .bind("conversation", conversationId)
                .map(Rows.MEMBER)
                .findOne();
    }

    @Override
    public Optional<Member> findActive(ConversationId conversationId, UserId userId) {
        return sql.handle()
                .createQuery("SELECT " + Rows.MEMBER_COLUMNS + FROM
                        + " WHERE m.conversation_id = :conversation AND m.user_id = :user AND m.state <> 'LEFT'")
                .bind("conversation", conversationId)
                .bind("user", userId)
                .map(Rows.MEMBER)
                .findOne();
    }

    @Override
    public Optional<Member> findLatest(ConversationId conversationId, UserId userId) {
        return sql.handle()
                .createQuery("SELECT " + Rows.MEMBER_COLUMNS + FROM
                        + " WHERE m.conversation_id = :conversation AND m.user_id = :user"
                        + " ORDER BY m.created_ms DESC, m.id DESC LIMIT 1")
                .bind("conversation", conversationId)
                .bind("user", userId)
                .map(Rows.MEMBER)
                .findOne();
    }

    @Override
    public int countActive(ConversationId conversationId) {
        return sql.handle()
                .createQuery("SELECT COUNT(*) FROM members WHERE conversation_id = :conversation AND state <> 'LEFT'")
                .bind("conversation", conversationId)
                .mapTo(Integer.class)
                .one();
    }

    @Override
    public void recordPositions(MemberId memberId, Long sincePosition, Long leftPosition) {
        sql.handle()
                .createUpdate("UPDATE members SET since_position = COALESCE(since_position, :since),"
                        + " left_position = COALESCE(:left, left_position) WHERE id = :id")
                .bind("id", memberId)
                .bind("since", sincePosition)
                .bind("left", leftPosition)
                .execute();
    }

    @Override
    public List<UserId> activeUserIds(ConversationId conversationId) {
        return userIds(conversationId, "state <> 'LEFT'");
    }

    @Override
    public List<UserId> joinedUserIds(ConversationId conversationId) {
        return userIds(conversationId, "state = 'JOINED'");
    }

    private List<UserId> userIds(ConversationId conversationId, String condition) {
        return sql.handle()
                .createQuery("SELECT user_id FROM members WHERE conversation_id = :conversation AND " + condition)
                .bind("conversation", conversationId)
                .map((rs, ctx) -> new UserId(rs.getString(1)))
                .list();
    }

    @Override
    public List<Member> list(ConversationId conversationId, Slice slice) {
        var query = sql.handle()
                .createQuery("SELECT " + Rows.MEMBER_COLUMNS + FROM + " WHERE m.conversation_id = :conversation"
                        + Sql.keyset(slice, "m.created_ms", "m.id"));
        query.bind("conversation", conversationId);
        return Sql.bindSlice(query, slice).map(Rows.MEMBER).list();
    }

    @Override
    public List<Member> activeForUser(UserId userId) {
        return sql.handle()
                .createQuery("SELECT " + Rows.MEMBER_COLUMNS + FROM + " WHERE m.user_id = :user AND m.state <> 'LEFT'"
                        + " ORDER BY m.created_ms, m.id")
                .bind("user", userId)
                .map(Rows.MEMBER)
                .list();
    }
}
