package dev.parley.domain;

import java.util.Set;
import java.util.regex.Pattern;

/** Which event types exist, which a client may create, and which may be deleted. */
public final class EventTypes {
    private EventTypes() {}

    public static final String MESSAGE = "message";
    public static final String EPHEMERAL = "ephemeral";
    public static final String EVENT_DELETE = "event:delete";
    public static final String CONVERSATION_UPDATED = "conversation:updated";
    public static final String LEG_STATUS_UPDATE = "leg:status:update";
    public static final String AUDIO_DTMF = "audio:dtmf";

    private static final Pattern CUSTOM = Pattern.compile("^custom:[\\w\\-:]+$");

    /** Message status events: their body points at a message with {@code event_id}. */
    public static final Set<String> MESSAGE_STATUS = Set.of(
            "message:submitted", "message:rejected", "message:undeliverable", "message:delivered", "message:seen");

    /** Legacy Client SDK chat types (nexmo-client): stored like messages. */
    public static final Set<String> LEGACY_CHAT = Set.of("text", "image");

    /** Legacy receipt types; like message statuses their body points at an event. */
    public static final Set<String> LEGACY_RECEIPTS =
            Set.of("text:seen", "text:delivered", "image:seen", "image:delivered");

    /**
     * Events that only the sending member's user may see, in pushes, listings and replays: Parley's
     * SDP answer to a member's offer carries that leg's ICE credentials and DTLS fingerprint, and the
     * legacy SDK applies the first {@code rtc:answer} it finds in its conversation, whoever offered.
     */
    public static final Set<String> SENDER_ONLY = Set.of("rtc:answer");

    /** Events delivered to the joined members but never stored. */
    public static final Set<String> TRANSIENT = Set.of(EPHEMERAL, "text:typing:on", "text:typing:off");

    /** Audio control events a client may post (the v1 create-event oneOf). */
    public static final Set<String> AUDIO_REQUESTS = Set.of(
            "audio:play",
            "audio:play:stop",
            "audio:say",
            "audio:say:stop",
            "audio:dtmf",
            "audio:record",
            "audio:record:stop",
            "audio:mute:on",
            "audio:mute:off",
            "audio:earmuff:on",
            "audio:earmuff:off");

    /** The message_type values of a {@code message} event. */
    public static final Set<String> MESSAGE_TYPES =
            Set.of("text", "image", "audio", "video", "file", "template", "custom", "vcard", "location", "random");

    public static boolean isCustom(String type) {
        return type != null && CUSTOM.matcher(type).matches();
    }

    public static boolean clientMayCreate(String type) {
        return MESSAGE.equals(type)
                || TRANSIENT.contains(type)
                || MESSAGE_STATUS.contains(type)
                || LEGACY_CHAT.contains(type)
                || LEGACY_RECEIPTS.contains(type)
                || AUDIO_REQUESTS.contains(type)
                || isCustom(type);
    }

    public static boolean deletable(String type) {
        return MESSAGE.equals(type) || LEGACY_CHAT.contains(type) || isCustom(type);
    }

    /** True for events whose body names another event they report on ({@code body.event_id}). */
    public static boolean isReceipt(String type) {
        return MESSAGE_STATUS.contains(type) || LEGACY_RECEIPTS.contains(type);
    }

    /** The receipt kind of a receipt type: "message:seen" and "text:seen" are both "seen". */
    public static String receiptKind(String type) {
        return type.substring(type.lastIndexOf(':') + 1);
    }

    /** Shape of a type name accepted in the {@code event_type} list filter. */
    public static boolean plausibleName(String type) {
        return type.matches("^[a-z][\\w\\-]*(:[\\w\\-]+)*$");
    }
}
