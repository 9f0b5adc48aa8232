package dev.parley.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Channel;
import dev.parley.domain.Initiator;
import dev.parley.domain.Media;
import dev.parley.domain.MemberState;
import dev.parley.domain.ResourceId;
import java.util.Locale;
import java.util.Map;

/**
 * A member's channel, media and initiator on the wire and in storage: read from the documents clients
 * send, written back as the v1 resource and member events show them.
 */
public final class MemberJson {
    private MemberJson() {}

    /** A channel document (type already normalised) as a {@link Channel}. */
    public static Channel channel(JsonNode document) {
        String type = document.path("type").asText("");
        String legId = document.hasNonNull("leg_id") ? document.get("leg_id").asText() : null;
        return new Channel(type, legId, Json.write(document));
    }

    /** A media document as {@link Media}; null for none. */
    public static Media media(JsonNode document) {
        if (document == null || document.isNull()) {
            return null;
        }
        JsonNode settings = document.path("audio_settings");
        return new Media(
                bool(document.get("audio")),
                bool(settings.get("enabled")),
                bool(settings.get("muted")),
                bool(settings.get("earmuffed")));
    }

    /** The media document: {@code audio} and {@code audio_settings}, each field only when known. */
    public static ObjectNode media(Media media) {
        ObjectNode node = Json.object();
        if (media.audioEnabled() != null || media.muted() != null || media.earmuffed() != null) {
            ObjectNode settings = node.putObject("audio_settings");
            putIfKnown(settings, "enabled", media.audioEnabled());
            putIfKnown(settings, "earmuffed", media.earmuffed());
            putIfKnown(settings, "muted", media.muted());
        }
        putIfKnown(node, "audio", media.audio());
        return node;
    }

    private static void putIfKnown(ObjectNode node, String field, Boolean value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static Boolean bool(JsonNode node) {
        return node != null && node.isBoolean() ? node.booleanValue() : null;
    }

    /** The member resource's initiator: how the member came in ({@code {joined|invited: {is_system ...}}}). */
    public static ObjectNode initiatorForResource(Initiator initiator) {
        ObjectNode out = Json.object();
        initiator.howItCameIn().ifPresent(entry -> out.set(key(entry.getKey()), who(entry.getValue(), "is_system")));
        return out;
    }

    /** A member event's initiator, in the event schemas' spelling ({@code isSystem}). */
    public static ObjectNode initiatorForEvent(Initiator initiator, MemberState state) {
        ObjectNode out = Json.object();
        for (Map.Entry<MemberState, Initiator.Who> entry :
                initiator.forEventInto(state).entrySet()) {
            out.set(key(entry.getKey()), who(entry.getValue(), "isSystem"));
        }
        return out;
    }

    private static ObjectNode who(Initiator.Who who, String systemField) {
        ObjectNode node = Json.object();
        node.put(systemField, who.isSystem());
        if (who.userId() != null) {
            node.put("user_id", ResourceId.valueOf(who.userId()));
        }
        if (who.memberId() != null) {
            node.put("member_id", ResourceId.valueOf(who.memberId()));
        }
        return node;
    }

    private static String key(MemberState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
