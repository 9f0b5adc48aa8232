package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.ServerProcess;
import dev.parley.fixtures.TestDatabase;
import dev.parley.fixtures.VoiceApp;
import dev.parley.fixtures.WebSocketApp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL database, each beating a heartbeat into it (a node timeout of 2 s here):
 * when one dies (kill -9) the other ends the calls it ran ({@code failed}, an {@code error} event
 * saying why, the member gone) without waiting for it to come back; a node that was only frozen
 * (SIGSTOP) past the timeout learns on waking that it was taken for dead and hangs its calls up.
 */
class NodeDeathTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void a_killed_nodes_calls_are_ended_by_the_node_that_survives_it() throws Exception {
        assumeTrue(TestDatabase.postgres(), "several nodes need PostgreSQL");
        try (VoiceApp survivor = VoiceApp.start(Map.of("nodeTimeoutMs", "2000"), "[]");
                WebSocketApp socket = new WebSocketApp()) {
            ServerProcess victim = victim(survivor);
            try {
                String uuid = callThrough(victim, survivor, socket, "dies");
                victim.kill9();
                assertFailed(untilFinal(survivor, uuid)); // within WAIT, or untilFinal fails
                JsonNode leg = survivor.server.admin().get("/v1/calls/" + uuid).json();
                assertThat(leg.path("status").asText()).isEqualTo("failed");
                String conversation = leg.path("conversation_uuid").asText();
                JsonNode members = survivor.server
                        .admin()
                        .get("/v1/conversations/" + conversation + "/members")
                        .json();
                assertThat(members.findValuesAsText("state"))
                        .as("the dead node's caller left its conversation")
                        .doesNotContain("JOINED");
            } finally {
                victim.close();
            }
        }
    }

    @Test
    void a_node_frozen_past_the_timeout_hangs_up_the_calls_the_others_ended() throws Exception {
        assumeTrue(TestDatabase.postgres(), "several nodes need PostgreSQL");
        try (VoiceApp survivor = VoiceApp.start(Map.of("nodeTimeoutMs", "2000"), "[]");
                WebSocketApp socket = new WebSocketApp()) {
            ServerProcess frozen = victim(survivor);
            try {
                String uuid = callThrough(frozen, survivor, socket, "frozen");
                signal("STOP", frozen.pid());
                try {
                    assertFailed(untilFinal(survivor, uuid));
                } finally {
                    signal("CONT", frozen.pid());
                }
                Eventually.get(() -> socket.isClosed() ? true : null, WAIT);
            } finally {
                frozen.close();
            }
        }
    }

    /**
     * A second node over the survivor's database and files, as a process of its own. Its webhook
     * timeouts are long (a lease of 2 minutes), so a lane it had claimed when it stopped would outlast
     * the wait if the survivor did not give its leases back when it finds it dead.
     */
    private static ServerProcess victim(VoiceApp survivor) {
        return ServerProcess.start(
                survivor.server.dataDir(),
                survivor.server.jdbcUrl(),
                "--sip-listen",
                "127.0.0.1:0",
                "--node-timeout",
                "2s",
                "--webhook-connect-timeout",
                "30s",
                "--webhook-read-timeout",
                "30s");
    }

    /** A WebSocket call placed through {@code node}, answered and in conversation {@code name}; its uuid. */
    private static String callThrough(ServerProcess node, VoiceApp app, WebSocketApp socket, String name)
            throws Exception {
        var created = new Api(node.baseUrl(), app.server.adminToken())
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"websocket\",\"uri\":\"" + socket.uri()
                                + "\",\"content-type\":\"audio/l16;rate=16000\"}],\"event_url\":[\""
                                + app.url("/events") + "\"],\"ncco\":[{\"action\":\"conversation\",\"name\":\""
                                + name + "-" + System.nanoTime() + "\"}]}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String uuid = created.json().path("uuid").asText();
        socket.awaitConnected();
        assertThat(app.statusesUntil(uuid, "answered")).contains("answered");
        return uuid;
    }

    /** The statuses the call reaches after answered, up to a final one; its error event says why. */
    private static List<String> untilFinal(VoiceApp app, String uuid) throws InterruptedException {
        VoiceApp.Ending ending = app.untilEnded(uuid, WAIT);
        assertThat(ending.lastReason()).as("the error event says why").contains("stopped answering");
        return ending.statuses();
    }

    /**
     * The call failed, with nothing in between but a repeat of {@code answered}: webhooks are sent at
     * least once, and one the stopped node sent but had not yet recorded as sent is sent again.
     */
    private static void assertFailed(List<String> statuses) {
        assertThat(statuses.getLast()).isEqualTo("failed");
        assertThat(statuses).allMatch(s -> s.equals("answered") || s.equals("failed"));
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
