package dev.parley.store;

import dev.parley.domain.ConversationId;
import dev.parley.domain.Member;
import dev.parley.domain.MemberId;
import dev.parley.domain.UserId;
import java.util.List;
import java.util.Optional;

public interface MemberStore {
    /** @throws UniqueViolation when the user already has an active member in the conversation */
    void insert(Member member);

    void update(Member member);

    Optional<Member> find(ConversationId conversationId, MemberId memberId);

    /** The user's invited or joined member of the conversation, if any. */
    Optional<Member> findActive(ConversationId conversationId, UserId userId);

    /** The user's most recent member of the conversation in any state. */
    Optional<Member> findLatest(ConversationId conversationId, UserId userId);

    int countActive(ConversationId conversationId);

    /**
     * Records the stream positions that bound a membership: where it began (set once) and where it
     * ended. Either may be null to leave it as it is.
     */
    void recordPositions(MemberId memberId, Long sincePosition, Long leftPosition);

    /** User ids of the conversation's invited and joined members. */
    List<UserId> activeUserIds(ConversationId conversationId);

    /** User ids of the conversation's joined members. */
    List<UserId> joinedUserIds(ConversationId conversationId);

    List<Member> list(ConversationId conversationId, Slice slice);

    /** Every invited or joined member the user has, in any conversation. */
    List<Member> activeForUser(UserId userId);
}
