package dev.parley.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.auth.Principal;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.LegId;
import dev.parley.domain.Member;
import dev.parley.domain.MemberState;
import dev.parley.store.Store;
import dev.parley.wire.Json;
import java.util.Optional;

/**
 * Calls the Client SDKs place (the App channel): a user offers media for a new leg, knocks once it is
 * connected, and hangs up, always its own legs only. Only a user's token places App calls: the call
 * is that user's. Thread-safe.
 */
public final class AppCallService {
    /** The prefix the hosted service gives knocking ids, which the SDKs strip again before hanging up. */
    private static final String KNOCKER = "knocker:";

    private final Store store;
    private final CallControl control;
    private final MemberService members;

    public AppCallService(Store store, CallControl control, MemberService members) {
        this.store = store;
        this.control = control;
        this.members = members;
    }

    /** {@code POST /v0.3/legs}: the user's offer; the new leg and Parley's SDP answer. */
    public CallControl.AppLeg offer(Principal principal, String sdp) {
        Principal.UserToken user = caller(principal, "place in-app calls");
        if (store.read(tx -> tx.users().findByName(user.applicationId(), user.userName()))
                .isEmpty()) {
            throw new DomainException.NotFound(
                    ErrorCode.USER_NOT_FOUND, "The token's user " + user.userName() + " does not exist.");
        }
        return control.offerAppLeg(user.applicationId(), user.userName(), sdp);
    }

    /**
     * {@code POST /v0.3/knocking}: the user's connected leg {@code legId} asks to be put through to
     * {@code to} (the channel's endpoint as the SDK sent it); the knocking id.
     */
    public String knock(Principal principal, String legId, JsonNode to, JsonNode customData) {
        Principal.UserToken user = caller(principal, "place in-app calls");
        LegId leg = LegId.parse(legId)
                .orElseThrow(() -> DomainException.Invalid.of("channel.id", "is not a leg id (the rtc_id of /legs)"));
        JsonNode data = customData == null || !customData.isObject() ? Json.object() : customData;
        // The new SDK puts its call's context, `to` included, in custom_data: `to` is the answer URL's own field.
        String answerTo = data.hasNonNull("to")
                ? data.get("to").asText()
                : to.hasNonNull("user")
                        ? to.get("user").asText()
                        : to.path("number").asText("");
        ObjectNode rest = ((ObjectNode) data).deepCopy();
        rest.remove("to");
        if (!control.knock(user.applicationId(), new CallControl.Knock(leg, user.userName(), to, answerTo, rest))) {
            throw new DomainException.NotFound(
                    ErrorCode.CALL_NOT_FOUND, "No leg " + legId + " of yours waits here (offer it at /legs first).");
        }
        return leg.value();
    }

    /** {@code DELETE /v0.3/knocking/{id}}: the user hangs up before or after the call was put through. */
    public void cancelKnock(Principal principal, String knockingId) {
        Principal.UserToken user = caller(principal, "hang up in-app calls");
        String id = knockingId.startsWith(KNOCKER) ? knockingId.substring(KNOCKER.length()) : knockingId;
        LegId leg = LegId.parse(id).orElse(null);
        if (leg == null || !(control.hangupAppLeg(user.applicationId(), user.userName(), leg) || ended(user, leg))) {
            throw new DomainException.NotFound(
                    ErrorCode.CALL_NOT_FOUND, "No call " + knockingId + " of yours runs here.");
        }
    }

    /**
     * {@code POST .../conversations/{cid}/rtc}: the user's member {@code memberId} turns audio on in
     * the conversation; the new leg (its answer follows as {@code rtc:answer}).
     */
    public CallControl.AppLeg enableMedia(Principal principal, String conversationId, String memberId, String sdp) {
        Principal.UserToken user = caller(principal, "turn audio on");
        Member member = members.get(principal, conversationId, memberId);
        if (!member.user().name().equals(user.userName()) || member.state() != MemberState.JOINED) {
            throw new DomainException.Forbidden(
                    ErrorCode.CONVERSATION_MEMBER_PERMISSION_DENIED,
                    "Audio is turned on by a joined member of the token's own user only.");
        }
        // A member carrying a call that rings for it answers that call with its offer (the legacy SDK).
        Optional<LegId> ringingLeg = Optional.ofNullable(
                        member.channel() == null ? null : member.channel().legId())
                .flatMap(LegId::parse);
        if (ringingLeg.isPresent()) {
            Optional<String> answered =
                    control.answerAppLegWithOffer(user.applicationId(), user.userName(), ringingLeg.get(), sdp);
            if (answered.isPresent()) {
                return new CallControl.AppLeg(ringingLeg.get(), answered.get());
            }
        }
        return control.joinConversation(user.applicationId(), user.userName(), member.conversationId(), sdp);
    }

    /**
     * {@code POST .../conversations/{cid}/rtc/{rtc_id}/answer}: the user answers the call Parley
     * offered it (after joining as the invited member) with its SDP; the leg's id.
     */
    public String answer(Principal principal, String rtcId, String sdp) {
        Principal.UserToken user = caller(principal, "answer calls");
        LegId leg = LegId.parse(rtcId).orElse(null);
        if (leg == null || !control.answerAppLeg(user.applicationId(), user.userName(), leg, sdp)) {
            throw new DomainException.NotFound(
                    ErrorCode.CALL_NOT_FOUND,
                    "No call " + rtcId + " rings for you here, or it was answered already or the SDP is no answer.");
        }
        return leg.value();
    }

    /**
     * {@code POST .../conversations/{cid}/rtc/{rtc_id}/offer}: the user's SDK reconnects its running
     * leg with new media (the answer follows as {@code rtc:answer}); the leg's id.
     */
    public String reconnect(Principal principal, String rtcId, String sdp) {
        Principal.UserToken user = caller(principal, "reconnect calls");
        LegId leg = LegId.parse(rtcId).orElse(null);
        if (leg == null
                || control.reconnectAppLeg(user.applicationId(), user.userName(), leg, sdp)
                        .isEmpty()) {
            throw new DomainException.NotFound(
                    ErrorCode.CALL_NOT_FOUND, "No call " + rtcId + " of yours runs here to reconnect.");
        }
        return leg.value();
    }

    /** {@code DELETE .../conversations/{cid}/rtc/{rtc_id}}: the user turns that leg's audio off. */
    public void disableMedia(Principal principal, String rtcId) {
        Principal.UserToken user = caller(principal, "turn audio off");
        LegId leg = LegId.parse(rtcId).orElse(null);
        if (leg == null || !(control.hangupAppLeg(user.applicationId(), user.userName(), leg) || ended(user, leg))) {
            throw new DomainException.NotFound(ErrorCode.CALL_NOT_FOUND, "No call " + rtcId + " of yours runs here.");
        }
    }

    /**
     * {@code GET /v0.3/legs/{id}}: a leg the caller may see: any of the application's for an admin
     * token, the user's own App legs for a user token (what its SDK reads before a reconnect).
     */
    public dev.parley.domain.Leg leg(Principal principal, String legId) {
        Optional<dev.parley.domain.Leg> leg = LegId.parse(legId)
                .flatMap(id -> store.read(tx -> tx.legs().find(principal.applicationId(), id)))
                .filter(found -> principal instanceof Principal.Admin
                        || (principal instanceof Principal.UserToken user
                                && found.channelType().equals(dev.parley.domain.Channel.APP)
                                && user.userName().equals(appUser(found))));
        return leg.orElseThrow(
                () -> new DomainException.NotFound(ErrorCode.CALL_NOT_FOUND, "No leg " + legId + " of yours."));
    }

    /** The application's user an App leg belongs to: its caller, or the user it calls. */
    private static String appUser(dev.parley.domain.Leg leg) {
        String party = leg.direction() == dev.parley.domain.Leg.Direction.INBOUND ? leg.fromJson() : leg.toJson();
        return Json.parse(party).path("user").asText(null);
    }

    /** Whether {@code leg} is one of the user's App legs that has ended already (a second hangup is no error). */
    private boolean ended(Principal.UserToken user, LegId leg) {
        return store.read(tx -> tx.legs().find(user.applicationId(), leg))
                .filter(found -> found.channelType().equals(dev.parley.domain.Channel.APP)
                        && user.userName()
                                .equals(Json.parse(found.fromJson())
                                        .path("user")
                                        .asText(null)))
                .isPresent();
    }

    /**
     * A member leaves its conversation ({@code DELETE .../members/{id}}, with the reason given): when it
     * is in the conversation through a call leg, the leg is hung up too (the SDKs hang up this way).
     */
    public Member leave(Principal principal, String conversationId, String memberId, ObjectNode reason) {
        Member left =
                members.update(principal, conversationId, memberId, new MemberService.Change(MemberState.LEFT, reason));
        String legId = left.channel() == null ? null : left.channel().legId();
        LegId.parse(legId == null ? "" : legId).ifPresent(leg -> {
            if (principal instanceof Principal.UserToken user) {
                control.hangupAppLeg(user.applicationId(), user.userName(), leg);
            } else {
                control.hangup(leg);
            }
        });
        return left;
    }

    private static Principal.UserToken caller(Principal principal, String action) {
        if (principal instanceof Principal.UserToken user) {
            return user;
        }
        throw new DomainException.Forbidden(
                ErrorCode.SYSTEM_PERMISSION, "Only a user's token can " + action + ": the call is that user's.");
    }
}
