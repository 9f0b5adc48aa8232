package dev.parley.domain;

import java.util.Objects;

/**
 * A user's membership of one conversation, with its user's summary for embedding. Built with {@link
 * #builder()}; {@link #withState} moves it on.
 */
public record Member(
        MemberId id,
        ConversationId conversationId,
        UserSummary user,
        MemberState state,
        Channel channel,
        Media media,
        String knockingId,
        String invitedBy,
        Initiator initiator,
        Long invitedMs,
        Long joinedMs,
        Long leftMs,
        long createdMs) {

    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(channel, "channel");
        initiator = initiator == null ? Initiator.NONE : initiator;
    }

    public UserId userId() {
        return user.id();
    }

    /** The member in state {@code next} from {@code atMs}, moved there by {@code who}. */
    public Member withState(MemberState next, long atMs, Initiator.Who who) {
        return toBuilder()
                .state(next)
                .initiator(initiator.with(next, who))
                .joinedMs(next == MemberState.JOINED ? Long.valueOf(atMs) : joinedMs)
                .leftMs(next == MemberState.LEFT ? Long.valueOf(atMs) : leftMs)
                .build();
    }

    /**
     * A new member entering {@code state} at {@code atMs}, brought in by {@code who}: the state's
     * timestamp and initiator entry set.
     */
    public static Builder entering(MemberState state, long atMs, Initiator.Who who) {
        return builder()
                .state(state)
                .createdMs(atMs)
                .initiator(Initiator.NONE.with(state, who))
                .invitedMs(state == MemberState.INVITED ? Long.valueOf(atMs) : null)
                .joinedMs(state == MemberState.JOINED ? Long.valueOf(atMs) : null);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return builder()
                .id(id)
                .conversationId(conversationId)
                .user(user)
                .state(state)
                .channel(channel)
                .media(media)
                .knockingId(knockingId)
                .invitedBy(invitedBy)
                .initiator(initiator)
                .invitedMs(invitedMs)
                .joinedMs(joinedMs)
                .leftMs(leftMs)
                .createdMs(createdMs);
    }

    /** Named fields instead of thirteen positional ones. */
    public static final class Builder {
        private MemberId id;
        private ConversationId conversationId;
        private UserSummary user;
        private MemberState state;
        private Channel channel;
        private Media media;
        private String knockingId;
        private String invitedBy;
        private Initiator initiator = Initiator.NONE;
        private Long invitedMs;
        private Long joinedMs;
        private Long leftMs;
        private long createdMs;

        private Builder() {}

        public Builder id(MemberId id) {
            this.id = id;
            return this;
        }

        public Builder conversationId(ConversationId conversationId) {
            this.conversationId = conversationId;
            return this;
        }

        public Builder user(UserSummary user) {
            this.user = user;
            return this;
        }

        public Builder state(MemberState state) {
            this.state = state;
            return this;
        }

        public Builder channel(Channel channel) {
            this.channel = channel;
            return this;
        }

        public Builder media(Media media) {
            this.media = media;
            return this;
        }

        public Builder knockingId(String knockingId) {
            this.knockingId = knockingId;
            return this;
        }

        public Builder invitedBy(String invitedBy) {
            this.invitedBy = invitedBy;
            return this;
        }

        public Builder initiator(Initiator initiator) {
            this.initiator = initiator;
            return this;
        }

        public Builder invitedMs(Long invitedMs) {
            this.invitedMs = invitedMs;
            return this;
        }

        public Builder joinedMs(Long joinedMs) {
            this.joinedMs = joinedMs;
            return this;
        }

        public Builder leftMs(Long leftMs) {
            this.leftMs = leftMs;
            return this;
        }

        public Builder createdMs(long createdMs) {
            this.createdMs = createdMs;
            return this;
        }

        public Member build() {
            return new Member(
                    id,
                    conversationId,
                    user,
                    state,
                    channel,
                    media,
                    knockingId,
                    invitedBy,
                    initiator,
                    invitedMs,
                    joinedMs,
                    leftMs,
                    createdMs);
        }
    }
}
