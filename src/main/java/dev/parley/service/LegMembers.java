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
        if (tx.members().findActive(conversation.id(), user.id()).isPresent()) {
            user = userFor(tx, leg, partyAddress(leg) + "#" + leg.id().value(), now);
        }
        ObjectNode channel = Json.object();
        channel.put("type", leg.channelType());
        if (leg.channelType().equals(Channel.APP)) {
            channel.put("id", leg.id().value()); // the Client SDKs find their call by the channel's id
        }
        channel.put("leg_id", leg.id().value());
        channel.set("from", Json.parse(leg.fromJson()));
        channel.set("to", Json.parse(leg.toJson()));
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
        return member;
    }

    /** The leg's member in the conversation the leg is in leaves it ({@code member:left}), if it is there. */
    static void leave(Store.Tx tx, Leg leg, long now) {
        Optional<Member> member = memberOf(tx, leg, partyAddress(leg))
                .or(() -> memberOf(tx, leg, partyAddress(leg) + "#" + leg.id().value()));
        if (member.isEmpty()) {
            return;
        }
        Conversation conversation = tx.conversations()
                .find(leg.applicationId(), leg.conversationId())
                .orElseThrow();
        Member left = member.get().withState(MemberState.LEFT, now, Initiator.Who.SYSTEM);
        tx.members().update(left);
        var event = EventWriter.append(
                tx,
                conversation.id(),
                MemberState.LEFT.eventType(),
                left,
                MemberEvents.body(left, conversation, null),
                now);
        tx.members().recordPositions(left.id(), event.position(), event.position());
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
        ObjectNode body = Json.object();
        body.put("audio", true);
        body.set("media", dev.parley.wire.MemberJson.media(media));
        body.set("channel", Json.parse(updated.channel().json()));
        EventWriter.append(tx, leg.conversationId(), "member:media", updated, body, now);
        return Optional.of(updated);
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
