package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.AppCaller;
import dev.parley.fixtures.Audio;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.VoiceApp;
import dev.parley.fixtures.WebSocketApp;
import dev.parley.wire.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a Client SDK asks of its own call by events, with an App leg whose media this test controls
 * (a DTLS-SRTP peer of its own, talking 440 Hz all along) and an application WebSocket in the call
 * (talking 1 kHz): mute silences the leg in the mix even though it keeps sending, earmuff silences
 * what it hears, both show in member:media; DTMF is heard as tones and reaches the WebSocket as keys
 * and an NCCO's input as digits; say speaks into the call and ends with audio:say:done; a member
 * cannot act on another's leg.
 */
class AppCallControlsTest {
    private static VoiceApp app;
    private static WebSocketApp socket;
    private static final LinkedBlockingQueue<JsonNode> inputs = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        socket = new WebSocketApp();
        app = VoiceApp.start(Map.of(), connectToSocket());
        app.route("/input", exchange -> {
            inputs.add(Json.parse(new String(exchange.getRequestBody().readAllBytes())));
            byte[] next = "[{\"action\":\"talk\",\"text\":\"thanks\"}]".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, next.length);
            exchange.getResponseBody().write(next);
            exchange.close();
        });
    }

    private static String connectToSocket() {
        return "[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"websocket\",\"uri\":\"" + socket.uri()
                + "\",\"content-type\":\"audio/l16;rate=16000\"}]}]";
    }

    @AfterAll
    static void stop() {
        socket.close();
        app.close();
    }

    private static String createUser() {
        return app.createUser("controls");
    }

    @Test
    void mute_earmuff_dtmf_and_say_act_on_the_mix_and_are_recorded() throws Exception {
        try (AppCaller caller = AppCaller.call(app.server, createUser(), "bob")) {
            socket.awaitConnected();
            caller.talk(440);
            socket.talk(1_000, 16_000);
            JsonNode rtc = Json.object().put("rtc_id", caller.leg());

            // heard both ways
            int at = socket.frameCount();
            socket.awaitFrames(at + 50);
            assertThat(power440(socket.samples(at + 25)))
                    .as("the WebSocket hears the leg")
                    .isGreaterThan(1e6);
            int heard = caller.heardCount();
            caller.awaitHeard(heard, 8_000);
            assertThat(Audio.power(caller.heard(heard + 2_000), 1_000, 8_000))
                    .as("the leg hears the WebSocket")
                    .isGreaterThan(1e6);

            // mute: the leg still sends 440 Hz, and nobody hears it
            assertThat(caller.event("audio:mute:on", (com.fasterxml.jackson.databind.node.ObjectNode) rtc)
                            .status())
                    .isEqualTo(201);
            at = socket.frameCount();
            socket.awaitFrames(at + 50);
            assertThat(power440(socket.samples(at + 10))).as("muted in the mix").isLessThan(1e4);
            caller.event("audio:mute:off", (com.fasterxml.jackson.databind.node.ObjectNode) rtc);
            at = socket.frameCount();
            socket.awaitFrames(at + 50);
            assertThat(power440(socket.samples(at + 10))).as("unmuted").isGreaterThan(1e6);

            // earmuff: the leg hears nothing while the WebSocket talks on
            caller.event("audio:earmuff:on", (com.fasterxml.jackson.databind.node.ObjectNode) rtc);
            heard = caller.heardCount();
            caller.awaitHeard(heard, 8_000);
            assertThat(Audio.power(caller.heard(heard + 1_000), 1_000, 8_000))
                    .as("earmuffed")
                    .isLessThan(1e4);
            caller.event("audio:earmuff:off", (com.fasterxml.jackson.databind.node.ObjectNode) rtc);

            List<JsonNode> media = events(caller.conversation(), "member:media");
            assertThat(media.stream()
                            .filter(e ->
                                    e.at("/body/media/audio_settings/muted").asBoolean())
                            .count())
                    .as("member:media shows the mute")
                    .isGreaterThanOrEqualTo(1);
            assertThat(media.stream()
                            .filter(e ->
                                    e.at("/body/media/audio_settings/earmuffed").asBoolean())
                            .count())
                    .as("member:media shows the earmuff")
                    .isGreaterThanOrEqualTo(1);

            // DTMF: the WebSocket gets the keys, and hears the tones (697 + 1209 Hz for "1")
            caller.quiet();
            socket.texts.clear();
            at = socket.frameCount();
            var dtmf = Json.object();
            dtmf.put("digit", "1#");
            dtmf.putObject("channel").put("id", caller.leg()).put("type", "app");
            assertThat(caller.event("audio:dtmf", dtmf).status()).isEqualTo(201);
            assertThat(socket.awaitText("websocket:dtmf").path("digit").asText())
                    .isEqualTo("1");
            assertThat(socket.awaitText("websocket:dtmf").path("digit").asText())
                    .isEqualTo("#");
            socket.awaitFrames(at + 15);
            short[] tones = socket.samples(at);
            assertThat(Audio.power(tones, 697, 16_000) + Audio.power(tones, 1_209, 16_000))
                    .as("the key's tones in the mix")
                    .isGreaterThan(1e6);

            // say: spoken into the call, then audio:say:done naming the request
            Response say = caller.event(
                    "audio:say",
                    Json.object().put("text", "hello there").put("level", 1).put("loop", 1));
            assertThat(say.status()).isEqualTo(201);
            assertThat(say.json().path("type").asText())
                    .as("a full event answers")
                    .isEqualTo("audio:say");
            long sayId = say.json().path("id").asLong();
            Eventually.get(
                    () -> events(caller.conversation(), "audio:say:done").stream()
                                    .anyMatch(e -> e.at("/body/say_id").asLong() == sayId)
                            ? true
                            : null,
                    Duration.ofSeconds(15));
        }
    }

    @Test
    void a_reconnect_moves_the_leg_to_new_media_and_it_is_heard_again() throws Exception {
        try (AppCaller caller = AppCaller.call(app.server, createUser(), "bob")) {
            socket.awaitConnected();
            caller.talk(440);
            int at = socket.frameCount();
            socket.awaitFrames(at + 40);
            assertThat(power440(socket.samples(at + 10))).as("heard before").isGreaterThan(1e6);
            caller.quiet();
            caller.reconnect(); // a new peer: new ICE, DTLS and SRTP for the same leg
            caller.talk(440);
            at = socket.frameCount();
            socket.awaitFrames(at + 40);
            assertThat(power440(socket.samples(at + 10)))
                    .as("heard after the reconnect")
                    .isGreaterThan(1e6);
            assertThat(app.server
                            .admin()
                            .get("/v1/calls/" + caller.leg())
                            .json()
                            .path("status")
                            .asText())
                    .isEqualTo("answered");
        }
    }

    @Test
    void keys_from_the_sdk_reach_an_ncco_input() throws Exception {
        String ncco = app.ncco;
        app.ncco = "[{\"action\":\"input\",\"type\":[\"dtmf\"],\"dtmf\":{\"maxDigits\":2,\"timeOut\":10},"
                + "\"eventUrl\":[\"" + app.url("/input") + "\"]}]";
        try (AppCaller caller = AppCaller.call(app.server, createUser(), "menu")) {
            var dtmf = Json.object();
            dtmf.put("digit", "42");
            dtmf.putObject("channel").put("id", caller.leg()).put("type", "app");
            Eventually.get(
                    () -> caller.event("audio:dtmf", dtmf).status() == 201 ? true : null, Duration.ofSeconds(10));
            JsonNode input = inputs.poll(15, TimeUnit.SECONDS);
            assertThat(input).as("the input's event URL was called").isNotNull();
            assertThat(input.path("dtmf").path("digits").asText()).isEqualTo("42");
        } finally {
            app.ncco = ncco;
        }
    }

    @Test
    void a_member_cannot_mute_another_members_leg() throws Exception {
        String ncco = app.ncco;
        app.ncco = "[{\"action\":\"conversation\",\"name\":\"controls-" + UUID.randomUUID() + "\"}]";
        try (AppCaller one = AppCaller.call(app.server, createUser(), "room");
                AppCaller other = AppCaller.call(app.server, createUser(), "room")) {
            one.talk(440);
            Eventually.get(() -> one.conversation().equals(other.conversation()) ? true : null, Duration.ofSeconds(10));
            var mute = Json.object().put("rtc_id", one.leg());
            assertThat(other.event("audio:mute:on", mute).status()).isEqualTo(201); // stored, as any event
            int at = other.heardCount();
            other.awaitHeard(at, 8_000);
            assertThat(Audio.power(other.heard(at + 2_000), 440, 8_000))
                    .as("the other member's event did not mute this leg")
                    .isGreaterThan(1e6);
            assertThat(events(one.conversation(), "member:media").stream()
                            .noneMatch(e ->
                                    e.at("/body/media/audio_settings/muted").asBoolean()))
                    .isTrue();
        } finally {
            app.ncco = ncco;
        }
    }

    private static double power440(short[] samples) {
        return Audio.power(samples, 440, 16_000);
    }

    private static List<JsonNode> events(String conversation, String type) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode e : app.server
                .admin()
                .get("/v1/conversations/" + conversation + "/events?page_size=100")
                .json()
                .path("_embedded")) {
            if (e.path("type").asText().equals(type)) {
                found.add(e);
            }
        }
        return found;
    }
}
