package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Audio;
import dev.parley.fixtures.Baresip;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.Sipp;
import dev.parley.fixtures.VoiceApp;
import dev.parley.fixtures.WebSocketApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket channel against a WebSocket app of the test's own: Parley dials it for {@code POST
 * /v1/calls}, says {@code websocket:connected} with the headers, and carries 640-byte frames of 16 kHz
 * audio both ways in a conversation with a baresip phone and a sipp caller (each of the three hears the
 * other two, not itself); keys a
 * sipp caller presses arrive as {@code websocket:dtmf}; {@code notify} and {@code clear} are answered
 * in order; the app closing the socket ends the leg with {@code disconnected}.
 */
class WebSocketCallTest {
    private static VoiceApp app;
    private static WebSocketApp socket;
    /** What a synchronous connect's event URL received. */
    private static final java.util.concurrent.LinkedBlockingQueue<JsonNode> connectEvents =
            new java.util.concurrent.LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        app = VoiceApp.start(Map.of(), "[{\"action\":\"conversation\",\"name\":\"ws-room\"}]");
        socket = new WebSocketApp();
        byte[] tone = Audio.toneWav(1_000, 3.0);
        app.route("/ws-events", exchange -> {
            JsonNode body = dev.parley.wire.Json.parse(
                    new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            connectEvents.add(body);
            byte[] next = body.path("status").asText().equals("disconnected")
                    ? "[{\"action\":\"conversation\",\"name\":\"after-ws\"}]".getBytes()
                    : new byte[0];
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, next.length == 0 ? -1 : next.length);
            if (next.length > 0) {
                exchange.getResponseBody().write(next);
            }
            exchange.close();
        });
        app.route("/tone.wav", exchange -> {
            exchange.sendResponseHeaders(200, tone.length);
            exchange.getResponseBody().write(tone);
            exchange.close();
        });
    }

    @AfterAll
    static void stop() {
        socket.close();
        app.close();
    }

    /** 20 ms of a tone at 16 kHz, frame {@code k} of a continuous one. */
    private static short[] toneFrame(double frequency, int k) {
        short[] frame = new short[320];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (short) (8_000 * Math.sin(2 * Math.PI * frequency * (k * 320 + i) / 16_000));
        }
        return frame;
    }

    @Test
    void a_websocket_leg_talks_with_a_phone_hears_keys_answers_commands_and_ends_disconnected() throws Exception {
        var created = app.server
                .admin()
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"websocket\",\"uri\":\"" + socket.uri() + "\","
                                + "\"content-type\":\"audio/l16;rate=16000\",\"headers\":{\"app\":\"parley-test\"}}],"
                                + "\"event_url\":[\"" + app.url("/events") + "\"],"
                                + "\"ncco\":[{\"action\":\"conversation\",\"name\":\"ws-room\"}]}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String leg = created.json().path("uuid").asText();
        socket.awaitConnected();
        JsonNode connected = socket.awaitText("websocket:connected");
        assertThat(connected.path("content-type").asText()).isEqualTo("audio/l16;rate=16000");
        assertThat(connected.path("app").asText()).as("headers flattened").isEqualTo("parley-test");
        assertThat(connected.has("headers")).isFalse();

        // a sipp caller talks at 700 Hz (its media at a port of the test's own) and a baresip phone at
        // 1 kHz, while the app talks at 440 Hz, paced like real time
        Audio.RtpPort sippMedia = new Audio.RtpPort();
        sippMedia.talkBack(700);
        var sipp = Sipp.runInBackground(
                app.server.sipPort(),
                "-sf",
                Sipp.scenario("caller-listens.xml"),
                "-s",
                "ws-room",
                "-set",
                "rtpport",
                Integer.toString(sippMedia.port()));
        Baresip phone =
                Baresip.call("sip:ws-room@127.0.0.1:" + app.server.sipPort(), Audio.toneWav(1_000, 20, 8_000), 7);
        int from = socket.frameCount();
        int sippFrom = sippMedia.packets().size();
        long start = System.nanoTime();
        for (int k = 0; k < 300; k++) { // 6 s
            socket.sendFrame(toneFrame(440, k));
            long next = start + TimeUnit.MILLISECONDS.toNanos(20L * (k + 1));
            java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
        }
        phone.finish();
        short[] appHeard = socket.samples(from);
        assertThat(Audio.power(appHeard, 1_000, 16_000))
                .as("the app hears the phone, not itself")
                .isGreaterThan(100 * Audio.power(appHeard, 440, 16_000));
        short[] phoneHeard = phone.heard();
        assertThat(Audio.power(phoneHeard, 440))
                .as("the phone hears the app, not itself")
                .isGreaterThan(100 * Audio.power(phoneHeard, 1_000));
        assertThat(Audio.power(appHeard, 700, 16_000))
                .as("the app hears sipp, not itself")
                .isGreaterThan(100 * Audio.power(appHeard, 440, 16_000));
        assertThat(Audio.power(phoneHeard, 700))
                .as("the phone hears sipp, not itself")
                .isGreaterThan(100 * Audio.power(phoneHeard, 1_000));
        short[] sippHeard = sippMedia.samples(sippFrom);
        assertThat(Audio.power(sippHeard, 1_000))
                .as("sipp hears the phone, not itself")
                .isGreaterThan(100 * Audio.power(sippHeard, 700));
        assertThat(Audio.power(sippHeard, 440))
                .as("sipp hears the app, not itself")
                .isGreaterThan(100 * Audio.power(sippHeard, 700));
        // sipp's caller is hung up by PUT and answers our BYE
        JsonNode sippCall = Eventually.get(
                () -> {
                    for (JsonNode c : app.server
                            .admin()
                            .get("/v1/calls?status=answered")
                            .json()
                            .path("_embedded")
                            .path("calls")) {
                        if (c.path("from").path("uri").asText().startsWith("sip:sipp@")) {
                            return c;
                        }
                    }
                    return null;
                },
                Duration.ofSeconds(5));
        assertThat(app.server
                        .admin()
                        .put("/v1/calls/" + sippCall.path("uuid").asText(), "{\"action\":\"hangup\"}")
                        .status())
                .isEqualTo(204);
        sipp.get(30, TimeUnit.SECONDS).succeeded();
        sippMedia.close();
        assertThat(socket.frameSizes).as("every frame is 20 ms at 16 kHz").containsOnly(640);

        // keys a caller presses in the conversation reach the app
        Sipp.run(app.server.sipPort(), "-sf", Sipp.scenario("caller-dtmf.xml"), "-s", "ws-room")
                .succeeded();
        assertThat(socket.awaitText("websocket:dtmf").path("digit").asText()).isEqualTo("5");

        // notify waits for the audio queued before it; clear empties the queue at once
        for (int k = 0; k < 100; k++) { // 2 s, all at once
            socket.sendFrame(toneFrame(440, k));
        }
        long sent = System.nanoTime();
        socket.sendText("{\"action\":\"notify\",\"payload\":{\"mark\":1}}");
        JsonNode notified = socket.awaitText("websocket:notify");
        assertThat(notified.path("payload").path("mark").asInt()).isEqualTo(1);
        assertThat(System.nanoTime() - sent).as("after the queued audio played").isGreaterThan(1_500_000_000L);
        for (int k = 0; k < 500; k++) { // 10 s, all at once
            socket.sendFrame(toneFrame(440, k));
        }
        socket.sendText("{\"action\":\"clear\"}");
        socket.awaitText("websocket:cleared");
        long cleared = System.nanoTime();
        socket.sendText("{\"action\":\"notify\",\"payload\":{\"mark\":2}}");
        assertThat(socket.awaitText("websocket:notify")
                        .path("payload")
                        .path("mark")
                        .asInt())
                .isEqualTo(2);
        // Had the 10 s of queued audio played, the notify would wait for it: real time, whatever the machine.
        assertThat(System.nanoTime() - cleared).as("nothing left to play").isLessThan(10_000_000_000L);

        // the app hangs up: disconnected, then completed
        socket.hangUp();
        List<String> statuses = new ArrayList<>();
        JsonNode disconnected = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!statuses.contains("completed")) {
            JsonNode event = app.events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(event).as("events so far: " + statuses).isNotNull();
            if (leg.equals(event.path("uuid").asText()) && event.has("status")) {
                statuses.add(event.path("status").asText());
                if (event.path("status").asText().equals("disconnected")) {
                    disconnected = event;
                }
            }
        }
        assertThat(statuses).containsSubsequence("started", "answered", "disconnected", "completed");
        assertThat(disconnected.path("headers").path("app").asText()).isEqualTo("parley-test");
        JsonNode call = Eventually.get(
                () -> {
                    JsonNode c = app.server.admin().get("/v1/calls/" + leg).json();
                    return c.path("status").asText().equals("completed") ? c : null;
                },
                Duration.ofSeconds(5));
        assertThat(call.path("to").path("type").asText()).isEqualTo("websocket");
        assertThat(call.path("to").path("uri").asText()).isEqualTo(socket.uri());
    }

    @Test
    void talk_and_stream_into_a_conversation_reach_its_legs_with_their_events() throws Exception {
        var created = app.server
                .admin()
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"websocket\",\"uri\":\"" + socket.uri() + "\","
                                + "\"content-type\":\"audio/l16;rate=8000\"}],"
                                + "\"event_url\":[\"" + app.url("/events") + "\"],"
                                + "\"ncco\":[{\"action\":\"conversation\",\"name\":\"ws-audio\"}]}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String leg = created.json().path("uuid").asText();
        socket.awaitConnected();
        String conversation = app.awaitConversation(leg, "ws-audio");

        int before = socket.frameCount();
        var stream = app.server
                .admin()
                .put(
                        "/v1/conversations/" + conversation + "/stream",
                        "{\"stream_url\":[\"" + app.url("/tone.wav") + "\"],\"loop\":0}");
        assertThat(stream.status()).as(stream.text()).isEqualTo(200);
        assertThat(stream.json().path("message").asText()).isEqualTo("Stream started");
        String playId = stream.json().path("uuid").asText();
        Eventually.get(() -> socket.frameCount() > before + 60 ? true : null, Duration.ofSeconds(5));
        short[] heard = socket.samples(before + 10);
        assertThat(Audio.power(heard, 1_000))
                .as("the conversation's stream is heard at 8 kHz")
                .isGreaterThan(100 * Audio.power(heard, 440));
        var stopped = app.server.admin().delete("/v1/conversations/" + conversation + "/stream");
        assertThat(stopped.json().path("message").asText()).isEqualTo("Stream stopped");
        assertThat(stopped.json().path("uuid").asText()).isEqualTo(playId);

        int quietFrom = socket.frameCount() + 10;
        socket.awaitFrames(quietFrom + 25);
        assertThat(Audio.rms(socket.samples(quietFrom)))
                .as("silence once the stream stopped")
                .isZero();
        var talk = app.server
                .admin()
                .put("/v1/conversations/" + conversation + "/talk", "{\"text\":\"Hello everyone\",\"loop\":0}");
        assertThat(talk.status()).as(talk.text()).isEqualTo(200);
        String sayId = talk.json().path("uuid").asText();
        int spokenFrom = socket.frameCount() + 5;
        socket.awaitFrames(spokenFrom + 75); // 1.5 s of the looping sentence
        assertThat(Audio.rms(socket.samples(spokenFrom)))
                .as("the conversation's talk is heard (speech, well above -36 dBFS)")
                .isGreaterThan(500);
        assertThat(app.server
                        .admin()
                        .delete("/v1/conversations/" + conversation + "/talk")
                        .json()
                        .path("uuid")
                        .asText())
                .isEqualTo(sayId);
        assertThat(socket.frameSizes).as("every frame is 20 ms at 8 kHz").containsOnly(320);

        List<String> audio = Eventually.get(
                () -> {
                    List<String> types = new ArrayList<>();
                    for (JsonNode e : app.server
                            .admin()
                            .get("/v1/conversations/" + conversation + "/events?page_size=100")
                            .json()
                            .path("_embedded")) {
                        if (e.path("type").asText().startsWith("audio:")) {
                            types.add(e.path("type").asText() + " "
                                    + e.path("body")
                                            .path("play_id")
                                            .asText(e.path("body")
                                                    .path("say_id")
                                                    .asText()));
                        }
                    }
                    return types.size() >= 4 ? types : null;
                },
                Duration.ofSeconds(5));
        assertThat(audio)
                .containsSubsequence(
                        "audio:play " + playId,
                        "audio:play:done " + playId,
                        "audio:say " + sayId,
                        "audio:say:done " + sayId);

        assertThat(app.server
                        .admin()
                        .put("/v1/conversations/CON-00000000-0000-4000-8000-000000000000/talk", "{\"text\":\"x\"}")
                        .status())
                .isEqualTo(404);
        String quiet = app.server
                .admin()
                .post("/v1/conversations", "{\"name\":\"nobody-calls\"}")
                .json()
                .path("id")
                .asText();
        var nobody = app.server.admin().put("/v1/conversations/" + quiet + "/talk", "{\"text\":\"x\"}");
        assertThat(nobody.status()).isEqualTo(400);
        assertThat(nobody.json().path("code").asText()).isEqualTo("call:error:not-active");
        assertThat(app.server
                        .admin()
                        .put("/v1/conversations/" + conversation + "/talk", "{}")
                        .status())
                .isEqualTo(400);

        // DTMF sent to a WebSocket leg arrives as its text events
        assertThat(app.server
                        .admin()
                        .put("/v1/calls/" + leg + "/dtmf", "{\"digits\":\"1#\"}")
                        .status())
                .isEqualTo(200);
        assertThat(socket.awaitText("websocket:dtmf").path("digit").asText()).isEqualTo("1");
        assertThat(socket.awaitText("websocket:dtmf").path("digit").asText()).isEqualTo("#");

        // a hangup by PUT closes the socket and sends no disconnected
        assertThat(app.server
                        .admin()
                        .put("/v1/calls/" + leg, "{\"action\":\"hangup\"}")
                        .status())
                .isEqualTo(204);
        assertThat(app.statusesUntil(leg, "completed")).containsExactly("started", "answered", "completed");
    }

    @Test
    void an_ncco_connect_to_a_websocket_that_the_app_closes_asks_its_event_url_and_runs_the_answer() throws Exception {
        app.ncco = "[{\"action\":\"connect\",\"eventType\":\"synchronous\",\"eventUrl\":[\"" + app.url("/ws-events")
                + "\"],\"endpoint\":[{\"type\":\"websocket\",\"uri\":\"" + socket.uri()
                + "\",\"content-type\":\"audio/l16;rate=16000\",\"headers\":{\"caller\":\"sipp\"}}]}]";
        java.util.concurrent.CompletableFuture<Sipp.Run> caller;
        try {
            caller = Sipp.runInBackground(
                    app.server.sipPort(), "-sf", Sipp.scenario("parley-hangs-up.xml"), "-s", "agent");
            socket.awaitConnected();
        } finally {
            app.ncco = "[{\"action\":\"conversation\",\"name\":\"ws-room\"}]";
        }
        assertThat(socket.awaitText("websocket:connected").path("caller").asText())
                .isEqualTo("sipp");
        socket.hangUp();
        // the caller goes on with the NCCO the event URL answered to disconnected: into "after-ws"
        JsonNode call = Eventually.get(
                () -> {
                    for (JsonNode c : app.server
                            .admin()
                            .get("/v1/calls?status=answered")
                            .json()
                            .path("_embedded")
                            .path("calls")) {
                        String in = c.path("conversation_uuid").asText();
                        if (c.path("direction").asText().equals("inbound")
                                && app.server
                                        .admin()
                                        .get("/v1/conversations/" + in)
                                        .json()
                                        .path("name")
                                        .asText()
                                        .equals("after-ws")) {
                            return c;
                        }
                    }
                    return null;
                },
                Duration.ofSeconds(10));
        assertThat(app.server
                        .admin()
                        .put("/v1/calls/" + call.path("uuid").asText(), "{\"action\":\"hangup\"}")
                        .status())
                .isEqualTo(204);
        caller.get(30, TimeUnit.SECONDS).succeeded();
        List<String> statuses = new ArrayList<>();
        for (JsonNode e = connectEvents.poll(); e != null; e = connectEvents.poll()) {
            statuses.add(e.path("status").asText());
        }
        assertThat(statuses).containsOnlyOnce("disconnected");
    }
}
