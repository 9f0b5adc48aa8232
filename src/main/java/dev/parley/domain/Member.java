package dev.parley.domain;

/** A user's membership of one conversation, with its user's summary for embedding. */
public record Member(
        String id,
        String conversationId,
        UserSummary user,
        MemberState state,
        String channelJson,
        String mediaJson,
        String knockingId,
        String invitedBy,
        String initiatorJson,
        Long invitedMs,
        Long joinedMs,
        Long leftMs,
        long createdMs) {

    public String userId() {
        return user.id();
    }

    public Member withState(MemberState next, long atMs, String initiator) {
        return new Member(
                id,
                conversationId,
                user,
                next,
                channelJson,
                mediaJson,
                knockingId,
                invitedBy,
                initiator,
                invitedMs,
                next == MemberState.JOINED ? Long.valueOf(atMs) : joinedMs,
                next == MemberState.LEFT ? Long.valueOf(atMs) : leftMs,
                createdMs);
    }
}
