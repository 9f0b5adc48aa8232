package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Conversation;
import dev.parley.domain.Event;
import dev.parley.domain.Member;
import dev.parley.domain.Receipt;
import dev.parley.domain.ResourceId;
import dev.parley.domain.UserConversation;
import dev.parley.wire.ClientEventJson;
import dev.parley.wire.Json;
import dev.parley.wire.MemberJson;
import dev.parley.wire.Timestamps;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The shapes the Vonage Client SDKs read from their REST paths (v0.3, beta, beta2), where they differ
 * from v1. Only shapes live here; every rule stays in the services.
 */
public final class ClientViews {
    /** Receipt kind -> the key of the message's {@code state} object that lists it. */
    private static final Map<String, String> STATE_KEYS = Map.of(
            "seen", "seen_by",
            "delivered", "delivered_to",
            "submitted", "submitted_to",
            "rejected", "rejected_by",
            "undeliverable", "undeliverable_to");

    private final Views views;
    private final Links links;

    public ClientViews(Views views, Links links) {
        this.views = views;
        this.links = links;
    }

    /** A history item: the push payload plus {@code type}, {@code conversation_id} and {@code state}. */
    public ObjectNode event(Event e, List<Receipt> receipts) {
        ObjectNode node = ClientEventJson.payload(e);
        node.put("type", e.type());
        node.put("conversation_id", ResourceId.valueOf(e.conversationId()));
        if (!receipts.isEmpty()) {
            ObjectNode state = node.putObject("state");
            for (Receipt receipt : receipts) {
                String key = STATE_KEYS.get(receipt.kind());
                if (key != null) {
                    ObjectNode byMember = state.has(key) ? (ObjectNode) state.get(key) : state.putObject(key);
                    byMember.put(receipt.memberId().value(), Timestamps.format(receipt.atMs()));
                }
            }
        }
        return node;
    }

    /** v0.3 user conversation: the conversation with the user's member under {@code _embedded.member}. */
    public ObjectNode userConversation(Context ctx, UserConversation uc, boolean includeCustomData) {
        ObjectNode node = views.userConversation(ctx, uc, includeCustomData);
        node.put("state", uc.conversation().state());
        ObjectNode member = Json.object();
        member.put("id", ResourceId.valueOf(uc.memberId()));
        member.put("state", uc.memberState().name());
        node.remove("_links");
        node.putObject("_embedded").set("member", member);
        node.set("_links", views.conversationLinks(ctx, uc.conversation()));
        return node;
    }

    /** beta2 user conversation: the legacy SDK reads {@code member_id} and {@code state} from it. */
    public ObjectNode legacyUserConversation(Context ctx, UserConversation uc) {
        Conversation c = uc.conversation();
        ObjectNode node = Json.object();
        node.put("id", c.id().value());
        node.put("name", c.name());
        Json.putIfPresent(node, "display_name", c.displayName());
        Json.putIfPresent(node, "image_url", c.imageUrl());
        node.putObject("timestamp").put("created", Timestamps.format(c.createdMs()));
        node.put("sequence_number", c.sequenceNumber());
        node.put("member_id", ResourceId.valueOf(uc.memberId()));
        node.put("state", uc.memberState().name());
        node.putObject("_links").putObject("self").put("href", links.conversation(ctx, c.id()));
        return node;
    }

    /**
     * A conversation as the first versions show it: {@code uuid} instead of {@code id}, with every
     * member inline, its {@code href} on the version the request used.
     */
    public ObjectNode legacyConversation(Context ctx, Conversation c, List<Member> members) {
        ObjectNode node = Json.object();
        node.put("uuid", c.id().value());
        node.put("name", c.name());
        Json.putIfPresent(node, "display_name", c.displayName());
        Json.putIfPresent(node, "image_url", c.imageUrl());
        node.put("state", c.state());
        node.put("sequence_number", c.sequenceNumber());
        ObjectNode timestamp = node.putObject("timestamp");
        timestamp.put("created", Timestamps.format(c.createdMs()));
        if (c.updatedMs() != null) {
            timestamp.put("updated", Timestamps.format(c.updatedMs()));
        }
        JsonNode properties = Json.parse(c.propertiesJson());
        node.set("properties", properties != null ? properties : Json.object());
        ArrayNode list = node.putArray("members");
        members.forEach(m -> list.add(legacyMember(m)));
        String href = links.sameVersion(ctx, "/conversations/" + c.id().value());
        node.put("href", href);
        node.putObject("_links").putObject("self").put("href", href);
        return node;
    }

    /** When a member was invited, joined and left, as far as it has. */
    static ObjectNode memberTimestamps(Member m) {
        ObjectNode timestamp = Json.object();
        if (m.invitedMs() != null) {
            timestamp.put("invited", Timestamps.format(m.invitedMs()));
        }
        if (m.joinedMs() != null) {
            timestamp.put("joined", Timestamps.format(m.joinedMs()));
        }
        if (m.leftMs() != null) {
            timestamp.put("left", Timestamps.format(m.leftMs()));
        }
        return timestamp;
    }

    /** A member as legacy conversation objects and beta2 member pages list it. */
    public ObjectNode legacyMember(Member m) {
        ObjectNode node = Json.object();
        node.put("id", m.id().value());
        node.put("member_id", m.id().value());
        node.put("user_id", ResourceId.valueOf(m.userId()));
        node.put("name", m.user().name());
        Json.putIfPresent(node, "display_name", m.user().displayName());
        node.put("state", m.state().name());
        node.set("timestamp", memberTimestamps(m));
        node.set("initiator", MemberJson.initiatorForResource(m.initiator()));
        node.set("channel", Json.parse(m.channel().json()));
        return node;
    }
}
