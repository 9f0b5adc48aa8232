package dev.parley.store.jdbi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Channel;
import dev.parley.domain.Initiator;
import dev.parley.domain.Media;
import dev.parley.domain.MemberId;
import dev.parley.domain.MemberState;
import dev.parley.domain.ResourceId;
import dev.parley.domain.UserId;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The member columns that hold documents: {@code channel_json} as written (its type and leg id read
 * back from it), {@code media_json} written from {@link Media}, and {@code initiator_json}, one {@code {is_system, user_id?,
 * member_id?}} entry per state. The storage format only; the wire shapes are {@code wire.MemberJson}'s.
 */
final class MemberColumns {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MemberColumns() {}

    static Channel channel(String json) {
        JsonNode document = parse(json);
        return new Channel(
                document.path("type").asText(""),
                document.hasNonNull("leg_id") ? document.get("leg_id").asText() : null,
                json);
    }

    static Media media(String json) {
        if (json == null) {
            return null;
        }
        JsonNode document = parse(json);
        if (document.isNull()) {
            return null;
        }
        JsonNode settings = document.path("audio_settings");
        return new Media(
                bool(document.get("audio")),
                bool(settings.get("enabled")),
                bool(settings.get("muted")),
                bool(settings.get("earmuffed")));
    }

    /** The stored media document ({@code audio_settings} and {@code audio}, known fields only). */
    static String mediaJson(Media media) {
        if (media == null) {
            return null;
        }
        ObjectNode node = MAPPER.createObjectNode();
        ObjectNode settings = MAPPER.createObjectNode();
        putIfKnown(settings, "enabled", media.audioEnabled());
        putIfKnown(settings, "earmuffed", media.earmuffed());
        putIfKnown(settings, "muted", media.muted());
        if (!settings.isEmpty()) {
            node.set("audio_settings", settings);
        }
        putIfKnown(node, "audio", media.audio());
        return node.toString();
    }

    private static void putIfKnown(ObjectNode node, String field, Boolean value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    static String initiatorJson(Initiator initiator) {
        ObjectNode out = MAPPER.createObjectNode();
        initiator.entries().forEach((state, who) -> {
            ObjectNode entry = out.putObject(state.name().toLowerCase(Locale.ROOT));
            entry.put("is_system", who.isSystem());
            if (who.userId() != null) {
                entry.put("user_id", ResourceId.valueOf(who.userId()));
            }
            if (who.memberId() != null) {
                entry.put("member_id", ResourceId.valueOf(who.memberId()));
            }
        });
        return out.toString();
    }

    static Initiator initiator(String json) {
        if (json == null) {
            return Initiator.NONE;
        }
        Map<MemberState, Initiator.Who> entries = new EnumMap<>(MemberState.class);
        parse(json)
                .properties()
                .forEach(entry -> MemberState.parse(entry.getKey())
                        .ifPresent(state -> entries.put(
                                state,
                                new Initiator.Who(
                                        entry.getValue().path("is_system").asBoolean(false),
                                        id(entry.getValue().get("user_id"), UserId::new),
                                        id(entry.getValue().get("member_id"), MemberId::new)))));
        return new Initiator(entries);
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored member document is not JSON", e);
        }
    }

    private static Boolean bool(JsonNode node) {
        return node != null && node.isBoolean() ? node.booleanValue() : null;
    }

    private static <T> T id(JsonNode node, java.util.function.Function<String, T> type) {
        return node == null || node.isNull() ? null : type.apply(node.asText());
    }
}
