package dev.parley.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Conversation;
import dev.parley.domain.Member;
import dev.parley.domain.MemberState;
import dev.parley.domain.UserSummary;
import java.util.Iterator;
import java.util.Map;

/** Bodies of {@code member:invited|joined|left} events, in the shape the v1 event schema gives. */
final class MemberEvents {
    private MemberEvents() {}

    /** The member resource's initiator ({@code is_system}) for a transition into {@code state}. */
    static ObjectNode initiator(MemberState state, Caller caller, String actingMemberId) {
        ObjectNode who = Json.object();
        who.put("is_system", caller.isAdmin());
        if (!caller.isAdmin()) {
            who.put("user_id", caller.userId());
            if (actingMemberId != null) {
                who.put("member_id", actingMemberId);
            }
        }
        ObjectNode initiator = Json.object();
        initiator.set(state.name().toLowerCase(), who);
        return initiator;
    }

    static ObjectNode body(Member member, Conversation conversation, ObjectNode reason) {
        ObjectNode body = Json.object();
        body.put("member_id", member.id());
        body.set("user", user(member.user()));
        body.set("channel", Json.parse(member.channelJson()));
        JsonNode media = Json.parse(member.mediaJson());
        // The Client SDK requires media on member events; a member without any has audio off.
        body.set("media", media != null ? media : noMedia());
        ObjectNode timestamp = body.putObject("timestamp");
        putTime(timestamp, "invited", member.invitedMs());
        putTime(timestamp, "joined", member.joinedMs());
        putTime(timestamp, "left", member.leftMs());
        body.set("initiator", camelCaseInitiator(Json.parse(member.initiatorJson())));
        if (member.state() == MemberState.INVITED) {
            if (member.invitedBy() != null) {
                body.put("invited_by", member.invitedBy());
            }
            ObjectNode c = body.putObject("conversation");
            c.put("conversation_id", conversation.id());
            c.put("name", conversation.name());
            c.put("display_name", conversation.displayName());
            c.put("image_url", conversation.imageUrl());
        }
        if (reason != null) {
            body.set("reason", reason);
        }
        return body;
    }

    private static ObjectNode noMedia() {
        ObjectNode media = Json.object();
        media.putObject("audio_settings")
                .put("enabled", false)
                .put("earmuffed", false)
                .put("muted", false);
        media.put("audio", false);
        return media;
    }

    static ObjectNode user(UserSummary user) {
        ObjectNode node = Json.object();
        node.put("id", user.id());
        node.put("name", user.name());
        if (user.displayName() != null) {
            node.put("display_name", user.displayName());
        }
        if (user.imageUrl() != null) {
            node.put("image_url", user.imageUrl());
        }
        JsonNode properties = Json.parse(user.propertiesJson());
        if (properties != null) {
            node.set("properties", properties);
        }
        return node;
    }

    private static void putTime(ObjectNode node, String field, Long ms) {
        if (ms != null) {
            node.put(field, Timestamps.format(ms));
        }
    }

    /** Event bodies spell {@code isSystem} where the member resource says {@code is_system}. */
    private static JsonNode camelCaseInitiator(JsonNode initiator) {
        if (initiator == null || !initiator.isObject()) {
            return initiator;
        }
        ObjectNode out = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = initiator.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            ObjectNode who = entry.getValue().deepCopy();
            if (who.has("is_system")) {
                who.set("isSystem", who.remove("is_system"));
            }
            out.set(entry.getKey(), who);
        }
        return out;
    }
}
