package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Audio;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Sipp;
import dev.parley.fixtures.TestServer;
import dev.parley.voice.media.G711;
import dev.parley.voice.media.RtpPacket;
import dev.parley.voice.media.TelephoneEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One leg's events, seen on different threads (key presses on the RTP receive thread, speaking and the
 * end of a talk on the mixer's tick, the hangup on signalling), are stored in the order they happened:
 * a callee that talks in bursts and presses a key in each, then a talk stopped and the call hung up at
 * once.
 */
class LegEventOrderTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("sipListen", "127.0.0.1:0"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void dtmf_speaking_a_talk_ending_and_the_hangup_are_stored_in_order() throws Exception {
        String room = Fixtures.unique("order");
        try (Audio.RtpPort peer = new Audio.RtpPort()) {
            Sipp.Callee callee = Sipp.callee(
                    false,
                    "-sf",
                    Sipp.scenario("callee-listens.xml"),
                    "-set",
                    "rtpport",
                    Integer.toString(peer.port()));
            String uuid = server.admin()
                    .post(
                            "/v1/calls",
                            Map.of(
                                    "to",
                                    List.of(Map.of("type", "sip", "uri", "sip:carol@127.0.0.1:" + callee.port)),
                                    "ncco",
                                    List.of(Map.of("action", "conversation", "name", room))))
                    .json()
                    .path("uuid")
                    .asText();
            String conversation = Eventually.get(
                    () -> { // answered, and moved into the NCCO's conversation
                        JsonNode call = server.admin().get("/v1/calls/" + uuid).json();
                        String in = call.path("conversation_uuid").asText();
                        String name = server.admin()
                                .get("/v1/conversations/" + in)
                                .json()
                                .path("name")
                                .asText();
                        return call.path("status").asText().equals("answered") && name.equals(room) ? in : null;
                    },
                    Duration.ofSeconds(15));

            // Three bursts of talk, a key pressed in each, paced as a phone sends (20 ms a packet).
            Sender sender = new Sender(peer);
            for (char key : new char[] {'1', '2', '3'}) {
                sender.tone(5); // 100 ms: speaking starts after 40 ms
                sender.key(key);
                sender.silence(30); // 600 ms: speaking stops after 500 ms
            }
            // A talk started and stopped, and the call hung up, one right after the other.
            assertThat(server.admin()
                            .put("/v1/calls/" + uuid + "/talk", Map.of("text", "one two three four five"))
                            .status())
                    .isEqualTo(200);
            assertThat(server.admin().delete("/v1/calls/" + uuid + "/talk").status())
                    .isEqualTo(200);
            assertThat(server.admin()
                            .put("/v1/calls/" + uuid, Map.of("action", "hangup"))
                            .status())
                    .isEqualTo(204);
            callee.finish().succeeded();

            List<JsonNode> events = Eventually.get(
                    () -> {
                        List<JsonNode> all = events(conversation);
                        return all.stream()
                                        .anyMatch(e -> e.path("type").asText().equals("sip:hangup"))
                                ? all
                                : null;
                    },
                    Duration.ofSeconds(15));
            List<String> types =
                    events.stream().map(e -> e.path("type").asText()).toList();

            List<JsonNode> keys = events.stream()
                    .filter(e -> e.path("type").asText().equals("audio:dtmf"))
                    .toList();
            assertThat(keys)
                    .extracting(e -> e.at("/body/digit").asText())
                    .as(types.toString())
                    .containsExactly("1", "2", "3");
            assertThat(keys).extracting(e -> e.at("/body/dtmf_seq").asInt()).containsExactly(1, 2, 3);

            List<String> speaking =
                    types.stream().filter(t -> t.startsWith("audio:speaking:")).toList();
            assertThat(speaking).as(types.toString()).hasSizeGreaterThanOrEqualTo(2);
            for (int i = 0; i < speaking.size(); i++) {
                assertThat(speaking.get(i))
                        .as("speaking alternates, starting on: " + types)
                        .isEqualTo(i % 2 == 0 ? "audio:speaking:on" : "audio:speaking:off");
            }
            assertThat(speaking.getLast()).isEqualTo("audio:speaking:off");

            assertThat(types).as("the talk's start before its end").containsSubsequence("audio:say", "audio:say:done");
            int hangup = types.indexOf("sip:hangup");
            for (int i = 0; i < types.size(); i++) {
                if (types.get(i).startsWith("audio:")) {
                    assertThat(i)
                            .as(types.get(i) + " before the hangup: " + types)
                            .isLessThan(hangup);
                }
            }
            assertThat(server.admin()
                            .get("/v1/calls/" + uuid)
                            .json()
                            .path("status")
                            .asText())
                    .isEqualTo("completed");
        }
    }

    private static List<JsonNode> events(String conversation) {
        List<JsonNode> all = new ArrayList<>();
        server.admin()
                .get("/v1/conversations/" + conversation + "/events?page_size=100&order=asc")
                .json()
                .path("_embedded")
                .forEach(all::add);
        return all;
    }

    /** Sends a phone's RTP from the callee's port, one 20 ms packet at a time, in real time. */
    private static final class Sender {
        private final Audio.RtpPort peer;
        private int sequence;
        private long timestamp;
        private long next = System.nanoTime();

        Sender(Audio.RtpPort peer) {
            this.peer = peer;
        }

        void tone(int frames) throws java.io.IOException {
            for (int k = 0; k < frames; k++) {
                byte[] payload = new byte[160];
                for (int i = 0; i < payload.length; i++) {
                    long n = timestamp + i;
                    payload[i] = G711.linearToUlaw((short) (10_000 * Math.sin(2 * Math.PI * 700 * n / 8_000)));
                }
                audio(payload);
            }
        }

        void silence(int frames) throws java.io.IOException {
            byte[] payload = new byte[160];
            java.util.Arrays.fill(payload, G711.linearToUlaw((short) 0));
            for (int k = 0; k < frames; k++) {
                audio(payload);
            }
        }

        /** An RFC 4733 press of {@code key}: its start (marker), then two end packets, one timestamp. */
        void key(char key) throws java.io.IOException {
            int event = TelephoneEvent.eventOf(key).orElseThrow();
            paced(new RtpPacket(
                    true, 101, sequence++ & 0xFFFF, timestamp, 77, new TelephoneEvent(event, false, 10, 160).encode()));
            for (int k = 0; k < 2; k++) {
                paced(new RtpPacket(
                        false,
                        101,
                        sequence++ & 0xFFFF,
                        timestamp,
                        77,
                        new TelephoneEvent(event, true, 10, 320).encode()));
            }
            timestamp += 320;
        }

        private void audio(byte[] payload) throws java.io.IOException {
            paced(new RtpPacket(false, 0, sequence++ & 0xFFFF, timestamp, 77, payload));
            timestamp += 160;
        }

        private void paced(RtpPacket packet) throws java.io.IOException {
            peer.send(packet);
            next += 20_000_000L;
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }
}
