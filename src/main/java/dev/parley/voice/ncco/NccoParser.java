package dev.parley.voice.ncco;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.voice.ncco.NccoAction.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads and checks an NCCO (a JSON array of actions) completely before anything runs, so a mistake in
 * the fifth action is an {@code error} event at the start, not a call that breaks half-way. Unknown
 * fields are ignored as the Voice API ignores them; unknown actions, wrong types and out-of-range
 * values are refused with the action's index, name and field.
 */
public final class NccoParser {
    /** The longest NCCO taken (the Voice API's own limit is not published; this bounds the work). */
    public static final int MAX_ACTIONS = 100;

    private NccoParser() {}

    public static List<NccoAction> parse(JsonNode ncco) throws NccoException {
        if (ncco == null || !ncco.isArray()) {
            throw new NccoException("an NCCO must be a JSON array of actions");
        }
        if (ncco.isEmpty()) {
            throw new NccoException("an NCCO must hold at least one action");
        }
        if (ncco.size() > MAX_ACTIONS) {
            throw new NccoException("an NCCO may hold at most " + MAX_ACTIONS + " actions");
        }
        List<NccoAction> actions = new ArrayList<>();
        for (int i = 0; i < ncco.size(); i++) {
            JsonNode node = ncco.get(i);
            if (!node.isObject() || !node.path("action").isTextual()) {
                throw new NccoException("ncco[" + i + "]: each action is an object with an \"action\" name");
            }
            String name = node.get("action").asText();
            Fields f = new Fields(node, "ncco[" + i + "] (" + name + ")");
            actions.add(
                    switch (name) {
                        case "talk" -> talk(f);
                        case "stream" -> stream(f);
                        case "input" -> input(f);
                        case "record" -> record(f);
                        case "conversation" -> conversation(f);
                        case "connect" -> connect(f, node, "ncco[" + i + "] (connect)");
                        case "notify" -> notify(f);
                        case "wait" -> new NccoAction.Wait(orDefault(f.number("timeout", 0.1, 7200), 10.0));
                        case "transfer" ->
                            new NccoAction.Transfer(
                                    f.requiredText("conversationId", 100),
                                    f.optionalBool("mute"),
                                    f.texts("canHear"),
                                    f.texts("canSpeak"));
                        default -> throw new NccoException("ncco[" + i + "]: unknown action \"" + name + "\"");
                    });
            if (i < ncco.size() - 1
                    && actions.get(i) instanceof NccoAction.Talk talk
                    && talk.bargeIn()
                    && !(ncco.get(i + 1).path("action").asText().equals("input"))) {
                throw f.error("bargeIn needs an input action to follow");
            }
        }
        return List.copyOf(actions);
    }

    private static NccoAction talk(Fields f) throws NccoException {
        return new NccoAction.Talk(
                f.requiredText("text", 1_500),
                f.bool("bargeIn", false),
                orDefault(f.integer("loop", 0, 100), 1),
                orDefault(f.number("level", -1, 1), 0.0),
                f.text("language", 20),
                f.integer("style", 0, 100),
                f.text("voiceName", 50),
                f.optionalBool("premium"));
    }

    private static NccoAction stream(Fields f) throws NccoException {
        return new NccoAction.Stream(
                f.singleUrl("streamUrl", true),
                orDefault(f.number("level", -1, 1), 0.0),
                f.bool("bargeIn", false),
                orDefault(f.integer("loop", 0, 100), 1));
    }

    private static NccoAction input(Fields f) throws NccoException {
        List<String> types = f.texts("type");
        if (types == null) {
            types = new ArrayList<>();
            if (f.has("dtmf")) {
                types.add("dtmf");
            }
            if (f.has("speech")) {
                types.add("speech");
            }
        }
        if (types.isEmpty() || !Set.of("dtmf", "speech").containsAll(types)) {
            throw f.error("\"type\" must name dtmf, speech or both");
        }
        NccoAction.Input.Dtmf dtmf = null;
        if (types.contains("dtmf")) {
            Fields d = f.nested("dtmf");
            dtmf = new NccoAction.Input.Dtmf(
                    orDefault(d.integer("timeOut", 0, 10), 3),
                    orDefault(d.integer("maxDigits", 1, 20), 4),
                    d.bool("submitOnHash", false));
        }
        NccoAction.Input.Speech speech = null;
        if (types.contains("speech")) {
            Fields s = f.nested("speech");
            speech = new NccoAction.Input.Speech(
                    s.text("language", 20),
                    s.texts("context"),
                    s.number("endOnSilence", 0.4, 10),
                    s.integer("startTimeout", 1, 60),
                    s.integer("maxDuration", 1, 60));
        }
        return new NccoAction.Input(List.copyOf(types), dtmf, speech, f.webhook(false));
    }

    private static NccoAction record(Fields f) throws NccoException {
        String split = f.oneOf("split", Set.of("conversation"), null);
        Integer channels = f.integer("channels", 1, 32);
        if (channels != null && split == null) {
            throw f.error("\"channels\" needs \"split\": \"conversation\"");
        }
        String endOnKey = f.text("endOnKey", 1);
        if (endOnKey != null && !endOnKey.matches("[0-9*#]")) {
            throw f.error("\"endOnKey\" must be one of 0-9, * or #");
        }
        return new NccoAction.Record(
                f.oneOf("format", Set.of("mp3", "wav", "ogg"), "mp3"),
                split,
                channels,
                f.integer("endOnSilence", 3, 10),
                endOnKey,
                orDefault(f.integer("timeOut", 3, 7200), 7200),
                f.bool("beepStart", false),
                f.webhook(false));
    }

    private static NccoAction conversation(Fields f) throws NccoException {
        List<String> canSpeak = f.texts("canSpeak");
        boolean mute = f.bool("mute", false);
        if (mute && canSpeak != null) {
            throw f.error("\"mute\" cannot be used together with \"canSpeak\"");
        }
        return new NccoAction.Conversation(
                f.requiredText("name", 100),
                f.singleUrl("musicOnHoldUrl", false),
                f.bool("startOnEnter", true),
                f.bool("endOnExit", false),
                f.bool("record", false),
                canSpeak,
                f.texts("canHear"),
                mute,
                f.webhook(false));
    }

    private static NccoAction connect(Fields f, JsonNode node, String where) throws NccoException {
        Endpoint endpoint = Endpoints.single(node.get("endpoint"), where + " endpoint");
        String from = f.text("from", 50);
        boolean random = f.bool("randomFromNumber", false);
        if (from != null && random) {
            throw f.error("\"from\" and \"randomFromNumber\" exclude each other");
        }
        String eventType = f.oneOf("eventType", Set.of("synchronous"), null);
        return new NccoAction.Connect(
                endpoint,
                from,
                random,
                eventType != null,
                orDefault(f.integer("timeout", 3, 7200), 60),
                orDefault(f.integer("limit", 1, 7200), 7200),
                f.oneOf("machineDetection", Set.of("continue", "hangup"), null),
                f.url("ringbackTone"),
                f.webhook(false));
    }

    private static NccoAction notify(Fields f) throws NccoException {
        JsonNode payload = f.object("payload", true);
        return new NccoAction.Notify(payload.toString(), f.webhook(true));
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
