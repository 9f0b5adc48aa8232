package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.http.Auth;
import dev.parley.api.http.Requests;
import dev.parley.service.CallService;
import dev.parley.wire.CallJson;
import io.javalin.http.Context;

/**
 * What an application plays and sends into a call in progress: {@code /v1/calls/{uuid}/talk},
 * {@code .../stream} and {@code .../dtmf} (voice.yml).
 */
public final class CallAudioHandlers {
    private final CallService calls;

    public CallAudioHandlers(CallService calls) {
        this.calls = calls;
    }

    /** {@code PUT /v1/calls/{uuid}/talk}: speaks {@code text} into the call. */
    public void startTalk(Context ctx) {
        AudioRequests.Talk talk = AudioRequests.Talk.of(ctx);
        String uuid = ctx.pathParam("uuid");
        calls.talk(Auth.principal(ctx), uuid, talk.text(), talk.language(), talk.loop(), talk.level());
        ctx.json(CallJson.message("Talk started", uuid));
    }

    /** {@code DELETE /v1/calls/{uuid}/talk}. */
    public void stopTalk(Context ctx) {
        stopPlaying(ctx, "Talk stopped");
    }

    /** {@code PUT /v1/calls/{uuid}/stream}: plays the WAV at {@code stream_url} into the call. */
    public void startStream(Context ctx) {
        AudioRequests.Stream stream = AudioRequests.Stream.of(ctx);
        String uuid = ctx.pathParam("uuid");
        calls.stream(Auth.principal(ctx), uuid, stream.url(), stream.loop(), stream.level());
        ctx.json(CallJson.message("Stream started", uuid));
    }

    /** {@code DELETE /v1/calls/{uuid}/stream}. */
    public void stopStream(Context ctx) {
        stopPlaying(ctx, "Stream stopped");
    }

    /** Stops what a REST talk or stream plays into the call (one overlay serves both). */
    private void stopPlaying(Context ctx, String message) {
        String uuid = ctx.pathParam("uuid");
        calls.stopPlaying(Auth.principal(ctx), uuid);
        ctx.json(CallJson.message(message, uuid));
    }

    /** {@code PUT /v1/calls/{uuid}/dtmf}: sends {@code digits} as RFC 4733 events. */
    public void sendDtmf(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Validation v = new Validation();
        String digits = v.requiredString(body, "digits", 100);
        if (digits != null && !digits.matches("[0-9*#A-Da-dpP]+")) {
            v.add("digits", "\"digits\" may hold 0-9, *, #, A-D and p (a 500 ms pause)");
        }
        v.throwIfAny();
        String uuid = ctx.pathParam("uuid");
        calls.dtmf(Auth.principal(ctx), uuid, digits);
        ctx.json(CallJson.message("DTMF sent", uuid));
    }
}
