package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.http.Auth;
import dev.parley.api.http.Requests;
import dev.parley.service.CallService;
import dev.parley.wire.CallJson;
import io.javalin.http.Context;
import java.util.List;

/**
 * Audio for a whole conversation's legs: {@code /v1/conversations/{conversation_id}/talk}, {@code
 * .../stream} and {@code .../record} (the v1 spec).
 */
public final class ConversationAudioHandlers {
    private final CallService calls;

    public ConversationAudioHandlers(CallService calls) {
        this.calls = calls;
    }

    /** {@code PUT .../talk}: speaks into every leg of the conversation. */
    public void startTalk(Context ctx) {
        AudioRequests.Talk talk = AudioRequests.Talk.of(ctx);
        String id = calls.playInConversation(
                Auth.principal(ctx),
                conversationId(ctx),
                talk.text(),
                talk.language(),
                null,
                talk.loop(),
                talk.level());
        ctx.json(CallJson.message("Talk started", id));
    }

    /** {@code DELETE .../talk}. */
    public void stopTalk(Context ctx) {
        String id = calls.stopInConversation(Auth.principal(ctx), conversationId(ctx), true);
        ctx.json(CallJson.message("Talk stopped", id));
    }

    /** {@code PUT .../stream}: plays a WAV into every leg of the conversation. */
    public void startStream(Context ctx) {
        AudioRequests.Stream stream = AudioRequests.Stream.of(ctx);
        String id = calls.playInConversation(
                Auth.principal(ctx), conversationId(ctx), null, null, stream.url(), stream.loop(), stream.level());
        ctx.json(CallJson.message("Stream started", id));
    }

    /** {@code DELETE .../stream}. */
    public void stopStream(Context ctx) {
        String id = calls.stopInConversation(Auth.principal(ctx), conversationId(ctx), false);
        ctx.json(CallJson.message("Stream stopped", id));
    }

    /**
     * {@code PUT .../record}: {@code action} start or stop; {@code event_url} (one URL) and {@code
     * event_method} for the record webhook (the application's voice event URL when absent); {@code split:
     * conversation} for a channel per leg. {@code format} is checked and recorded as WAV; {@code
     * retention_ttl}, {@code timeout} and {@code transcription} are accepted (docs/VOICE.md).
     */
    public void record(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Validation v = new Validation();
        String action = v.oneOf(body, "action", List.of("start", "stop"), true);
        String eventUrl = v.voiceUrl(body, "event_url");
        String eventMethod = v.oneOf(body, "event_method", CallHandlers.METHODS, false);
        String split = v.oneOf(body, "split", List.of("conversation"), false);
        v.oneOf(body, "format", List.of("mp3", "wav", "vorbis"), false);
        v.integer(body, "retention_ttl", 31, 1, 400);
        v.integer(body, "timeout", 7_200, 1, 7_200);
        v.throwIfAny();
        calls.recordConversation(
                Auth.principal(ctx),
                conversationId(ctx),
                "start".equals(action),
                eventUrl,
                eventMethod == null ? "POST" : eventMethod,
                split != null);
        ctx.status(200);
    }

    private static String conversationId(Context ctx) {
        return ctx.pathParam("conversation_id");
    }
}
