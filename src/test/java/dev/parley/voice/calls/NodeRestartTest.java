package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.fixtures.Audio;
import dev.parley.fixtures.Cli;
import dev.parley.fixtures.ServerProcess;
import dev.parley.fixtures.Sipp;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node killed (kill -9) during a call: when it starts again on the same SIP address, it ends the
 * call it left unfinished: {@code failed}, with an {@code error} event saying why, instead of a call
 * that stays {@code answered} forever.
 */
class NodeRestartTest {
    @Test
    void a_node_that_restarts_after_a_crash_ends_the_calls_it_left_unfinished() throws Exception {
        LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        app.createContext("/answer", exchange -> {
            byte[] ncco = "[{\"action\":\"conversation\",\"name\":\"held\"}]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ncco.length);
            exchange.getResponseBody().write(ncco);
            exchange.close();
        });
        app.createContext("/events", exchange -> {
            events.add(dev.parley.wire.Json.parse(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        app.start();
        String appUrl = "http://127.0.0.1:" + app.getAddress().getPort();
        Path data = Files.createTempDirectory("parley-restart");
        int sipPort = Sipp.freeUdpPort();
        Audio.RtpPort media = new Audio.RtpPort();
        ServerProcess first = ServerProcess.start(data, null, "--sip-listen", "127.0.0.1:" + sipPort);
        Sipp.Callee caller = null;
        ServerProcess second = null;
        try {
            String token = first.adminToken();
            String applicationId = dev.parley.wire.Json.parse(new String(
                            java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8))
                    .path("application_id")
                    .asText();
            cli(
                    "app",
                    "update",
                    "--id",
                    applicationId,
                    "--answer-url",
                    appUrl + "/answer",
                    "--voice-event-url",
                    appUrl + "/events",
                    "--data-dir",
                    data.toString());
            cli(
                    "sip-domain",
                    "create",
                    "--name",
                    "127.0.0.1",
                    "--application-id",
                    applicationId,
                    "--acl",
                    "127.0.0.0/8",
                    "--data-dir",
                    data.toString());

            caller = Sipp.callee(
                    false,
                    "-sf",
                    Sipp.scenario("caller-listens.xml"),
                    "-s",
                    "held",
                    "-set",
                    "rtpport",
                    Integer.toString(media.port()),
                    "127.0.0.1:" + sipPort);
            String uuid = statusOf(events, "answered").path("uuid").asText();

            first.kill9(); // the call is answered; nothing ends it
            second = ServerProcess.start(data, null, "--sip-listen", "127.0.0.1:" + sipPort);

            List<String> seen = new ArrayList<>();
            JsonNode error = null;
            while (!seen.contains("failed")) {
                // A delivery the killed node had sent but not yet recorded as done is sent again once its
                // lease runs out (22 s with the default timeouts, docs/WEBHOOKS.md), and the lane's later
                // webhooks wait behind it: so wait longer than a lease.
                JsonNode event = events.poll(45, TimeUnit.SECONDS);
                assertThat(event).as("events after the restart: " + seen).isNotNull();
                if (uuid.equals(event.path("uuid").asText())) {
                    seen.add(event.has("status") ? event.path("status").asText() : "error");
                    if (event.has("reason")) {
                        error = event;
                    }
                }
            }
            assertThat(seen).containsSubsequence("error", "failed");
            assertThat(error.path("reason").asText()).contains("stopped before the call ended");
            HttpResponse<String> call = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(second.baseUrl() + "/v1/calls/" + uuid))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(dev.parley.wire.Json.parse(call.body()).path("status").asText())
                    .isEqualTo("failed");
        } finally {
            if (caller != null) {
                caller.stop(); // its dialog died with the first node
            }
            media.close();
            if (second != null) {
                second.close();
            }
            app.stop(0);
        }
    }

    private static JsonNode statusOf(LinkedBlockingQueue<JsonNode> events, String status) throws InterruptedException {
        while (true) {
            JsonNode event = events.poll(20, TimeUnit.SECONDS);
            assertThat(event).as("a call event").isNotNull();
            if (status.equals(event.path("status").asText())) {
                return event;
            }
        }
    }

    private static void cli(String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
    }
}
