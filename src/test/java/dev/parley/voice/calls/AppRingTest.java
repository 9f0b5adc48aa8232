package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.fixtures.Audio;
import dev.parley.fixtures.VoiceApp;
import dev.parley.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a call to an App user ends before or as it is answered, seen by the real Client SDK in every
 * session of the user (headless Chromium pages): the first answer wins and the other sessions hear
 * "answered elsewhere"; a reject ends the call {@code rejected} and the other sessions hear "rejected
 * elsewhere"; the caller's hangup is a "remote cancel" and the call {@code cancelled}; the ringing
 * timer a "remote timeout" and the call {@code timeout}.
 */
class AppRingTest {
    @TempDir
    static Path temp;

    private static VoiceApp app;
    private static Path tone;

    @BeforeAll
    static void start() throws Exception {
        app = VoiceApp.start(Map.of(), "[{\"action\":\"talk\",\"text\":\"unused\"}]");
        tone = temp.resolve("tone440.wav");
        Files.write(tone, Audio.toneWav(440, 30, 48_000));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void the_first_answer_wins_and_the_other_session_hears_it_was_answered_elsewhere() throws Exception {
        JsonNode result = ring(List.of("answer", "wait"), "api", 30);
        JsonNode answered = result.path("pages").path(0);
        JsonNode other = result.path("pages").path(1);
        assertThat(answered.path("answered").asBoolean()).as(result.toString()).isTrue();
        assertThat(other.path("cancels").path(0).path("reason").asText()).isEqualTo("AnsweredElsewhere");
        String leg = result.path("placed").path("body").path("uuid").asText();
        assertThat(app.statusesUntil(leg, "completed")).containsSubsequence("ringing", "answered", "completed");
    }

    @Test
    void a_reject_ends_the_call_rejected_and_the_other_session_hears_it() throws Exception {
        JsonNode result = ring(List.of("reject", "wait"), "none", 30);
        assertThat(result.path("pages").path(0).path("rejected").asBoolean())
                .as(result.toString())
                .isTrue();
        assertThat(result.path("pages")
                        .path(1)
                        .path("cancels")
                        .path(0)
                        .path("reason")
                        .asText())
                .isEqualTo("RejectedElsewhere");
        String leg = result.path("placed").path("body").path("uuid").asText();
        assertThat(app.statusesUntil(leg, "rejected")).containsSubsequence("ringing", "rejected");
    }

    @Test
    void the_callers_hangup_is_a_remote_cancel() throws Exception {
        JsonNode result = ring(List.of("wait"), "api", 30);
        assertThat(result.path("pages")
                        .path(0)
                        .path("cancels")
                        .path(0)
                        .path("reason")
                        .asText())
                .as(result.toString())
                .isEqualTo("RemoteCancel");
        String leg = result.path("placed").path("body").path("uuid").asText();
        assertThat(app.statusesUntil(leg, "cancelled")).containsSubsequence("ringing", "cancelled");
    }

    @Test
    void the_ringing_timer_is_a_remote_timeout() throws Exception {
        JsonNode result = ring(List.of("wait"), "none", 3);
        assertThat(result.path("pages")
                        .path(0)
                        .path("cancels")
                        .path(0)
                        .path("reason")
                        .asText())
                .as(result.toString())
                .isEqualTo("RemoteTimeout");
        String leg = result.path("placed").path("body").path("uuid").asText();
        assertThat(app.statusesUntil(leg, "timeout")).containsSubsequence("ringing", "timeout");
    }

    /** A new user with one session per action; the call placed to it, ringing at most {@code ringingTimer} s. */
    private static JsonNode ring(List<String> actions, String end, int ringingTimer) throws Exception {
        String user = app.createUser("callee");
        ObjectNode options = Json.object();
        options.put("base", app.server.baseUrl());
        options.put("jwt", app.server.userToken(user));
        options.put("adminJwt", app.server.adminToken());
        options.put("tone", tone.toString());
        options.put("end", end);
        actions.forEach(options.putArray("actions")::add);
        ObjectNode call = options.putObject("call");
        call.putArray("to").addObject().put("type", "app").put("user", user);
        call.putObject("from").put("type", "phone").put("number", "447700900001");
        call.put("ringing_timer", ringingTimer);
        call.set("ncco", Json.parse("[{\"action\":\"conversation\",\"name\":\"ring-" + UUID.randomUUID() + "\"}]"));
        JsonNode result = dev.parley.fixtures.NodeScript.run("sdk-ring.mjs", options);
        System.out.println("the pages reported " + result);
        assertThat(result.path("placed").path("status").asInt()).isEqualTo(201);
        return result;
    }
}
