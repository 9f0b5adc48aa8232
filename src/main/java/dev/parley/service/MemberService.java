package dev.parley.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.auth.Access;
import dev.parley.auth.Principal;
import dev.parley.domain.Channel;
import dev.parley.domain.Clock;
import dev.parley.domain.Conversation;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.Errors;
import dev.parley.domain.Event;
import dev.parley.domain.Initiator;
import dev.parley.domain.Key;
import dev.parley.domain.Media;
import dev.parley.domain.Member;
import dev.parley.domain.MemberId;
import dev.parley.domain.MemberState;
import dev.parley.domain.User;
import dev.parley.domain.UserId;
import dev.parley.store.Slice;
import dev.parley.store.Store;
import dev.parley.store.UniqueViolation;
import java.util.List;
import java.util.Optional;

/** Member use cases: invite, join, leave, read. Every transition writes its member event. */
public final class MemberService {
    private final Store store;
    private final Clock clock;
    private final int maxMembers;
    /** Members (including those who left) shown in one legacy conversation object. */
    private static final int ALL_MEMBERS_LIMIT = 10_000;

    public MemberService(Store store, Clock clock, int maxMembersPerConversation) {
        this.store = store;
        this.clock = clock;
        this.maxMembers = maxMembersPerConversation;
    }

    /** A new member: the user by id or name, the initial state (INVITED or JOINED) and channel. */
    public record Input(
            MemberState state,
            String userId,
            String userName,
            Channel channel,
            Media media,
            String knockingId,
            String memberIdInviting) {}

    /** A state change: JOINED or LEFT, with an optional reason for leaving. */
    public record Change(MemberState state, ObjectNode reason) {}

    public Member create(Principal principal, String conversationId, Input input) {
        return store.write(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            Conversation conversation = ConversationService.find(tx, caller, conversationId);
            User target = targetUser(tx, caller, input);
            Optional<Member> callerMember = caller.member(tx, conversation.id());
            boolean self = target.id().equals(caller.userId());
            if (!caller.isAdmin() && !self) {
                Access.requireVisible(principal, callerMember);
                Access.requireJoined(principal, callerMember, "invite other users");
                if (input.state() != MemberState.INVITED) {
                    throw new DomainException.Forbidden(
                            ErrorCode.CONVERSATION_MEMBER_PERMISSION_DENIED,
                            "A user may invite others but not join them.");
                }
            }
            Optional<Member> existing = tx.members().findActive(conversation.id(), target.id());
            if (existing.isPresent()) {
                return rejoinOrReject(tx, caller, conversation, existing.get(), input.state());
            }
            if (tx.members().countActive(conversation.id()) >= maxMembers) {
                throw new DomainException.Rejected(
                        ErrorCode.CONVERSATION_MAXIMUM_NUMBER_OF_MEMBERS,
                        "The conversation has reached its maximum of " + maxMembers + " members.");
            }
            long now = clock.nowMs();
            MemberId memberId = MemberId.next();
            MemberId acting = self ? memberId : callerMember.map(Member::id).orElse(null);
            String invitedBy = input.state() == MemberState.INVITED
                    ? callerMember.map(m -> m.id().value()).orElse(input.memberIdInviting())
                    : null;
            Member member = Member.entering(input.state(), now, who(caller, acting))
                    .id(memberId)
                    .conversationId(conversation.id())
                    .user(target.summary())
                    .channel(input.channel())
                    .media(input.media())
                    .knockingId(input.knockingId())
                    .invitedBy(invitedBy)
                    .build();
            try {
                tx.members().insert(member);
            } catch (UniqueViolation e) {
                throw alreadyMember(input.state());
            }
            Event event = EventWriter.append(
                    tx,
                    conversation.id(),
                    input.state().eventType(),
                    member,
                    MemberEvents.body(member, conversation, null),
                    now);
            tx.members().recordPositions(memberId, event.position(), null);
            return member;
        });
    }

    /** Joining a user who is only invited moves the invitation on; anything else is a duplicate. */
    private Member rejoinOrReject(
            Store.Tx tx, Caller caller, Conversation conversation, Member existing, MemberState wanted) {
        if (existing.state() == MemberState.INVITED && wanted == MemberState.JOINED) {
            return transition(tx, caller, conversation, existing, new Change(MemberState.JOINED, null));
        }
        throw alreadyMember(existing.state());
    }

    public Member get(Principal principal, String conversationId, String memberId) {
        return store.read(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            Conversation conversation = ConversationService.find(tx, caller, conversationId);
            caller.requireReadable(tx, conversation);
            return MemberId.parse(memberId)
                    .flatMap(id -> tx.members().find(conversation.id(), id))
                    .orElseThrow(Errors::memberNotFound);
        });
    }

    /** The member of the token's own user (user tokens only). */
    public Member me(Principal principal, String conversationId) {
        if (!(principal instanceof Principal.UserToken)) {
            throw new DomainException.Unauthorized(
                    ErrorCode.USER_INVALID_USER_TOKEN, "Token does not contain a user name.");
        }
        return store.read(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            Conversation conversation = ConversationService.find(tx, caller, conversationId);
            return caller.user()
                    .flatMap(u -> tx.members().findLatest(conversation.id(), u.id()))
                    .orElseThrow(Errors::memberNotFound);
        });
    }

    /** Every member of the conversation in any state, oldest first (the legacy conversation shape). */
    public List<Member> all(Principal principal, String conversationId) {
        return store.read(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            Conversation conversation = ConversationService.find(tx, caller, conversationId);
            caller.requireReadable(tx, conversation);
            return tx.members().list(conversation.id(), new Slice(true, null, ALL_MEMBERS_LIMIT));
        });
    }

    /** One offset page of the conversation's members (the v0.1 API's {@code record_index}), by age. */
    public List<Member> listByOffset(
            Principal principal, String conversationId, int recordIndex, int pageSize, boolean ascending) {
        return store.read(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            Conversation conversation = ConversationService.find(tx, caller, conversationId);
            caller.requireReadable(tx, conversation);
            return tx.members().list(conversation.id(), Slice.offset(ascending, recordIndex, pageSize));
        });
    }

    public Page<Member> list(Principal principal, String conversationId, PageRequest page) {
        return store.read(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            Conversation conversation = ConversationService.find(tx, caller, conversationId);
            caller.requireReadable(tx, conversation);
            return Pager.read(
                    page,
                    slice -> tx.members().list(conversation.id(), slice),
                    m -> new Key(m.createdMs(), m.id().value()));
        });
    }

    public Member update(Principal principal, String conversationId, String memberId, Change change) {
        return store.write(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            Conversation conversation = ConversationService.find(tx, caller, conversationId);
            Optional<Member> callerMember = caller.member(tx, conversation.id());
            Member member = MemberId.parse(memberId)
                    .flatMap(id -> tx.members().find(conversation.id(), id))
                    .orElseThrow(Errors::memberNotFound);
            if (!caller.isAdmin() && !member.userId().equals(caller.userId())) {
                Access.requireVisible(principal, callerMember);
            }
            Access.requireOwn(principal, caller.userId(), member, "change");
            return transition(tx, caller, conversation, member, change);
        });
    }

    /** Moves a member to a new state inside the caller's transaction, writing the member event. */
    Member transition(Store.Tx tx, Caller caller, Conversation conversation, Member member, Change change) {
        member.state().checkTransition(change.state());
        long now = clock.nowMs();
        MemberId acting = caller.isAdmin()
                ? null
                : caller.member(tx, conversation.id()).map(Member::id).orElse(null);
        Member updated = member.withState(change.state(), now, who(caller, acting));
        tx.members().update(updated);
        Event event = EventWriter.append(
                tx,
                conversation.id(),
                change.state().eventType(),
                updated,
                MemberEvents.body(updated, conversation, change.reason()),
                now);
        tx.members()
                .recordPositions(
                        member.id(), event.position(), change.state() == MemberState.LEFT ? event.position() : null);
        return updated;
    }

    /** Who moves a member: the system for an admin token, else the user through its member (if any). */
    private static Initiator.Who who(Caller caller, MemberId actingMemberId) {
        return caller.isAdmin() ? Initiator.Who.SYSTEM : Initiator.Who.user(caller.userId(), actingMemberId);
    }

    private static User targetUser(Store.Tx tx, Caller caller, Input input) {
        Optional<User> user = input.userId() != null
                ? UserId.parse(input.userId()).flatMap(id -> tx.users().find(caller.applicationId(), id))
                : tx.users().findByName(caller.applicationId(), input.userName());
        return user.orElseThrow(Errors::userNotFound);
    }

    private static DomainException alreadyMember(MemberState state) {
        return state == MemberState.JOINED
                ? new DomainException.Rejected(
                        ErrorCode.CONVERSATION_MEMBER_ALREADY_JOINED,
                        "User is already joined to this conversation, already having a member joined in 'app'"
                                + " type.")
                : new DomainException.Rejected(
                        ErrorCode.CONVERSATION_MEMBER_ALREADY_INVITED, "User is already invited to this conversation.");
    }
}
