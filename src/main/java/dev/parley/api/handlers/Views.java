package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Conversation;
import dev.parley.domain.Event;
import dev.parley.domain.Member;
import dev.parley.domain.ResourceId;
import dev.parley.domain.User;
import dev.parley.domain.UserConversation;
import dev.parley.domain.UserSummary;
import dev.parley.wire.EventJson;
import dev.parley.wire.Json;
import dev.parley.wire.MemberJson;
import dev.parley.wire.Timestamps;
import io.javalin.http.Context;

/**
 * The v1 response shapes. Every resource carries absolute {@code _links}; members use
 * {@code _links.href} (a quirk of the v1 schema) where everything else uses {@code _links.self.href}.
 */
public final class Views {
    private final Links links;

    public Views(Links links) {
        this.links = links;
    }

    public ObjectNode conversation(Context ctx, Conversation c) {
        ObjectNode node = conversationFields(c);
        node.put("state", c.state());
        node.put("sequence_number", c.sequenceNumber());
        putJson(node, "properties", c.propertiesJson());
        putJson(node, "numbers", c.numbersJson());
        putJson(node, "callback", c.callbackJson());
        node.set("_links", self(links.conversation(ctx, c.id())));
        return node;
    }

    public ObjectNode conversationLite(Context ctx, Conversation c) {
        ObjectNode node = conversationFields(c);
        node.set("_links", self(links.conversation(ctx, c.id())));
        return node;
    }

    public ObjectNode conversationLinks(Context ctx, Conversation c) {
        return self(links.conversation(ctx, c.id()));
    }

    /** The fields every conversation shape starts with. */
    private static ObjectNode conversationFields(Conversation c) {
        ObjectNode node = Json.object();
        node.put("id", c.id().value());
        node.put("name", c.name());
        Json.putIfPresent(node, "display_name", c.displayName());
        Json.putIfPresent(node, "image_url", c.imageUrl());
        ObjectNode timestamp = node.putObject("timestamp");
        timestamp.put("created", Timestamps.format(c.createdMs()));
        Json.putIfPresent(timestamp, "updated", Timestamps.formatNullable(c.updatedMs()));
        return node;
    }

    public ObjectNode userConversation(Context ctx, UserConversation uc, boolean includeCustomData) {
        Conversation c = uc.conversation();
        ObjectNode node = conversationFields(c);
        node.put("sequence_number", c.sequenceNumber());
        JsonNode properties = Json.parse(c.propertiesJson());
        if (properties != null && properties.isObject()) {
            ObjectNode shown = properties.deepCopy();
            if (!includeCustomData) {
                shown.remove("custom_data");
            }
            node.set("properties", shown);
        }
        ObjectNode embedded = node.putObject("_embedded");
        embedded.put("id", ResourceId.valueOf(uc.memberId()));
        embedded.put("state", uc.memberState().name());
        node.set("_links", self(links.conversation(ctx, c.id())));
        return node;
    }

    public ObjectNode member(Context ctx, Member m) {
        ObjectNode node = Json.object();
        node.put("id", m.id().value());
        node.put("conversation_id", ResourceId.valueOf(m.conversationId()));
        node.putObject("_embedded").set("user", userLite(ctx, m.user()));
        node.put("state", m.state().name());
        ObjectNode timestamp = node.putObject("timestamp");
        Json.putIfPresent(timestamp, "invited", Timestamps.formatNullable(m.invitedMs()));
        Json.putIfPresent(timestamp, "joined", Timestamps.formatNullable(m.joinedMs()));
        Json.putIfPresent(timestamp, "left", Timestamps.formatNullable(m.leftMs()));
        node.set("initiator", MemberJson.initiatorForResource(m.initiator()));
        putJson(node, "channel", m.channel().json());
        if (m.media() != null) {
            node.set("media", MemberJson.media(m.media()));
        }
        Json.putIfPresent(node, "knocking_id", m.knockingId());
        Json.putIfPresent(node, "invited_by", m.invitedBy());
        node.putObject("_links").put("href", memberHref(ctx, m));
        return node;
    }

    public ObjectNode memberLite(Context ctx, Member m) {
        ObjectNode node = Json.object();
        node.put("id", m.id().value());
        node.put("state", m.state().name());
        node.putObject("_embedded").set("user", userLite(ctx, m.user()));
        node.putObject("_links").put("href", memberHref(ctx, m));
        return node;
    }

    public ObjectNode event(Context ctx, Event e, boolean stored) {
        ObjectNode node = EventJson.v1(e, stored);
        if (stored) {
            node.set("_links", self(eventHref(ctx, e)));
        }
        return node;
    }

    /** An event's {@code href} on the version the request used (the first versions' {@code href}s). */
    public String eventHrefSameVersion(Context ctx, Event e) {
        return links.sameVersion(ctx, "/conversations/" + e.conversationId().value() + "/events/" + e.id());
    }

    public String eventHref(Context ctx, Event e) {
        return links.conversation(ctx, e.conversationId()) + "/events/" + e.id();
    }

    public ObjectNode user(Context ctx, User u) {
        ObjectNode node = Json.object();
        node.put("id", u.id().value());
        node.put("name", u.name());
        Json.putIfPresent(node, "display_name", u.displayName());
        Json.putIfPresent(node, "image_url", u.imageUrl());
        JsonNode properties = Json.parse(u.propertiesJson());
        node.set("properties", properties != null ? properties : Json.object().set("custom_data", Json.object()));
        putJson(node, "channels", u.channelsJson());
        ObjectNode timestamp = node.putObject("timestamp");
        timestamp.put("created", Timestamps.format(u.createdMs()));
        Json.putIfPresent(timestamp, "updated", Timestamps.formatNullable(u.updatedMs()));
        node.set("_links", self(links.absolute(ctx, "/v1/users/" + u.id())));
        return node;
    }

    public ObjectNode userLite(Context ctx, User u) {
        return userLite(ctx, u.summary());
    }

    public ObjectNode userLite(Context ctx, UserSummary u) {
        ObjectNode node = Json.object();
        node.put("id", u.id().value());
        node.put("name", u.name());
        Json.putIfPresent(node, "display_name", u.displayName());
        node.set("_links", self(links.absolute(ctx, "/v1/users/" + u.id())));
        return node;
    }

    private String memberHref(Context ctx, Member m) {
        return links.conversation(ctx, m.conversationId()) + "/members/" + m.id();
    }

    private static ObjectNode self(String href) {
        ObjectNode linksNode = Json.object();
        linksNode.putObject("self").put("href", href);
        return linksNode;
    }

    private static void putJson(ObjectNode node, String field, String json) {
        JsonNode value = Json.parse(json);
        if (value != null) {
            node.set(field, value);
        }
    }
}
