package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Sipp;
import dev.parley.fixtures.VoiceApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SIP channel's settings at work, with sipp as the caller: a node listening on every interface
 * advertises its configured public address in SDP and Contact and takes RTP ports from its range; a
 * call that goes silent is hung up after the media timeout and reported; a call on hold is not.
 */
class SipSettingsTest {
    private static VoiceApp app;

    @BeforeAll
    static void start() throws Exception {
        app = VoiceApp.start(
                Map.of(
                        "sipListen", ":0",
                        "sipPublicAddress", "127.0.0.1",
                        "rtpPorts", "41000-41099",
                        "rtpTimeoutMs", "1500"),
                "[{\"action\":\"conversation\",\"name\":\"settings\"}]");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** The events of one call, in order, until one with {@code status} {@code last}. */
    private static List<JsonNode> eventsUntil(String last) throws InterruptedException {
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (events.isEmpty() || !events.getLast().path("status").asText().equals(last)) {
            JsonNode event = app.events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(event).as("events so far: " + events).isNotNull();
            events.add(event);
        }
        return events;
    }

    @Test
    void a_silent_call_gets_the_public_address_a_port_of_the_range_and_is_hung_up_after_the_media_timeout()
            throws Exception {
        // sipp checks the answer's c= and Contact (127.0.0.1, not 0.0.0.0) and its port, then waits for our BYE
        Sipp.run(app.server.sipPort(), "-sf", Sipp.scenario("silent-caller.xml"), "-s", "silent")
                .succeeded();
        List<JsonNode> events = eventsUntil("completed");
        assertThat(events.stream().map(e -> e.path("status").asText()).filter(s -> !s.isEmpty()))
                .containsExactly("started", "ringing", "answered", "completed");
        assertThat(events.stream()
                        .filter(e -> e.has("reason"))
                        .map(e -> e.path("reason").asText())
                        .toList())
                .singleElement()
                .asString()
                .contains("No RTP received for 1500 ms");
        String leg = events.getLast().path("uuid").asText();
        String conversation = app.server
                .admin()
                .get("/v1/calls/" + leg)
                .json()
                .path("conversation_uuid")
                .asText();
        JsonNode hangup = null;
        for (JsonNode e : app.server
                .admin()
                .get("/v1/conversations/" + conversation + "/events?page_size=100")
                .json()
                .path("_embedded")) {
            if (e.path("type").asText().equals("sip:hangup")) {
                hangup = e;
            }
        }
        assertThat(hangup).as("the sip:hangup event").isNotNull();
        assertThat(hangup.path("body").path("reason").path("text").asText()).contains("media timeout");
        assertThat(hangup.path("body").path("reason").path("code").asText()).isEqualTo("102");
    }

    @Test
    void a_call_on_hold_is_answered_recvonly_and_not_timed_out() throws Exception {
        // on hold for 3.5 s, over twice the media timeout: a BYE from Parley would fail the scenario
        Sipp.run(app.server.sipPort(), "-sf", Sipp.scenario("caller-holds.xml"), "-s", "holder")
                .succeeded();
        List<JsonNode> events = eventsUntil("completed");
        assertThat(events.stream().filter(e -> e.has("reason"))).isEmpty();
    }
}
