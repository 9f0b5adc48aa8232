package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.fixtures.Audio;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.VoiceApp;
import dev.parley.fixtures.WebSocketApp;
import dev.parley.wire.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In-app calls with the real Client SDKs in headless Chromium, from a page on another origin: the SDK
 * places a server call, Parley runs the application's answer URL, and its NCCO connects the call to
 * the application's WebSocket. The page's fake microphone plays 440 Hz, which the WebSocket must hear
 * through the mixer; the WebSocket talks 1 kHz, which the page must hear. Then the call's record: the
 * user a joined member with the leg as its channel's id, the answer URL's fields, the statuses, and
 * {@code rtc:hangup} with its figures.
 */
class AppCallTest {
    @TempDir
    static Path temp;

    private static VoiceApp app;
    private static WebSocketApp socket;
    private static Path tone;

    @BeforeAll
    static void start() throws Exception {
        socket = new WebSocketApp();
        app = VoiceApp.start(
                Map.of(),
                "[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"websocket\",\"uri\":\"" + socket.uri()
                        + "\",\"content-type\":\"audio/l16;rate=16000\"}]}]");
        tone = temp.resolve("tone440.wav");
        Files.write(tone, Audio.toneWav(440, 30, 48_000));
    }

    @AfterAll
    static void stop() {
        socket.close();
        app.close();
    }

    private static String createUser() {
        return app.createUser("caller");
    }

    @Test
    void a_server_call_from_the_new_sdk_runs_the_answer_url_and_is_heard_both_ways() throws Exception {
        JsonNode result = serverCallHeardBothWays("new");
        assertThat(result.path("remoteInbound").path("roundTripTime").asDouble())
                .as("Chrome read Parley's RTCP receiver reports, whose LSR/DLSR come from its own sender reports")
                .isPositive();
        JsonNode sdkHangup = result.path("hangups").path(0);
        assertThat(sdkHangup.path("reason").asText()).as("the SDK's callHangup").isEqualTo("LOCAL_HANGUP");
        assertThat(sdkHangup.path("quality").path("packet_cnt").asLong()).isGreaterThan(100);
        assertThat(result.path("timings").path("serverCall").asInt()
                        - result.path("timings").path("session").asInt())
                .as("serverCall resolved well inside the SDK's 10 s member:joined deadline")
                .isLessThan(8_000);
    }

    @Test
    void each_sdk_hears_an_ncco_stream_mutes_and_sends_keys_into_an_input() throws Exception {
        byte[] wav = Audio.toneWav(1_000, 3.0);
        app.route("/tone.wav", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(200, wav.length);
            exchange.getResponseBody().write(wav);
            exchange.close();
        });
        java.util.concurrent.LinkedBlockingQueue<JsonNode> inputs = new java.util.concurrent.LinkedBlockingQueue<>();
        app.route("/input", exchange -> {
            inputs.add(Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        String ncco = app.ncco;
        app.ncco = "[{\"action\":\"stream\",\"streamUrl\":[\"" + app.url("/tone.wav")
                + "\"],\"loop\":0,\"bargeIn\":true},{\"action\":\"input\",\"type\":[\"dtmf\"],"
                + "\"dtmf\":{\"maxDigits\":2,\"timeOut\":10},\"eventUrl\":[\"" + app.url("/input") + "\"]}]";
        try {
            for (String sdk : List.of("new", "legacy")) {
                inputs.clear();
                ObjectNode more = Json.object();
                more.putArray("controls")
                        .add("mute")
                        .add("unmute")
                        .add("earmuff")
                        .add("unearmuff")
                        .add("dtmf:42");
                JsonNode result =
                        runPage(createUser(), sdk, "menu", "none", tone, more).get(120, TimeUnit.SECONDS);
                System.out.println("the " + sdk + " page reported " + result);
                assertThat(result.path("peakHz").asDouble())
                        .as(sdk + ": the page hears the NCCO's stream")
                        .isBetween(980.0, 1_020.0);
                assertThat(result.path("controls").toString()).doesNotContain("rror");
                JsonNode input = inputs.poll(20, TimeUnit.SECONDS);
                assertThat(input)
                        .as(sdk + ": the input's event URL heard the keys")
                        .isNotNull();
                assertThat(input.path("dtmf").path("digits").asText()).isEqualTo("42");
                String leg = result.path("callId").asText();
                String conversation = app.server
                        .admin()
                        .get("/v1/calls/" + leg)
                        .json()
                        .path("conversation_uuid")
                        .asText();
                assertThat(app.eventTypes(conversation))
                        .as(sdk)
                        .containsSubsequence(
                                "audio:mute:on",
                                "member:media",
                                "audio:mute:off",
                                "member:media",
                                "audio:earmuff:on",
                                "member:media",
                                "audio:earmuff:off",
                                "member:media",
                                "audio:dtmf");
            }
        } finally {
            app.ncco = ncco;
        }
    }

    @Test
    void a_reloaded_page_takes_its_call_over_with_reconnect_call_and_hears_it_again() throws Exception {
        String user = createUser();
        ObjectNode more = Json.object();
        more.put("reconnect", true);
        CompletableFuture<JsonNode> page = runPage(user, "new", "bob", "page", tone, more);
        socket.awaitConnected();
        socket.talk(1_000, 16_000);
        JsonNode result = page.get(120, TimeUnit.SECONDS);
        socket.quiet();
        System.out.println("the page reported " + result);
        JsonNode reconnected = result.path("reconnected");
        assertThat(reconnected.path("newConnection").asBoolean())
                .as(result.toString())
                .isTrue();
        assertThat(reconnected.path("state").asText()).isEqualTo("connected");
        assertThat(reconnected.path("peakHz").asDouble())
                .as("what the new connection heard")
                .isBetween(980.0, 1_020.0);
        assertThat(result.path("hangups").path(0).path("reason").asText())
                .as("the new client hung the call up")
                .isEqualTo("LOCAL_HANGUP");
    }

    @Test
    void a_server_call_from_the_legacy_sdk_is_answered_heard_both_ways_and_completed() throws Exception {
        JsonNode result = serverCallHeardBothWays("legacy");
        assertThat(result.path("hangups").path(0).path("statuses").toString())
                .as("legacy's call statuses")
                .contains("answered");
        assertThat(result.path("hangups").path(0).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void two_browsers_in_one_conversation_each_hear_the_other_and_not_themselves() throws Exception {
        String room = "app-room-" + UUID.randomUUID();
        String ncco = app.ncco;
        app.ncco = "[{\"action\":\"conversation\",\"name\":\"" + room + "\"}]";
        Path high = temp.resolve("tone1000.wav");
        Files.write(high, Audio.toneWav(1_000, 30, 48_000));
        try {
            CompletableFuture<JsonNode> low = browserCall(createUser(), "new", room, "page", tone);
            CompletableFuture<JsonNode> other = browserCall(createUser(), "new", room, "page", high);
            JsonNode lowHeard = low.get(90, TimeUnit.SECONDS);
            JsonNode highHeard = other.get(90, TimeUnit.SECONDS);
            System.out.println("the pages reported " + lowHeard + " and " + highHeard);
            assertThat(lowHeard.path("peakHz").asDouble())
                    .as("the 440 Hz page hears the other")
                    .isBetween(980.0, 1_020.0);
            assertThat(highHeard.path("peakHz").asDouble())
                    .as("the 1 kHz page hears the other")
                    .isBetween(430.0, 450.0);
            for (JsonNode page : new JsonNode[] {lowHeard, highHeard}) {
                String leg = page.path("callId").asText();
                String in = app.server
                        .admin()
                        .get("/v1/calls/" + leg)
                        .json()
                        .path("conversation_uuid")
                        .asText();
                assertThat(app.server
                                .admin()
                                .get("/v1/conversations/" + in)
                                .json()
                                .path("name")
                                .asText())
                        .isEqualTo(room);
            }
        } finally {
            app.ncco = ncco;
        }
    }

    @Test
    void a_legacy_in_app_call_between_two_users_is_answered_and_each_hears_the_other() throws Exception {
        String caller = createUser();
        String callee = createUser();
        Path high = temp.resolve("callee1000.wav");
        Files.write(high, Audio.toneWav(1_000, 30, 48_000));
        ObjectNode options = Json.object();
        options.put("base", app.server.baseUrl());
        options.put("listenSeconds", 3);
        options.putObject("caller").put("jwt", app.server.userToken(caller)).put("tone", tone.toString());
        options.putObject("callee")
                .put("jwt", app.server.userToken(callee))
                .put("tone", high.toString())
                .put("name", callee);
        JsonNode result =
                dev.parley.fixtures.NodeScript.start("sdk-inapp.mjs", options).get(120, TimeUnit.SECONDS);
        System.out.println("the pages reported " + result);
        assertThat(result.path("answered").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.path("callee").path("errors"))
                .as("the callee's answer()")
                .isEmpty();
        assertThat(result.path("callerHeard").path("peakHz").asDouble())
                .as("the caller hears the callee's 1 kHz")
                .isBetween(980.0, 1_020.0);
        assertThat(result.path("calleeHeard").path("peakHz").asDouble())
                .as("the callee hears the caller's 440 Hz")
                .isBetween(430.0, 450.0);
        assertThat(result.path("calleeHeard").path("dtlsState").asText()).isEqualTo("connected");
        assertThat(texts(result.path("caller").path("statuses")))
                .as("the caller's call: answered when the callee's media is, completed by its hangup")
                .containsSubsequence("answered", "completed");
        assertThat(texts(result.path("callee").path("statuses")))
                .as("the callee's SDK hears the caller hang up")
                .containsSubsequence("answered", "completed");
        String conversation = result.path("conversation").asText();
        // Each SDK found its own rtc:answer, though both filled gaps in their event ids by listing the
        // conversation's events: the other's answer is neither pushed nor listed to it.
        for (String user : List.of(caller, callee)) {
            List<String> answeredTo = new java.util.ArrayList<>();
            for (JsonNode e : app.server
                    .as(user)
                    .get("/v1/conversations/" + conversation + "/events?page_size=100&event_type=rtc:answer")
                    .json()
                    .path("_embedded")) {
                answeredTo.add(
                        e.path("_embedded").path("from_user").path("name").asText());
            }
            assertThat(answeredTo).as(user + " lists its own answer only").containsExactly(user);
        }
        assertThat(app.eventTypes(conversation))
                .containsSubsequence("member:joined", "member:invited", "member:joined", "rtc:hangup");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /**
     * The page calls "bob" with {@code sdk}, hears the WebSocket's 1 kHz, is heard at 440 Hz, hangs up;
     * the call's record is checked; what the page reported.
     */
    private JsonNode serverCallHeardBothWays(String sdk) throws Exception {
        app.answerRequests.clear();
        String user = createUser();
        CompletableFuture<JsonNode> page = browserCall(user, sdk, "bob", "page");
        socket.awaitConnected();
        int before = socket.frameCount();
        socket.talk(1_000, 16_000);
        JsonNode result = page.get(90, TimeUnit.SECONDS);
        socket.quiet();
        System.out.println("the page reported " + result);

        String leg = result.path("callId").asText();
        assertThat(leg).as(result.toString()).matches("[0-9a-f-]{36}");
        assertThat(result.path("dtlsState").asText()).isEqualTo("connected");
        assertThat(result.path("srtpCipher").asText()).isEqualTo("SRTP_AES128_CM_HMAC_SHA1_80");
        assertThat(result.path("codec").asText())
                .as("Opus, which Chrome offers first")
                .isEqualTo("audio/opus");
        assertThat(result.path("peakHz").asDouble()).as("what the page heard").isBetween(980.0, 1_020.0);
        short[] heard = socket.samples(before);
        assertThat(Audio.power(heard, 440, 16_000))
                .as("the WebSocket hears the page's 440 Hz")
                .isGreaterThan(10 * Audio.power(heard, 1_000, 16_000));
        assertThat(result.path("timings").path("serverCall").asInt()
                        - result.path("timings").path("session").asInt())
                .as("serverCall resolved well inside the SDK's 10 s member:joined deadline")
                .isLessThan(8_000);

        Map<String, String> answer = app.answerRequests.poll(10, TimeUnit.SECONDS);
        assertThat(answer)
                .containsEntry("to", "bob")
                .containsEntry("from_user", user)
                .containsEntry("uuid", leg);
        assertThat(answer).doesNotContainKey("from");
        assertThat(Json.parse(answer.get("custom_data")).path("mood").asText()).isEqualTo("curious");
        assertThat(app.statusesUntil(leg, "completed"))
                .containsSubsequence("started", "ringing", "answered", "completed");

        JsonNode call = app.server.admin().get("/v1/calls/" + leg).json();
        String conversation = call.path("conversation_uuid").asText();
        JsonNode events = Eventually.get(
                () -> {
                    JsonNode all = app.server
                            .admin()
                            .get("/v1/conversations/" + conversation + "/events?page_size=100")
                            .json()
                            .path("_embedded");
                    for (JsonNode event : all) {
                        if (event.path("type").asText().equals("member:left")) {
                            return all;
                        }
                    }
                    return null;
                },
                Duration.ofSeconds(10));
        JsonNode joined = first(events, "member:joined");
        assertThat(joined.path("body").path("user").path("name").asText()).isEqualTo(user);
        assertThat(joined.path("body").path("channel").path("type").asText()).isEqualTo("app");
        assertThat(joined.path("body").path("channel").path("id").asText()).isEqualTo(leg);
        JsonNode hangup = first(events, "rtc:hangup");
        assertThat(hangup.path("body").path("reason").path("code").asText()).isEqualTo("LOCAL_HANGUP");
        assertThat(hangup.path("body").path("bandwidth").path("bytes_in").asLong())
                .isPositive();
        assertThat(hangup.path("body").path("bandwidth").path("bytes_out").asLong())
                .isPositive();
        assertThat(hangup.path("body").path("quality").path("packet_cnt").asLong())
                .isGreaterThan(100);
        assertThat(hangup.path("body").path("quality").path("mos_score").asDouble())
                .isBetween(1.0, 4.5);
        return result;
    }

    @Test
    void a_call_to_a_user_rings_its_sdk_is_answered_in_the_page_and_hung_up_by_the_application() throws Exception {
        JsonNode result = callToUserAnsweredInPage("new");
        assertThat(result.path("invites").path(0).path("from").asText()).isEqualTo("447700900000");
        assertThat(result.path("hangups").path(0).path("reason").asText())
                .as("the SDK's callHangup")
                .isEqualTo("REMOTE_HANGUP");
    }

    @Test
    void a_call_to_a_user_is_answered_by_the_legacy_sdk_which_offers_media_itself() throws Exception {
        JsonNode result = callToUserAnsweredInPage("legacy");
        assertThat(result.path("hangups").path(0).path("statuses").toString()).contains("answered");
        assertThat(result.path("hangups").path(0).path("status").asText()).isEqualTo("completed");
    }

    /** A call to a new user, answered in a page with {@code sdk}, heard both ways, hung up by the application. */
    private JsonNode callToUserAnsweredInPage(String sdk) throws Exception {
        app.answerRequests.clear();
        String user = createUser();
        ObjectNode more = Json.object();
        more.put("mode", "answer");
        more.put("adminJwt", app.server.adminToken());
        ObjectNode call = more.putObject("call");
        call.putArray("to").addObject().put("type", "app").put("user", user);
        call.putObject("from").put("type", "phone").put("number", "447700900000");
        call.set("ncco", Json.parse(app.ncco));
        CompletableFuture<JsonNode> page = runPage(user, sdk, null, "api", tone, more);
        socket.awaitConnected();
        int before = socket.frameCount();
        socket.talk(1_000, 16_000);
        JsonNode result = page.get(90, TimeUnit.SECONDS);
        socket.quiet();
        System.out.println("the page reported " + result);

        String leg = result.path("placed").path("body").path("uuid").asText();
        assertThat(result.path("placed").path("status").asInt()).isEqualTo(201);
        assertThat(result.path("callId").asText()).as(result.toString()).isEqualTo(leg);
        assertThat(result.path("dtlsState").asText()).isEqualTo("connected");
        assertThat(result.path("peakHz").asDouble()).as("what the page heard").isBetween(980.0, 1_020.0);
        short[] heard = socket.samples(before);
        assertThat(Audio.power(heard, 440, 16_000))
                .as("the WebSocket hears the page's 440 Hz")
                .isGreaterThan(10 * Audio.power(heard, 1_000, 16_000));
        assertThat(app.statusesUntil(leg, "completed"))
                .containsSubsequence("started", "ringing", "answered", "completed");
        return result;
    }

    @Test
    void an_ncco_connect_to_an_app_endpoint_rings_the_user_and_joins_the_callers_conversation() throws Exception {
        String user = createUser();
        ObjectNode more = Json.object();
        more.put("mode", "answer");
        more.put("adminJwt", app.server.adminToken());
        ObjectNode call = more.putObject("call");
        call.putArray("to")
                .addObject()
                .put("type", "websocket")
                .put("uri", socket.uri())
                .put("content-type", "audio/l16;rate=16000");
        call.set(
                "ncco",
                Json.parse("[{\"action\":\"connect\",\"from\":\"447700900002\",\"endpoint\":"
                        + "[{\"type\":\"app\",\"user\":\"" + user + "\"}]}]"));
        CompletableFuture<JsonNode> page = runPage(user, "new", null, "api", tone, more);
        socket.awaitConnected();
        int before = socket.frameCount();
        socket.talk(1_000, 16_000);
        JsonNode result = page.get(90, TimeUnit.SECONDS);
        socket.quiet();
        System.out.println("the page reported " + result);

        assertThat(result.path("invites").path(0).path("from").asText())
                .as(result.toString())
                .isEqualTo("447700900002");
        assertThat(result.path("peakHz").asDouble()).as("what the page heard").isBetween(980.0, 1_020.0);
        short[] heard = socket.samples(before);
        assertThat(Audio.power(heard, 440, 16_000))
                .as("the caller (the WebSocket) hears the page")
                .isGreaterThan(10 * Audio.power(heard, 1_000, 16_000));
        String callee = result.path("callId").asText();
        String caller = result.path("placed").path("body").path("uuid").asText();
        assertThat(app.server
                        .admin()
                        .get("/v1/calls/" + callee)
                        .json()
                        .path("conversation_uuid")
                        .asText())
                .as("the callee is in the caller's conversation")
                .isEqualTo(app.server
                        .admin()
                        .get("/v1/calls/" + caller)
                        .json()
                        .path("conversation_uuid")
                        .asText());
        assertThat(result.path("hangups").path(0).path("reason").asText()).isEqualTo("REMOTE_HANGUP");
    }

    private static JsonNode first(JsonNode events, String type) {
        for (JsonNode event : events) {
            if (event.path("type").asText().equals(type)) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " in " + events);
    }

    /** Runs sdk-call.mjs for {@code user}: the page calls {@code to} with {@code sdk} and reports. */
    private static CompletableFuture<JsonNode> browserCall(String user, String sdk, String to, String hangup) {
        return browserCall(user, sdk, to, hangup, tone);
    }

    /** As {@link #browserCall(String, String, String, String)}, the page's microphone playing {@code microphone}. */
    private static CompletableFuture<JsonNode> browserCall(
            String user, String sdk, String to, String hangup, Path microphone) {
        return runPage(user, sdk, to, hangup, microphone, Json.object());
    }

    /** Runs sdk-call.mjs for {@code user} with {@code more} options besides the usual ones. */
    private static CompletableFuture<JsonNode> runPage(
            String user, String sdk, String to, String hangup, Path microphone, ObjectNode more) {
        var options = more.deepCopy();
        options.put("base", app.server.baseUrl());
        options.put("jwt", app.server.userToken(user));
        options.put("tone", microphone.toString());
        options.put("sdk", sdk);
        if (to != null) {
            options.put("to", to);
        }
        options.putObject("customData").put("mood", "curious");
        options.put("listenSeconds", 3);
        options.put("hangup", hangup);
        return dev.parley.fixtures.NodeScript.start("sdk-call.mjs", options);
    }
}
