package dev.parley.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Channel;
import dev.parley.domain.Conversation;
import dev.parley.domain.Initiator;
import dev.parley.domain.Leg;
import dev.parley.domain.Media;
import dev.parley.domain.Member;
import dev.parley.domain.MemberId;
import dev.parley.domain.MemberState;
import dev.parley.domain.User;
import dev.parley.domain.UserId;
import dev.parley.store.Store;
import dev.parley.wire.Json;
import java.util.Optional;

/**
 * A call leg as a Member of the conversation it is in, so the Conversation API, Client SDK sessions and
 * webhooks see calls like any other members: {@code member:joined} when the leg enters a conversation,
 * {@code member:left} when it moves on or ends. The member's channel is {@code {type, leg_id, from,
 * to}} and its media has audio on.
 *
 * <p>A member needs a user: it is the application's user named by the far party's address (the
 * caller's number or SIP URI on an inbound leg, the callee's on an outbound one), made on first use
 * and reused by that party's later calls, so one caller is one user across calls. The same address
 * twice in one conversation at once (two calls from one phone) gets a second user, named with the
 * leg's id, since a user holds one membership per conversation (docs/DECISIONS.md). An App leg's
 * party is the application's user who placed or takes the call, and its channel carries the leg as
 * {@code id} too, where the Client SDKs look for it.
 */
final class LegMembers {
    private LegMembers() {}

    /** The leg joins {@code conversation}: its member, joined, and the {@code member:joined} event. */
    static Member join(Store.Tx tx, Leg leg, Conversation conversation, long now) {
        User user = userFor(tx, leg, partyAddress(leg), now);
        Optional<Member> already = tx.members().findActive(conversation.id(), user.id());
        if (already.isPresent() && leg.channelType().equals(Channel.APP)) {
            return attach(tx, leg, already.get(), now); // the user's own member takes its call's audio
        }
        if (already.isPresent()) {
            user = userFor(tx, leg, partyAddress(leg) + "#" + leg.id().value(), now);
        }
        ObjectNode channel = channelOf(leg);
        Member member = Member.entering(MemberState.JOINED, now, Initiator.Who.SYSTEM)
                .id(MemberId.next())
                .conversationId(conversation.id())
                .user(user.summary())
                .channel(new Channel(leg.channelType(), leg.id().value(), channel.toString()))
                .media(new Media(true, true, false, false))
                .build();
        tx.members().insert(member);
        var event = EventWriter.append(
                tx,
                conversation.id(),
                MemberState.JOINED.eventType(),
                member,
                MemberEvents.body(member, conversation, null),
                now);
        tx.members().recordPositions(member.id(), event.position(), null);
        if (leg.status() == dev.parley.domain.LegStatus.ANSWERED) {
            mediaEvent(tx, leg, member, now); // an answered leg moved in: its audio flows here now
        }
        return member;
    }

    /**
     * A call to an App user: the user is invited into the leg's conversation, its member carrying the
     * leg, and {@code member:invited} carries Parley's SDP offer ({@code sdp}), which the new Client
     * SDK answers, with {@code invited_by: null} and the user's audio settings, by which the legacy SDK
     * knows a call. Empty when the user does not exist or is in the conversation already.
     */
    static Optional<Member> invite(Store.Tx tx, Leg leg, Conversation conversation, String sdp, long now) {
        Optional<User> user = tx.users().findByName(leg.applicationId(), partyAddress(leg));
        if (user.isEmpty()
                || tx.members().findActive(conversation.id(), user.get().id()).isPresent()) {
            return Optional.empty();
        }
        Media audio = new Media(true, true, false, false);
        Member member = Member.entering(MemberState.INVITED, now, Initiator.Who.SYSTEM)
                .id(MemberId.next())
                .conversationId(conversation.id())
                .user(user.get().summary())
                .channel(new Channel(
                        leg.channelType(), leg.id().value(), channelOf(leg).toString()))
                .media(audio)
                .build();
        tx.members().insert(member);
        ObjectNode body = MemberEvents.body(member, conversation, null);
        body.putNull("invited_by");
        body.put("sdp", sdp);
        var event = EventWriter.append(tx, conversation.id(), MemberState.INVITED.eventType(), member, body, now);
        tx.members().recordPositions(member.id(), event.position(), null);
        return Optional.of(member);
    }

    /** The channel of a leg's member: {@code {type, id (App legs), leg_id, from, to}}. */
    private static ObjectNode channelOf(Leg leg) {
        ObjectNode channel = Json.object();
        channel.put("type", leg.channelType());
        if (leg.channelType().equals(Channel.APP)) {
            channel.put("id", leg.id().value()); // the Client SDKs find their call by the channel's id
        }
        channel.put("leg_id", leg.id().value());
        channel.set("from", Json.parse(leg.fromJson()));
        channel.set("to", Json.parse(leg.toJson()));
        return channel;
    }

    /**
     * A user's App leg enters a conversation the user is a member of already: that member carries the
     * leg (its channel names it) with audio on, and {@code member:media} says so.
     */
    private static Member attach(Store.Tx tx, Leg leg, Member member, long now) {
        Member attached = member.toBuilder()
                .channel(new Channel(
                        leg.channelType(), leg.id().value(), channelOf(leg).toString()))
                .media(new Media(true, true, false, false))
                .build();
        tx.members().update(attached);
        mediaEvent(tx, leg, attached, now);
        return attached;
    }

    /**
     * The leg's member in the conversation the leg is in leaves it ({@code member:left}), if it is
     * there; a member that was there before its leg (a user who turned audio on in a conversation of
     * theirs) stays, with the leg gone from its channel and audio off.
     */
    static void leave(Store.Tx tx, Leg leg, long now) {
        Optional<Member> member = memberOf(tx, leg, partyAddress(leg))
                .or(() -> memberOf(tx, leg, partyAddress(leg) + "#" + leg.id().value()));
        if (member.isEmpty()) {
            return;
        }
        Long joined = member.get().joinedMs();
        if (joined != null && joined < leg.createdMs()) {
            Member detached = member.get().toBuilder()
                    .channel(new Channel(
                            Channel.APP,
                            null,
                            Json.object().put("type", Channel.APP).toString()))
                    .media(new Media(false, false, false, false))
                    .build();
            tx.members().update(detached);
            mediaEvent(tx, leg, detached, now);
            return;
        }
        Conversation conversation = tx.conversations()
                .find(leg.applicationId(), leg.conversationId())
                .orElseThrow();
        ObjectNode reason = null;
        if (member.get().state() == MemberState.INVITED) {
            reason = unansweredReason(leg);
        }
        Member left = member.get().withState(MemberState.LEFT, now, Initiator.Who.SYSTEM);
        tx.members().update(left);
        var event = EventWriter.append(
                tx,
                conversation.id(),
                MemberState.LEFT.eventType(),
                left,
                MemberEvents.body(left, conversation, reason),
                now);
        tx.members().recordPositions(left.id(), event.position(), event.position());
    }

    /**
     * Why an invitee's call ended before it answered (the SDKs tell their app why from the call's
     * rtc:hangup, which carries the SIP status too).
     */
    private static ObjectNode unansweredReason(Leg leg) {
        ObjectNode reason = Json.object();
        if (leg.status() == dev.parley.domain.LegStatus.TIMEOUT) {
            reason.put("text", "nobody answered in time");
            reason.put("code", "RING_TIMER");
        } else {
            reason.put("text", "the caller hung up");
            reason.put("code", "REMOTE_CANCEL");
        }
        return reason;
    }

    /**
     * The leg's member in the conversation the leg is in, also once it has left (what a recording that
     * ended with the call is from).
     */
    static Optional<Member> latest(Store.Tx tx, Leg leg) {
        return current(tx, leg)
                .or(() -> latestOf(tx, leg, partyAddress(leg)))
                .or(() -> latestOf(tx, leg, partyAddress(leg) + "#" + leg.id().value()));
    }

    private static Optional<Member> latestOf(Store.Tx tx, Leg leg, String userName) {
        return tx.users()
                .findByName(leg.applicationId(), userName)
                .flatMap(user -> tx.members().findLatest(leg.conversationId(), user.id()))
                .filter(m -> leg.id().value().equals(m.channel().legId()));
    }

    /** The leg's member in the conversation the leg is in now, if it has one there. */
    static Optional<Member> current(Store.Tx tx, Leg leg) {
        return memberOf(tx, leg, partyAddress(leg))
                .or(() -> memberOf(tx, leg, partyAddress(leg) + "#" + leg.id().value()));
    }

    /**
     * The leg's member takes {@code media} (mute, earmuff) and {@code member:media} says so; empty when
     * the leg has no member where it is.
     */
    static Optional<Member> media(Store.Tx tx, Leg leg, Media media, long now) {
        Optional<Member> member = current(tx, leg);
        if (member.isEmpty()) {
            return member;
        }
        Member updated = member.get().toBuilder().media(media).build();
        tx.members().update(updated);
        mediaEvent(tx, leg, updated, now);
        return Optional.of(updated);
    }

    /**
     * The leg's call was answered, so its member's audio flows: {@code member:media} (the legacy
     * Client SDK counts a call answered on it).
     */
    static void audioFlows(Store.Tx tx, Leg leg, long now) {
        current(tx, leg).ifPresent(member -> mediaEvent(tx, leg, member, now));
    }

    /** {@code member:media}: the member's audio now, and the channel that carries it. */
    private static void mediaEvent(Store.Tx tx, Leg leg, Member member, long now) {
        ObjectNode body = Json.object();
        body.put(
                "audio",
                member.media() != null && Boolean.TRUE.equals(member.media().audio()));
        body.set("media", dev.parley.wire.MemberJson.media(member.media()));
        body.set("channel", Json.parse(member.channel().json()));
        EventWriter.append(tx, leg.conversationId(), "member:media", member, body, now);
    }

    private static Optional<Member> memberOf(Store.Tx tx, Leg leg, String userName) {
        return tx.users()
                .findByName(leg.applicationId(), userName)
                .flatMap(user -> tx.members().findActive(leg.conversationId(), user.id()))
                .filter(m -> leg.id().value().equals(m.channel().legId()));
    }

    private static User userFor(Store.Tx tx, Leg leg, String name, long now) {
        return tx.users().findByName(leg.applicationId(), name).orElseGet(() -> {
            User made = new User(UserId.next(), leg.applicationId(), name, null, null, null, null, now, null);
            tx.users().insert(made);
            return made;
        });
    }

    /** The far party's address: the caller's on an inbound leg, the callee's on an outbound one. */
    private static String partyAddress(Leg leg) {
        var endpoint = Json.parse(leg.direction() == Leg.Direction.INBOUND ? leg.fromJson() : leg.toJson());
        if (endpoint.hasNonNull("user")) {
            return endpoint.get("user").asText(); // an App leg's party is the application's own user
        }
        String address = endpoint.hasNonNull("number")
                ? endpoint.get("number").asText()
                : endpoint.path("uri").asText("");
        return address.isEmpty() ? "caller" : address;
    }
}
