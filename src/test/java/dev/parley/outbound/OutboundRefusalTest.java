package dev.parley.outbound;

import static dev.parley.outbound.OutboundProbes.WAIT;
import static dev.parley.outbound.OutboundProbes.failed;
import static dev.parley.outbound.OutboundProbes.setEventUrl;
import static dev.parley.outbound.OutboundProbes.someEvents;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.VoiceApp;
import dev.parley.fixtures.WebSocketApp;
import dev.parley.fixtures.WebhookReceiver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * Refusals through a real node: a webhook aimed at a forbidden address is dead-lettered at once with
 * the reason (and counted in /metrics), {@code --outbound-internal deny} and {@code --outbound-allow}
 * each change what is reached, a call's NCCO requests to forbidden targets (stream, notify, connect to
 * a WebSocket, music on hold, through a redirect too) give error events while the NCCO goes on to its
 * next action, and a call whose answer URL is refused ends with an error event. Names that resolve to
 * a link-local address are in {@link MetadataNamespaceTest}.
 */
class OutboundRefusalTest {
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
                OutboundProbes.refusedWebhook(server, target);
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
            LinkedBlockingQueue<String> done = OutboundProbes.doneRoute(app);
            OutboundProbes.redirectRoute(app, "http://169.254.169.254/latest/meta-data/");
            String[] targets = {
                "http://169.254.169.254/x.wav",
                "http://2852039166/x.wav",
                "http://0251.0376.0251.0376/x.wav",
                "http://[fe80::1]/x.wav",
                "http://[::ffff:a9fe:a9fe]/x.wav",
                app.server.baseUrl() + "/x.wav", // the node's own port
                app.url("/away"),
            };
            for (String target : targets) {
                List<String> reasons = OutboundProbes.nccoRefusals(app, socket, done, target);
                assertThat(reasons).as(target).anyMatch(r -> r.startsWith("stream "));
                assertThat(reasons).as(target).anyMatch(r -> r.startsWith("notify"));
                if (!target.endsWith("/away")) { // a WebSocket dial follows no redirect: it just fails
                    assertThat(reasons).as(target).anyMatch(r -> r.startsWith("websocket "));
                }
            }
        }
    }

    @Test
    void a_call_whose_answer_url_is_refused_ends_with_an_error_event_giving_the_reason() throws Exception {
        try (VoiceApp app = VoiceApp.start(Map.of(), "[]");
                WebSocketApp socket = new WebSocketApp()) {
            OutboundProbes.redirectRoute(app, "http://169.254.169.254/latest/meta-data/");
            String[] answerUrls = {
                "http://169.254.169.254/answer",
                "http://2852039166/answer",
                "http://[::ffff:a9fe:a9fe]/answer",
                app.url("/away"),
                app.server.baseUrl() + "/answer", // the node's own port
            };
            for (String answerUrl : answerUrls) {
                assertThat(OutboundProbes.answerRefusal(app, socket, answerUrl))
                        .as(answerUrl)
                        .contains("refused")
                        .containsAnyOf("link-local", "one of this node's own ports");
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
                    .containsExactly("answer_url");
            assertThat(octal.json().path("invalid_parameters").findValuesAsText("reason"))
                    .singleElement()
                    .asString()
                    .contains("cannot be read");
        }
    }
}
