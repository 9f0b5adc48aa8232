package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.http.Requests;
import io.javalin.http.Context;

/** The bodies of a talk or a stream, into a call or a whole conversation, checked the same way. */
final class AudioRequests {
    private AudioRequests() {}

    /** A talk: text, language (en-US by default), loop and level. */
    record Talk(String text, String language, int loop, double level) {
        static Talk of(Context ctx) {
            JsonNode body = Requests.body(ctx);
            Validation v = new Validation();
            String text = v.requiredString(body, "text", 1_500);
            String language = v.string(body, "language", 20);
            int loop = v.integer(body, "loop", 1, 0, 1_000);
            double level = v.level(body);
            v.throwIfAny();
            return new Talk(text, language == null ? "en-US" : language, loop, level);
        }
    }

    /** A stream: one stream URL, loop and level. */
    record Stream(String url, int loop, double level) {
        static Stream of(Context ctx) {
            JsonNode body = Requests.body(ctx);
            Validation v = new Validation();
            String url = v.voiceUrl(body, "stream_url");
            if (url == null && !body.has("stream_url")) {
                v.add("stream_url", "\"stream_url\" is required");
            }
            int loop = v.integer(body, "loop", 1, 0, 1_000);
            double level = v.level(body);
            v.throwIfAny();
            return new Stream(url, loop, level);
        }
    }
}
