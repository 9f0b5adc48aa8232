package dev.parley.store;

import dev.parley.domain.Member;
import java.util.List;
import java.util.Optional;

public interface MemberStore {
    /** @throws UniqueViolation when the user already has an active member in the conversation */
    void insert(Member member);

    void update(Member member);

    Optional<Member> find(String conversationId, String memberId);

    /** The user's invited or joined member of the conversation, if any. */
    Optional<Member> findActive(String conversationId, String userId);

    /** The user's most recent member of the conversation in any state. */
    Optional<Member> findLatest(String conversationId, String userId);

    int countActive(String conversationId);

    /**
     * Records the stream positions that bound a membership: where it began (set once) and where it
     * ended. Either may be null to leave it as it is.
     */
    void recordPositions(String memberId, Long sincePosition, Long leftPosition);

    /** User ids of the conversation's invited and joined members. */
    List<String> activeUserIds(String conversationId);

    /** User ids of the conversation's joined members. */
    List<String> joinedUserIds(String conversationId);

    List<Member> list(String conversationId, Slice slice);

    /** Every invited or joined member the user has, in any conversation. */
    List<Member> activeForUser(String userId);
}
