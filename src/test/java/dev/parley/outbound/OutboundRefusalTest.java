package dev.parley.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Cli;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.VoiceApp;
import dev.parley.fixtures.WebSocketApp;
import dev.parley.fixtures.WebhookReceiver;
import dev.parley.wire.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Refusals through a real node: a webhook aimed at a forbidden address is dead-lettered at once with
 * the reason (and counted in /metrics), {@code --outbound-internal deny} and {@code --outbound-allow}
 * each change what is reached, and a call's NCCO requests to forbidden targets (stream, notify,
 * connect to a WebSocket, music on hold, through a redirect too) give error events while the NCCO goes
 * on to its next action.
 */
class OutboundRefusalTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static JsonNode failed(TestServer server) {
        List<String> args = new ArrayList<>(List.of("webhooks", "failed", "--app", server.applicationId()));
        args.addAll(server.storeArgs());
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Json.parse(r.out());
    }

    private static void setEventUrl(TestServer server, String url) {
        List<String> args =
                new ArrayList<>(List.of("app", "update", "--id", server.applicationId(), "--event-url", url));
        args.addAll(server.storeArgs());
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    /** A conversation with a joined member: events, each a delivery to the application's event URL. */
    private static void someEvents(TestServer server) {
        Fixtures fx = new Fixtures(server.admin());
        String c = fx.conversation();
        String user = Fixtures.unique("u");
        fx.user(user);
        fx.joined(c, user);
    }

    @Test
    void webhooks_to_forbidden_targets_are_dead_lettered_at_once_with_the_reason() throws Exception {
        try (TestServer server = TestServer.start()) {
            String[] targets = {
                "http://169.254.169.254/latest/meta-data/",
                "http://2852039166/",
                "http://0251.0376.0251.0376/",
                "http://[::ffff:169.254.169.254]/",
                "http://[fe80::1]/",
                server.baseUrl() + "/health", // the node's own port
            };
            for (String target : targets) {
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
            }
            String metrics = server.withToken(null).get("/metrics").text();
            assertThat(metrics).containsPattern("parley_outbound_refused_total\\{reason=\"link-local\"} [1-9]");
            assertThat(metrics).containsPattern("parley_outbound_refused_total\\{reason=\"own-port\"} [1-9]");
        }
    }

    @Test
    void internal_deny_refuses_a_loopback_receiver_and_outbound_allow_lets_it_through_again() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start();
                TestServer denied = TestServer.start(Map.of("outboundInternal", "deny"));
                TestServer allowed =
                        TestServer.start(Map.of("outboundInternal", "deny", "outboundAllow", "127.0.0.1/32"));
                TestServer open = TestServer.start()) {
            setEventUrl(denied, receiver.url("/denied"));
            setEventUrl(allowed, receiver.url("/allowed"));
            setEventUrl(open, receiver.url("/open"));
            someEvents(denied);
            someEvents(allowed);
            someEvents(open);
            JsonNode entry = Eventually.get(
                    () -> failed(denied).isEmpty() ? null : failed(denied).get(0), WAIT);
            assertThat(entry.path("last_error").asText()).contains("--outbound-internal deny");
            receiver.await(
                    hooks -> hooks.stream().anyMatch(h -> h.path().equals("/allowed"))
                            && hooks.stream().anyMatch(h -> h.path().equals("/open")),
                    WAIT);
            assertThat(receiver.received()).noneMatch(h -> h.path().equals("/denied"));
            assertThat(failed(allowed)).isEmpty();
        }
    }

    @Test
    void ncco_requests_to_forbidden_targets_give_error_events_and_the_ncco_goes_on() throws Exception {
        try (VoiceApp app = VoiceApp.start(Map.of(), "[]");
                WebSocketApp socket = new WebSocketApp()) {
            LinkedBlockingQueue<String> done = new LinkedBlockingQueue<>();
            app.route("/done", exchange -> {
                done.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            app.route("/away", exchange -> {
                exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
            });
            String[] targets = {
                "http://169.254.169.254/x.wav",
                "http://2852039166/x.wav",
                "http://0251.0376.0251.0376/x.wav",
                "http://[fe80::1]/x.wav",
                app.url("/away"),
            };
            for (String target : targets) {
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
                assertThat(reasons).as(target).anyMatch(r -> r.startsWith("stream "));
                assertThat(reasons).as(target).anyMatch(r -> r.startsWith("notify"));
                if (!target.endsWith("/away")) { // a WebSocket dial follows no redirect: it just fails
                    assertThat(reasons).as(target).anyMatch(r -> r.startsWith("websocket "));
                }
                assertThat(app.server
                                .admin()
                                .put("/v1/calls/" + leg, "{\"action\":\"hangup\"}")
                                .status())
                        .isEqualTo(204);
                socket.awaitConnected();
            }
        }
    }

    @Test
    void a_call_whose_answer_url_is_refused_ends_with_an_error_event_giving_the_reason() throws Exception {
        try (VoiceApp app = VoiceApp.start(Map.of(), "[]");
                WebSocketApp socket = new WebSocketApp()) {
            for (String answerUrl : new String[] {"http://169.254.169.254/answer", "http://2852039166/answer"}) {
                var created = app.server
                        .admin()
                        .post(
                                "/v1/calls",
                                "{\"to\":[{\"type\":\"websocket\",\"uri\":\"" + socket.uri()
                                        + "\",\"content-type\":\"audio/l16;rate=16000\"}],\"answer_url\":[\""
                                        + answerUrl + "\"],\"event_url\":[\"" + app.url("/events") + "\"]}");
                assertThat(created.status()).as(created.text()).isEqualTo(201);
                String leg = created.json().path("uuid").asText();
                List<String> statuses = new ArrayList<>();
                String reason = null;
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!statuses.contains("completed") && !statuses.contains("failed")) {
                    JsonNode event = app.events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    assertThat(event)
                            .as("events of " + leg + " so far: " + statuses)
                            .isNotNull();
                    if (!leg.equals(event.path("uuid").asText())) {
                        continue;
                    }
                    if (event.has("status")) {
                        statuses.add(event.path("status").asText());
                    } else if (event.has("reason")) {
                        reason = event.path("reason").asText();
                    }
                }
                assertThat(reason).as(answerUrl).contains("refused").contains("link-local");
                assertThat(app.server
                                .admin()
                                .get("/v1/calls/" + leg)
                                .json()
                                .path("status")
                                .asText())
                        .isIn("completed", "failed");
                socket.awaitConnected();
            }
            var octal = app.server
                    .admin()
                    .post(
                            "/v1/calls",
                            "{\"to\":[{\"type\":\"websocket\",\"uri\":\"" + socket.uri()
                                    + "\",\"content-type\":\"audio/l16;rate=16000\"}],"
                                    + "\"answer_url\":[\"http://0251.0376.0251.0376/answer\"]}");
            assertThat(octal.status())
                    .as("a URL with no host java.net.URI can read is refused when submitted")
                    .isEqualTo(400);
            assertThat(octal.json().path("invalid_parameters").findValuesAsText("name"))
                    .contains("answer_url");
        }
    }
}
