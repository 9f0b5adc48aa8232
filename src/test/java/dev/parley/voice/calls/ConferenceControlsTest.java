package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Audio;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.VoiceApp;
import dev.parley.fixtures.WebSocketApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What each leg of a conversation hears as the application changes it, measured at WebSocket apps of
 * the test's own (at 24, 16 and 8 kHz), each talking its own tone: mute and earmuff by PUT and by the
 * NCCO change exactly what is heard; legs that enter with {@code startOnEnter: false} hear their music
 * on hold and nobody else until a leg enters that starts the conversation; when a leg that entered
 * with {@code endOnExit} hangs up, the others' calls end.
 */
class ConferenceControlsTest {
    private static VoiceApp app;
    private static final byte[] MUSIC = musicOnHold();

    private static byte[] musicOnHold() {
        try {
            return Audio.toneWav(1_200, 10.0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        app = VoiceApp.start(Map.of(), "[]");
        app.route("/music.wav", exchange -> {
            exchange.sendResponseHeaders(200, MUSIC.length);
            exchange.getResponseBody().write(MUSIC);
            exchange.close();
        });
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** A WebSocket leg dialled for {@code POST /v1/calls} at {@code rate}, running {@code ncco}. */
    private record Leg(String id, WebSocketApp socket, int rate) {
        /** What the leg hears from the next frame on, once its mix has caught up with a change. */
        short[] window() throws Exception {
            int from = socket.frameCount() + 10; // 200 ms for a change to reach what is sent
            socket.awaitFrames(from + 50);
            return socket.samples(from, 50); // one second: whole cycles of every tone, so no leakage
        }

        double heard(short[] samples, double frequency) {
            return Audio.power(samples, frequency, rate);
        }
    }

    private static Leg dial(int rate, String ncco) throws Exception {
        WebSocketApp socket = new WebSocketApp();
        var created = app.server
                .admin()
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"websocket\",\"uri\":\"" + socket.uri() + "\","
                                + "\"content-type\":\"audio/l16;rate=" + rate + "\"}],"
                                + "\"event_url\":[\"" + app.url("/events") + "\"],"
                                + "\"ncco\":" + ncco + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        socket.awaitConnected();
        return new Leg(created.json().path("uuid").asText(), socket, rate);
    }

    /** Waits until the leg is in the application's conversation called {@code name}; gives its id. */
    private static String inConversation(Leg leg, String name) throws Exception {
        return app.awaitConversation(leg.id(), name);
    }

    private static void put(Leg leg, String action) {
        assertThat(app.server
                        .admin()
                        .put("/v1/calls/" + leg.id(), "{\"action\":\"" + action + "\"}")
                        .status())
                .as(action)
                .isEqualTo(204);
    }

    /** The conversation's events of the given type prefixes, as "type from-member". */
    private static List<String> events(String conversation, String... prefixes) {
        List<String> seen = new ArrayList<>();
        for (JsonNode e : app.server
                .admin()
                .get("/v1/conversations/" + conversation + "/events?page_size=100")
                .json()
                .path("_embedded")) {
            String type = e.path("type").asText();
            for (String prefix : prefixes) {
                if (type.startsWith(prefix)) {
                    seen.add(type + " " + e.path("from").asText());
                }
            }
        }
        return seen;
    }

    @Test
    void mute_and_earmuff_by_put_and_by_the_ncco_change_exactly_what_is_heard() throws Exception {
        String room = "[{\"action\":\"conversation\",\"name\":\"controls\"}]";
        Leg a = dial(24_000, room);
        Leg b = dial(16_000, room);
        // c enters muted by its NCCO
        Leg c = dial(8_000, "[{\"action\":\"conversation\",\"name\":\"controls\",\"mute\":true}]");
        String conversation = inConversation(a, "controls");
        inConversation(b, "controls");
        inConversation(c, "controls");
        a.socket().talk(440, 24_000);
        b.socket().talk(1_000, 16_000);
        c.socket().talk(700, 8_000);
        try {
            short[] aHears = a.window();
            assertThat(a.heard(aHears, 1_000)).as("a hears b").isGreaterThan(1_000 * a.heard(aHears, 440));
            assertThat(a.heard(aHears, 700))
                    .as("a does not hear c, muted by its NCCO")
                    .isLessThan(a.heard(aHears, 1_000) / 1_000);
            short[] cHears = c.window();
            assertThat(c.heard(cHears, 440)).as("c hears a at 8 kHz").isGreaterThan(1_000 * c.heard(cHears, 700));
            assertThat(c.heard(cHears, 1_000)).as("c hears b").isGreaterThan(1_000 * c.heard(cHears, 700));
            assertThat(events(conversation, "audio:mute"))
                    .as("the NCCO's mute is recorded from c's member")
                    .singleElement()
                    .satisfies(e -> assertThat(e).startsWith("audio:mute:on MEM-"));

            put(c, "unmute");
            put(b, "mute");
            aHears = a.window();
            assertThat(a.heard(aHears, 700)).as("a hears c, unmuted").isGreaterThan(1_000 * a.heard(aHears, 1_000));
            assertThat(a.heard(aHears, 1_000)).as("and not b, muted").isLessThan(a.heard(aHears, 700) / 1_000);
            short[] bHears = b.window();
            assertThat(b.heard(bHears, 440))
                    .as("b, muted, still hears a")
                    .isGreaterThan(1_000 * b.heard(bHears, 1_000));
            assertThat(b.heard(bHears, 700)).as("and c").isGreaterThan(1_000 * b.heard(bHears, 1_000));

            put(b, "unmute");
            put(a, "earmuff");
            aHears = a.window();
            double loudest = 0;
            for (short s : aHears) {
                loudest = Math.max(loudest, Math.abs(s));
            }
            assertThat(loudest).as("a, earmuffed, hears nothing at all").isZero();
            bHears = b.window();
            assertThat(b.heard(bHears, 440)).as("b still hears a").isGreaterThan(1_000 * b.heard(bHears, 1_000));
            cHears = c.window();
            assertThat(c.heard(cHears, 440)).as("c still hears a").isGreaterThan(1_000 * c.heard(cHears, 700));
            assertThat(c.heard(cHears, 1_000)).as("and b, unmuted").isGreaterThan(1_000 * c.heard(cHears, 700));

            put(a, "unearmuff");
            aHears = a.window();
            assertThat(a.heard(aHears, 1_000)).as("a hears again").isGreaterThan(1_000 * a.heard(aHears, 440));
            assertThat(a.socket().frameSizes)
                    .as("every frame is 20 ms at 24 kHz")
                    .containsOnly(960);

            assertThat(events(conversation, "audio:mute", "audio:earmuff"))
                    .extracting(e -> e.substring(0, e.indexOf(' ')))
                    .containsExactly(
                            "audio:mute:on",
                            "audio:mute:off",
                            "audio:mute:on",
                            "audio:mute:off",
                            "audio:earmuff:on",
                            "audio:earmuff:off");
        } finally {
            for (Leg leg : List.of(a, b, c)) {
                leg.socket().close();
            }
        }
    }

    @Test
    void legs_wait_with_music_on_hold_until_the_conversation_starts_and_end_with_the_leg_that_ends_it()
            throws Exception {
        String waiting = "[{\"action\":\"conversation\",\"name\":\"lobby\",\"startOnEnter\":false,"
                + "\"musicOnHoldUrl\":[\"" + app.url("/music.wav") + "\"]}]";
        Leg a = dial(16_000, waiting);
        Leg b = dial(16_000, "[{\"action\":\"conversation\",\"name\":\"lobby\",\"startOnEnter\":false}]");
        inConversation(a, "lobby");
        inConversation(b, "lobby");
        a.socket().talk(440, 16_000);
        b.socket().talk(700, 16_000);
        try {
            short[] aHears = a.window();
            assertThat(a.heard(aHears, 1_200))
                    .as("a hears its music on hold")
                    .isGreaterThan(1_000 * a.heard(aHears, 700));
            short[] bHears = b.window();
            double silence = 0;
            for (short s : bHears) {
                silence = Math.max(silence, Math.abs(s));
            }
            assertThat(silence)
                    .as("b, with no music, hears nothing: not a, not the music")
                    .isZero();

            // the moderator starts the conference, and ends it when it leaves
            Leg moderator = dial(16_000, "[{\"action\":\"conversation\",\"name\":\"lobby\",\"endOnExit\":true}]");
            inConversation(moderator, "lobby");
            moderator.socket().talk(1_000, 16_000);
            aHears = a.window();
            assertThat(a.heard(aHears, 700)).as("a hears b now").isGreaterThan(1_000 * a.heard(aHears, 440));
            assertThat(a.heard(aHears, 1_000)).as("and the moderator").isGreaterThan(1_000 * a.heard(aHears, 440));
            assertThat(a.heard(aHears, 1_200)).as("and its music has stopped").isLessThan(a.heard(aHears, 700) / 1_000);
            short[] moderatorHears = moderator.window();
            assertThat(moderator.heard(moderatorHears, 440))
                    .as("the moderator hears a")
                    .isGreaterThan(1_000 * moderator.heard(moderatorHears, 1_000));

            put(moderator, "hangup");
            for (Leg leg : List.of(moderator, a, b)) {
                Eventually.get(
                        () -> app.server
                                        .admin()
                                        .get("/v1/calls/" + leg.id())
                                        .json()
                                        .path("status")
                                        .asText()
                                        .equals("completed")
                                ? true
                                : null,
                        Duration.ofSeconds(10));
            }
            moderator.socket().close();
        } finally {
            a.socket().close();
            b.socket().close();
        }
    }

    @Test
    void a_real_time_sender_that_fell_behind_catches_up_by_skipping_its_silence() throws Exception {
        String room = "[{\"action\":\"conversation\",\"name\":\"catch-up\"}]";
        Leg sender = dial(16_000, room);
        Leg listener = dial(16_000, room);
        inConversation(sender, "catch-up");
        inConversation(listener, "catch-up");
        try {
            // 40 frames (800 ms) arrive at once, as after a network stall; then the sender goes on in
            // real time, silent for 2.5 s, then talking
            short[] silence = new short[320];
            for (int k = 0; k < 40; k++) {
                sender.socket().sendFrame(silence);
            }
            long start = System.nanoTime();
            int toneFrom = -1;
            for (int k = 0; k < 175; k++) {
                if (k == 125) {
                    toneFrom = listener.socket().frameCount();
                }
                short[] frame = silence;
                if (k >= 125) {
                    frame = new short[320];
                    for (int i = 0; i < frame.length; i++) {
                        frame[i] = (short) (8_000 * Math.sin(2 * Math.PI * 440 * (k * 320 + i) / 16_000));
                    }
                }
                sender.socket().sendFrame(frame);
                java.util.concurrent.locks.LockSupport.parkNanos(start + 20_000_000L * (k + 1) - System.nanoTime());
            }
            listener.socket().awaitFrames(toneFrom + 50);
            int delay = 0;
            while (delay < 50 && !loud(listener.socket().samples(toneFrom + delay), 320)) {
                delay++;
            }
            assertThat(delay)
                    .as("frames between the tone leaving the sender and reaching the listener: the 40 behind "
                            + "were silence and were skipped")
                    .isLessThan(10);
        } finally {
            sender.socket().close();
            listener.socket().close();
        }
    }

    /** Whether the first frame of {@code samples} carries sound. */
    private static boolean loud(short[] samples, int frame) {
        for (int i = 0; i < frame && i < samples.length; i++) {
            if (Math.abs(samples[i]) > 1_000) {
                return true;
            }
        }
        return false;
    }
}
