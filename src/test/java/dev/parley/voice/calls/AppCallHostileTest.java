package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.AppCaller;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.VoiceApp;
import dev.parley.fixtures.WebRtcPeer;
import dev.parley.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * App-call signalling thrown at a running server: bad offers and knocks get the Vonage error format,
 * never a 500; a user's flood of offers is refused (429) before it takes the node's media ports while
 * another user's call is still placed; a browser that vanishes mid-call ends its leg after the RTP
 * timeout with an error event; nobody knocks for or hangs up another user's leg.
 */
class AppCallHostileTest {
    private static VoiceApp app;

    @BeforeAll
    static void start() throws Exception {
        app = VoiceApp.start(
                Map.of("rtpTimeoutMs", "2000"), "[{\"action\":\"conversation\",\"name\":\"hostile-room\"}]");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static String createUser() {
        return app.createUser("hostile");
    }

    @Test
    void bad_offers_and_knocks_get_clear_errors() {
        String user = createUser();
        for (String body : List.of(
                "{}",
                "{\"body\":{\"offer\":{\"sdp\":42}}}",
                "{\"body\":{\"offer\":{\"sdp\":\"v=0\\r\\nm=video 9 RTP/AVP 96\\r\\n\"}}}",
                "{\"body\":{\"offer\":\"not an object\"}}")) {
            Response refused = app.server.as(user).post("/v0.3/legs", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("http:error:validation-fail");
            assertThat(refused.json().path("invalid_parameters").size()).isPositive();
        }
        Response admin = app.server.admin().post("/v0.3/legs", "{\"body\":{\"offer\":{\"sdp\":\"v=0\"}}}");
        assertThat(admin.status()).as("an admin token places no in-app call").isEqualTo(403);
        for (String body : List.of(
                "{}",
                "{\"channel\":{\"type\":\"sip\",\"id\":\"x\",\"to\":{\"type\":\"phone\",\"number\":\"1\"}}}",
                "{\"channel\":{\"type\":\"app\",\"id\":\"not-a-leg\",\"to\":{\"type\":\"phone\",\"number\":\"1\"}}}",
                "{\"channel\":{\"type\":\"app\",\"id\":\"" + UUID.randomUUID() + "\",\"to\":{}}}")) {
            Response refused = app.server.as(user).post("/v0.3/knocking", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
        }
        Response unknown = app.server
                .as(user)
                .post(
                        "/v0.3/knocking",
                        "{\"channel\":{\"type\":\"app\",\"id\":\"" + UUID.randomUUID()
                                + "\",\"to\":{\"type\":\"phone\",\"number\":\"1\"}}}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("call:error:not-found");
        assertThat(app.server
                        .as(user)
                        .delete("/v0.3/knocking/" + UUID.randomUUID())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void a_flood_of_offers_from_one_user_is_refused_and_other_calls_go_on() throws Exception {
        String flooder = createUser();
        List<WebRtcPeer> peers = new ArrayList<>();
        int accepted = 0;
        int refused = 0;
        try {
            for (int i = 0; i < 20; i++) {
                WebRtcPeer peer = new WebRtcPeer();
                peers.add(peer);
                var offer = Json.object();
                offer.putObject("body").putObject("offer").put("type", "offer").put("sdp", peer.offer());
                Response response = app.server.as(flooder).post("/v0.3/legs", offer.toString());
                if (response.status() == 200) {
                    accepted++;
                } else {
                    assertThat(response.status()).isEqualTo(429);
                    assertThat(response.code()).isEqualTo("http:error:too-many-request");
                    refused++;
                }
            }
            assertThat(accepted).isEqualTo(AppCalls.MAX_OFFERED_PER_USER);
            assertThat(refused).isEqualTo(20 - AppCalls.MAX_OFFERED_PER_USER);
            // another user's call is placed and connects meanwhile
            try (AppCaller other = AppCaller.call(app.server, createUser(), "bob")) {
                assertThat(other.conversation()).startsWith("CON-");
            }
        } finally {
            peers.forEach(WebRtcPeer::close);
        }
    }

    @Test
    void garbage_at_a_running_legs_port_harms_neither_its_call_nor_the_api() throws Exception {
        String room = "garbage-" + UUID.randomUUID();
        String ncco = app.ncco;
        app.ncco = "[{\"action\":\"conversation\",\"name\":\"" + room + "\"}]";
        try (AppCaller talker = AppCaller.call(app.server, createUser(), "room");
                AppCaller listener = AppCaller.call(app.server, createUser(), "room");
                java.net.DatagramSocket stranger =
                        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            talker.talk(440);
            java.util.Random random = new java.util.Random(7);
            java.net.InetSocketAddress target = talker.serverAddress();
            for (int i = 0; i < 2_000; i++) {
                byte[] junk = new byte[1 + random.nextInt(300)];
                random.nextBytes(junk);
                switch (i % 5) {
                    case 0 -> junk[0] = 0x00; // a STUN-looking datagram, malformed
                    case 1 -> junk[0] = 0x16; // a DTLS handshake record out of nowhere
                    case 2 -> junk[0] = (byte) 0x80; // RTP from an address that never checked in
                    default -> {}
                }
                stranger.send(new java.net.DatagramPacket(junk, junk.length, target));
                if (i % 4 == 0) {
                    byte[] forged = new byte[12 + 160 + 10];
                    random.nextBytes(forged);
                    forged[0] = (byte) 0x80;
                    forged[1] = 0;
                    talker.sendRaw(forged); // SRTP from the checked address that fails authentication
                }
            }
            int at = listener.heardCount();
            listener.awaitHeard(at, 8_000);
            assertThat(dev.parley.fixtures.Audio.power(listener.heard(at + 2_000), 440, 8_000))
                    .as("the call goes on")
                    .isGreaterThan(1e6);
            assertThat(app.server
                            .admin()
                            .get("/v1/calls/" + talker.leg())
                            .json()
                            .path("status")
                            .asText())
                    .isEqualTo("answered");
            assertThat(app.server.admin().get("/health").status()).isEqualTo(200);
        } finally {
            app.ncco = ncco;
        }
    }

    @Test
    void a_browser_that_vanishes_ends_its_leg_after_the_rtp_timeout() throws Exception {
        AppCaller caller = AppCaller.call(app.server, createUser(), "bob");
        caller.talk(440);
        String leg = caller.leg();
        app.statusesUntil(leg, "answered");
        caller.vanish();
        List<String> statuses = app.statusesUntil(leg, "completed");
        assertThat(statuses).contains("completed");
        JsonNode call = app.server.admin().get("/v1/calls/" + leg).json();
        assertThat(call.path("status").asText()).isEqualTo("completed");
    }

    @Test
    void a_page_closed_mid_call_ends_its_leg_after_the_rtp_timeout() throws Exception {
        String user = createUser();
        var options = Json.object();
        options.put("base", app.server.baseUrl());
        options.put("jwt", app.server.userToken(user));
        options.put("sdk", "new");
        options.put("to", "bob");
        options.put("listenSeconds", 1);
        options.put("vanish", true);
        java.nio.file.Path tone = java.nio.file.Files.createTempFile("tone", ".wav");
        java.nio.file.Files.write(tone, dev.parley.fixtures.Audio.toneWav(440, 10, 48_000));
        options.put("tone", tone.toString());
        JsonNode result = dev.parley.fixtures.NodeScript.run("sdk-call.mjs", options); // the browser is gone now
        String leg = result.path("callId").asText();
        assertThat(result.path("state").asText()).as(result.toString()).isEqualTo("connected");
        assertThat(app.statusesUntil(leg, "completed")).contains("answered", "completed");
        java.nio.file.Files.deleteIfExists(tone);
    }

    @Test
    void nobody_knocks_for_or_hangs_up_another_users_leg() throws Exception {
        String owner = createUser();
        String intruder = createUser();
        WebRtcPeer peer = new WebRtcPeer();
        try {
            var offer = Json.object();
            offer.putObject("body").putObject("offer").put("type", "offer").put("sdp", peer.offer());
            String leg = app.server
                    .as(owner)
                    .post("/v0.3/legs", offer.toString())
                    .json()
                    .path("rtc_id")
                    .asText();
            var knock = Json.object();
            knock.putObject("channel")
                    .put("type", "app")
                    .put("id", leg)
                    .putObject("to")
                    .put("type", "phone")
                    .put("number", "1");
            assertThat(app.server
                            .as(intruder)
                            .post("/v0.3/knocking", knock.toString())
                            .status())
                    .isEqualTo(404);
            assertThat(app.server.as(intruder).delete("/v0.3/knocking/" + leg).status())
                    .isEqualTo(404);
            assertThat(app.server.as(owner).delete("/v0.3/knocking/" + leg).status())
                    .isEqualTo(200);
        } finally {
            peer.close();
        }
    }
}
