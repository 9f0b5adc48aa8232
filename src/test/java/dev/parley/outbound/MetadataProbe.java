package dev.parley.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.VoiceApp;
import dev.parley.fixtures.WebSocketApp;
import dev.parley.wire.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What {@link MetadataNamespaceTest} runs inside the network and mount namespace it makes, where
 * 169.254.169.254 is an address of this namespace's loopback and {@code metadata.test} and {@code
 * metadata.google.internal} resolve to it: a fake cloud metadata service on port 80 that notes every
 * request, then real nodes aiming each kind of outbound request at it (webhooks, answer URLs, NCCO
 * stream, notify, WebSocket connect, music on hold, a redirect), asserting each refusal as the API
 * reports it; then a node started with {@code --outbound-allow 169.254.0.0/16}, whose webhook does
 * reach the service. Prints one {@code REPORT} line of JSON, and exits 0 only if every assertion held.
 */
public final class MetadataProbe {
    private MetadataProbe() {}

    public static void main(String[] args) {
        try {
            System.out.println("REPORT " + probe());
            System.exit(0);
        } catch (Throwable e) {
            System.out.println("FAILED " + e);
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }

    private static ObjectNode probe() throws Exception {
        List<String> reached = new CopyOnWriteArrayList<>();
        HttpServer metadata = HttpServer.create(new InetSocketAddress(InetAddress.getByName("169.254.169.254"), 80), 0);
        metadata.createContext("/", exchange -> {
            reached.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] secret = "{\"AccessKeyId\":\"ASIA-not-for-you\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, secret.length);
            exchange.getResponseBody().write(secret);
            exchange.close();
        });
        metadata.start();
        ObjectNode report = Json.object();
        List<String> targets = List.of(
                "http://169.254.169.254/latest/meta-data/",
                "http://metadata.test/latest/meta-data/",
                "http://metadata.google.internal/computeMetadata/v1/",
                "http://2852039166/latest/meta-data/");
        try {
            int webhooks = 0;
            try (TestServer server = TestServer.start()) {
                for (String target : targets) {
                    OutboundProbes.refusedWebhook(server, target);
                    webhooks++;
                }
            }
            report.put("webhooksRefused", webhooks);
            ArrayNode nccoReasons = report.putArray("nccoRefusals");
            ArrayNode answerReasons = report.putArray("answerRefusals");
            try (VoiceApp app = VoiceApp.start(Map.of(), "[]");
                    WebSocketApp socket = new WebSocketApp()) {
                LinkedBlockingQueue<String> done = OutboundProbes.doneRoute(app);
                OutboundProbes.redirectRoute(app, "http://metadata.test/latest/meta-data/");
                for (String target : targets) {
                    List<String> reasons = OutboundProbes.nccoRefusals(app, socket, done, target + "x.wav");
                    assertThat(reasons).as(target).anyMatch(r -> r.startsWith("stream "));
                    assertThat(reasons).as(target).anyMatch(r -> r.startsWith("notify"));
                    assertThat(reasons).as(target).anyMatch(r -> r.startsWith("websocket "));
                    reasons.forEach(nccoReasons::add);
                    String answer = OutboundProbes.answerRefusal(app, socket, target + "answer");
                    assertThat(answer).as(target).contains("refused").contains("link-local");
                    answerReasons.add(answer);
                }
                List<String> redirected = OutboundProbes.nccoRefusals(app, socket, done, app.url("/away"));
                assertThat(redirected).anyMatch(r -> r.startsWith("stream ") && r.contains("metadata.test"));
                redirected.forEach(nccoReasons::add);
            }
            report.put("reachedWhileRefused", reached.size());
            report.put("firstReached", reached.isEmpty() ? "" : reached.getFirst());
            try (TestServer allowed = TestServer.start(Map.of("outboundAllow", "169.254.0.0/16"))) {
                OutboundProbes.setEventUrl(allowed, "http://metadata.test/allowed-hook");
                OutboundProbes.someEvents(allowed);
                Eventually.get(
                        () -> reached.stream().anyMatch(r -> r.contains("/allowed-hook")) ? true : null,
                        OutboundProbes.WAIT);
            }
            report.put(
                    "reachedWhenAllowed",
                    reached.size() - report.path("reachedWhileRefused").asInt());
            return report;
        } finally {
            metadata.stop(0);
        }
    }
}
