package dev.parley.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Conversation;
import dev.parley.domain.Member;
import dev.parley.domain.MemberState;
import dev.parley.domain.UserSummary;
import dev.parley.wire.Json;
import dev.parley.wire.MemberJson;
import dev.parley.wire.Timestamps;

/** Bodies of {@code member:invited|joined|left} events, in the shape the v1 event schema gives. */
final class MemberEvents {
    private MemberEvents() {}

    static ObjectNode body(Member member, Conversation conversation, ObjectNode reason) {
        ObjectNode body = Json.object();
        body.put("member_id", member.id().value());
        body.set("user", user(member.user()));
        body.set("channel", Json.parse(member.channel().json()));
        JsonNode media = member.media() == null ? null : MemberJson.media(member.media());
        // The Client SDK requires media on member events; a member without any has audio off.
        body.set("media", media != null ? media : noMedia());
        ObjectNode timestamp = body.putObject("timestamp");
        putTime(timestamp, "invited", member.invitedMs());
        putTime(timestamp, "joined", member.joinedMs());
        putTime(timestamp, "left", member.leftMs());
        body.set("initiator", MemberJson.initiatorForEvent(member.initiator(), member.state()));
        if (member.state() == MemberState.INVITED) {
            if (media != null) {
                // the legacy Client SDK rings for an invite whose user's audio is enabled (inAppCall)
                ((ObjectNode) body.get("user")).set("media", media);
            }
            if (member.invitedBy() != null) {
                body.put("invited_by", member.invitedBy());
            }
            ObjectNode c = body.putObject("conversation");
            c.put("conversation_id", conversation.id().value());
            c.put("name", conversation.name());
            Json.putIfPresent(c, "display_name", conversation.displayName());
            Json.putIfPresent(c, "image_url", conversation.imageUrl());
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
        node.put("id", user.id().value());
        node.put("name", user.name());
        Json.putIfPresent(node, "display_name", user.displayName());
        Json.putIfPresent(node, "image_url", user.imageUrl());
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
}
