package dev.parley.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Cli;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.VoiceApp;
import dev.parley.fixtures.WebSocketApp;
import dev.parley.wire.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Each kind of outbound request aimed at one target through a real node, with what the API says of
 * its refusal: shared by the refusal tests on the host and by the probe inside a network namespace.
 */
final class OutboundProbes {
    static final Duration WAIT = Duration.ofSeconds(20);

    private OutboundProbes() {}

    /** The application's dead-lettered webhook deliveries ({@code parley webhooks failed}). */
    static JsonNode failed(TestServer server) {
        List<String> args = new ArrayList<>(List.of("webhooks", "failed", "--app", server.applicationId()));
        args.addAll(server.storeArgs());
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Json.parse(r.out());
    }

    static void setEventUrl(TestServer server, String url) {
        List<String> args =
                new ArrayList<>(List.of("app", "update", "--id", server.applicationId(), "--event-url", url));
        args.addAll(server.storeArgs());
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    /** A conversation with a joined member: events, each a delivery to the application's event URL. */
    static void someEvents(TestServer server) {
        Fixtures fx = new Fixtures(server.admin());
        String c = fx.conversation();
        String user = Fixtures.unique("u");
        fx.user(user);
        fx.joined(c, user);
    }

    /**
     * Aims the application's event URL at {@code target}, makes events, and gives the dead-lettered
     * delivery to it, asserting it was refused at its first attempt.
     */
    static JsonNode refusedWebhook(TestServer server, String target) throws Exception {
        setEventUrl(server, target);
        someEvents(server);
        JsonNode entry = Eventually.get(
                () -> {
                    for (JsonNode e : failed(server)) {
                        if (e.path("url").asText().equals(target)) {
                            return e;
                        }
                    }
                    return null;
                },
                WAIT);
        assertThat(entry.path("attempts").asInt())
                .as(target + " is not retried")
                .isEqualTo(1);
        assertThat(entry.path("last_error").asText()).as(target).contains("refused to connect");
        return entry;
    }

    /**
     * A call whose NCCO aims a stream, a notify, a WebSocket connect and music on hold at {@code
     * target}, then notifies {@code /done}: asserts the NCCO went on and gives the refusals' reasons.
     * {@code done} is the queue the app's {@code /done} route fills.
     */
    static List<String> nccoRefusals(VoiceApp app, WebSocketApp socket, LinkedBlockingQueue<String> done, String target)
            throws Exception {
        String ncco = "[{\"action\":\"stream\",\"streamUrl\":[\"" + target + "\"]},"
                + "{\"action\":\"notify\",\"payload\":{\"n\":1},\"eventUrl\":[\"" + target + "\"]},"
                + "{\"action\":\"connect\",\"endpoint\":[{\"type\":\"websocket\",\"uri\":\""
                + target.replace("http", "ws") + "\",\"content-type\":\"audio/l16;rate=16000\"}]},"
                + "{\"action\":\"notify\",\"payload\":{\"target\":\"" + target + "\"},\"eventUrl\":[\""
                + app.url("/done") + "\"]},"
                + "{\"action\":\"conversation\",\"name\":\"" + Fixtures.unique("moh")
                + "\",\"startOnEnter\":false,\"musicOnHoldUrl\":[\"" + target + "\"]}]";
        var created = app.server
                .admin()
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"websocket\",\"uri\":\"" + socket.uri()
                                + "\",\"content-type\":\"audio/l16;rate=16000\"}],"
                                + "\"event_url\":[\"" + app.url("/events") + "\"],\"ncco\":" + ncco + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String leg = created.json().path("uuid").asText();
        String reached = done.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(reached)
                .as("the NCCO went on past the refused requests to " + target)
                .contains(target);
        List<String> reasons = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (reasons.stream().noneMatch(r -> r.contains("musicOnHoldUrl"))) {
            JsonNode event = app.events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(event).as("error events so far: " + reasons).isNotNull();
            if (event.has("reason") && event.path("reason").asText().contains("refused")) {
                reasons.add(event.path("reason").asText());
            }
        }
        assertThat(app.server
                        .admin()
                        .put("/v1/calls/" + leg, "{\"action\":\"hangup\"}")
                        .status())
                .isEqualTo(204);
        socket.awaitConnected();
        return reasons;
    }

    /**
     * A call whose answer URL is {@code answerUrl}: asserts it ends in a terminal status, and gives the
     * reason of its error event.
     */
    static String answerRefusal(VoiceApp app, WebSocketApp socket, String answerUrl) throws Exception {
        var created = app.server
                .admin()
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"websocket\",\"uri\":\"" + socket.uri()
                                + "\",\"content-type\":\"audio/l16;rate=16000\"}],\"answer_url\":[\""
                                + answerUrl + "\"],\"event_url\":[\"" + app.url("/events") + "\"]}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String leg = created.json().path("uuid").asText();
        String reason = app.untilEnded(leg, WAIT).lastReason();
        assertThat(app.server
                        .admin()
                        .get("/v1/calls/" + leg)
                        .json()
                        .path("status")
                        .asText())
                .isIn("completed", "failed");
        socket.awaitConnected();
        return reason;
    }

    /** Adds a {@code /done} route to the app that fills the returned queue with the bodies it gets. */
    static LinkedBlockingQueue<String> doneRoute(VoiceApp app) {
        LinkedBlockingQueue<String> done = new LinkedBlockingQueue<>();
        app.route("/done", exchange -> {
            done.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        return done;
    }

    /** Adds a {@code /away} route to the app that redirects to {@code location}. */
    static void redirectRoute(VoiceApp app, String location) {
        app.route("/away", exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
    }
}
