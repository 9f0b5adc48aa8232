package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.fixtures.Audio;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.TestDatabase;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.VoiceApp;
import dev.parley.fixtures.WebSocketApp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Any node controls any call (issue 26, part 1): two nodes on one PostgreSQL database; a WebSocket call
 * runs on node A, and the Voice API requests for it go to node B, which hands them to A through the
 * database. They answer as they would on A: talk is heard, mute is recorded, a bad NCCO is refused
 * with the same reasons, the hangup ends the call, and a request for the ended call gets the same
 * error from either node.
 */
class CrossNodeControlTest {
    @Test
    void a_call_on_one_node_is_controlled_through_the_other() throws Exception {
        assumeTrue(TestDatabase.postgres(), "several nodes need PostgreSQL");
        try (VoiceApp a = VoiceApp.start(Map.of(), "[]");
                TestServer b = TestServer.start(Map.of(
                        "jdbcUrl", a.server.jdbcUrl(),
                        "dataDir", a.server.dataDir().toString(),
                        "applicationId", a.server.applicationId(),
                        "sipListen", "127.0.0.1:0"));
                WebSocketApp socket = new WebSocketApp()) {
            var created = a.server
                    .admin()
                    .post(
                            "/v1/calls",
                            "{\"to\":[{\"type\":\"websocket\",\"uri\":\"" + socket.uri()
                                    + "\",\"content-type\":\"audio/l16;rate=16000\"}],\"event_url\":[\""
                                    + a.url("/events") + "\"],\"ncco\":[{\"action\":\"conversation\",\"name\":\"across-"
                                    + System.nanoTime() + "\"}]}");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String uuid = created.json().path("uuid").asText();
            socket.awaitConnected();
            a.statusesUntil(uuid, "answered");

            int before = socket.frameCount();
            Response talk = b.admin().put("/v1/calls/" + uuid + "/talk", Map.of("text", "Hello from the other node"));
            assertThat(talk.status()).as(talk.text()).isEqualTo(200);
            assertThat(talk.json().path("uuid").asText()).isEqualTo(uuid);
            socket.awaitFrames(before + 100);
            assertThat(Audio.rms(socket.samples(before, 100)))
                    .as("the leg on node A hears the talk asked of node B")
                    .isGreaterThan(300);

            assertThat(b.admin()
                            .put("/v1/calls/" + uuid, "{\"action\":\"mute\"}")
                            .status())
                    .isEqualTo(204);
            String conversation = a.server
                    .admin()
                    .get("/v1/calls/" + uuid)
                    .json()
                    .path("conversation_uuid")
                    .asText();
            assertThat(a.eventTypes(conversation))
                    .as("node A recorded the mute")
                    .contains("audio:mute:on");

            // conversation-wide requests through B reach the node that runs the conversation's call
            int beforeSay = socket.frameCount();
            Response say = b.admin()
                    .put("/v1/conversations/" + conversation + "/talk", Map.of("text", "Hello everyone", "loop", 0));
            assertThat(say.status()).as(say.text()).isEqualTo(200);
            socket.awaitFrames(beforeSay + 100);
            assertThat(Audio.rms(socket.samples(beforeSay, 100)))
                    .as("the conversation talk asked of node B is heard on node A")
                    .isGreaterThan(300);
            Response hush = b.admin().delete("/v1/conversations/" + conversation + "/talk");
            assertThat(hush.status()).as(hush.text()).isEqualTo(200);
            assertThat(hush.json().path("uuid").asText())
                    .isEqualTo(say.json().path("uuid").asText());
            assertThat(b.admin()
                            .put("/v1/conversations/" + conversation + "/record", Map.of("action", "start"))
                            .status())
                    .isEqualTo(200);
            assertThat(b.admin()
                            .put("/v1/conversations/" + conversation + "/record", Map.of("action", "stop"))
                            .status())
                    .isEqualTo(200);
            assertThat(a.server
                            .admin()
                            .put("/v1/conversations/" + conversation + "/record", Map.of("action", "stop"))
                            .status())
                    .as("stopped on node A by the request through B")
                    .isEqualTo(400);

            String badNcco = "{\"action\":\"transfer\",\"destination\":{\"type\":\"ncco\","
                    + "\"ncco\":[{\"action\":\"talk\"}]}}";
            Response onA = a.server.admin().put("/v1/calls/" + uuid, badNcco);
            Response onB = b.admin().put("/v1/calls/" + uuid, badNcco);
            assertThat(onB.status()).as(onB.text()).isEqualTo(onA.status()).isEqualTo(400);
            assertThat(onB.json().path("invalid_parameters"))
                    .isEqualTo(onA.json().path("invalid_parameters"));

            assertThat(b.admin()
                            .put("/v1/calls/" + uuid, "{\"action\":\"hangup\"}")
                            .status())
                    .isEqualTo(204);
            assertThat(a.statusesUntil(uuid, "completed")).contains("completed");
            Response againOnA = a.server.admin().put("/v1/calls/" + uuid, "{\"action\":\"hangup\"}");
            Response againOnB = b.admin().put("/v1/calls/" + uuid, "{\"action\":\"hangup\"}");
            assertThat(againOnB.status()).isEqualTo(againOnA.status()).isBetween(400, 499);
            assertThat(againOnB.json().path("code")).isEqualTo(againOnA.json().path("code"));
        }
    }
}
