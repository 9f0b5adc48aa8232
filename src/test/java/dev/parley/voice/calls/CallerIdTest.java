package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Cli;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.Sipp;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.VoiceApp;
import dev.parley.fixtures.WebSocketApp;
import dev.parley.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Caller ids and trunks belong to their application: two tenants, each with its own trunk to its own
 * carrier (sipp, ringing until cancelled), and a third trunk on which the operator lets tenant B
 * present a block of caller ids. Every call that would borrow the other tenant's number or trunk, or
 * leave from an unlinked number or none, is refused (a 400 naming the field; an {@code error} event for
 * an NCCO {@code connect}, whose NCCO goes on) before anything is sent: the refusals come first, and
 * each carrier's only INVITE is the one legitimate call through it, from its own tenant's number.
 */
class CallerIdTest {
    private static final String A_NUMBER = "15005550101";
    private static final String B_NUMBER = "15005550202";
    private static final String B_BLOCK_NUMBER = "15005550203";

    @Test
    void neither_application_can_call_from_the_others_numbers_or_through_its_trunk() throws Exception {
        Sipp.Callee carrierA = Sipp.callee(false, "-sf", Sipp.scenario("callee-rings.xml"));
        Sipp.Callee carrierB = Sipp.callee(false, "-sf", Sipp.scenario("callee-rings.xml"));
        Sipp.Callee carrierBlock = Sipp.callee(false, "-sf", Sipp.scenario("callee-rings.xml"));
        try (VoiceApp app = VoiceApp.start(Map.of(), "[]");
                WebSocketApp socket = new WebSocketApp()) {
            LinkedBlockingQueue<JsonNode> bEvents = new LinkedBlockingQueue<>();
            LinkedBlockingQueue<String> done = new LinkedBlockingQueue<>();
            app.route("/b-events", exchange -> {
                bEvents.add(Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            app.route("/done", exchange -> {
                done.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            TestServer.Application b = app.server.createApplication("tenant-b");
            trunk(app, "carrier-a", carrierA, "192.0.2.21");
            trunk(app, "carrier-b", carrierB, "192.0.2.22");
            trunk(app, "carrier-b-block", carrierBlock, "192.0.2.23", "--caller-ids", "+1 500 555 029*");
            app.cli(
                    "number",
                    "link",
                    "--number",
                    A_NUMBER,
                    "--application-id",
                    app.server.applicationId(),
                    "--trunk",
                    "carrier-a");
            app.cli("number", "link", "--number", B_NUMBER, "--application-id", b.id(), "--trunk", "carrier-b");
            app.cli(
                    "number",
                    "link",
                    "--number",
                    B_BLOCK_NUMBER,
                    "--application-id",
                    b.id(),
                    "--trunk",
                    "carrier-b-block");
            int callsBefore = calls(app, b);

            // POST /v1/calls by B: A's number, an unlinked one, none, a number of A's block, A's carrier
            assertRefused(placeByB(app, b, phone("14155550100"), A_NUMBER), "from");
            assertRefused(placeByB(app, b, phone("14155550100"), "15005550999"), "from");
            assertRefused(placeByB(app, b, phone("14155550100"), null), "from");
            assertRefused(placeByB(app, b, phone("14155550100"), "not a number"), "from");
            assertRefused(placeByB(app, b, sip("sip:14155550100@127.0.0.1:" + carrierA.port), B_NUMBER), "to");
            // and the other way round: A may use neither B's number, nor the block the operator gave
            // B's trunk, nor B's carrier
            assertRefused(placeByA(app, phone("14155550100"), B_NUMBER), "from");
            assertRefused(placeByA(app, phone("14155550100"), "15005550299"), "from");
            assertRefused(placeByA(app, sip("sip:14155550100@127.0.0.1:" + carrierB.port), A_NUMBER), "to");
            assertThat(calls(app, b)).as("a refused call leaves no leg").isEqualTo(callsBefore);

            // an NCCO connect by B: A's number, a number nobody has, A's carrier as a SIP URI; each an
            // error event, and the NCCO goes on to the notify
            String ncco = "[" + connect(phone("14155550100"), A_NUMBER) + ","
                    + connect(phone("14155550100"), "15005550998") + ","
                    + connect(sip("sip:14155550100@127.0.0.1:" + carrierA.port), B_NUMBER) + ","
                    + "{\"action\":\"notify\",\"payload\":{\"step\":\"refusals\"},\"eventUrl\":[\"" + app.url("/done")
                    + "\"]}]";
            var refusing = webSocketCallByB(app, b, socket, app.url("/b-events"), ncco);
            assertThat(refusing.status()).as(refusing.text()).isEqualTo(201);
            assertThat(done.poll(20, TimeUnit.SECONDS))
                    .as("the NCCO went on past the refused connects")
                    .contains("refusals");
            List<String> reasons = errorReasons(bEvents, 3);
            assertThat(reasons.get(0)).startsWith("connect not run: from: ").contains(A_NUMBER);
            assertThat(reasons.get(1)).startsWith("connect not run: from: ").contains("15005550998");
            assertThat(reasons.get(2)).startsWith("connect not run: to: ").contains("carrier trunk");

            // the legitimate calls, after every refusal: A from its number, B from the operator's block,
            // and B's connect without a from, which leaves from the number B's call is from
            var aCall = app.server
                    .admin()
                    .post(
                            "/v1/calls",
                            "{\"to\":[" + phone("14155550100") + "],\"from\":{\"type\":\"phone\",\"number\":\"+"
                                    + A_NUMBER
                                    + "\"},\"ringing_timer\":2,\"ncco\":[{\"action\":\"talk\",\"text\":\"x\"}]}");
            assertThat(aCall.status()).as(aCall.text()).isEqualTo(201);
            var blockCall = placeByB(app, b, phone("14155550101"), "+1 500 555 0299");
            assertThat(blockCall.status()).as(blockCall.text()).isEqualTo(201);
            var connecting = webSocketCallByB(
                    app,
                    b,
                    socket,
                    app.url("/events"),
                    "[{\"action\":\"connect\",\"timeout\":3,\"endpoint\":[" + phone("14155550102") + "]},"
                            + "{\"action\":\"notify\",\"payload\":{\"step\":\"connected\"},\"eventUrl\":[\""
                            + app.url("/done") + "\"]}]");
            assertThat(connecting.status()).as(connecting.text()).isEqualTo(201);

            assertOnlyInvite(carrierA.finish().succeeded().output(), "14155550100", A_NUMBER);
            assertOnlyInvite(carrierBlock.finish().succeeded().output(), "14155550101", "15005550299");
            assertOnlyInvite(carrierB.finish().succeeded().output(), "14155550102", B_NUMBER);
            assertThat(done.poll(20, TimeUnit.SECONDS)).contains("connected");
        } finally {
            carrierA.stop();
            carrierB.stop();
            carrierBlock.stop();
        }
    }

    @Test
    void a_trunks_caller_ids_are_checked_before_they_are_stored() throws Exception {
        try (VoiceApp app = VoiceApp.start(Map.of(), "[]")) {
            Cli.Result wildcardInside = app.cliResult(
                    "trunk",
                    "create",
                    "--name",
                    "loose",
                    "--proxy",
                    "sip:127.0.0.1:5099",
                    "--acl",
                    "192.0.2.30",
                    "--caller-ids",
                    "1415555*100,44*");
            assertThat(wildcardInside.exitCode()).isNotZero();
            assertThat(wildcardInside.err()).contains("caller_ids[0]").doesNotContain("caller_ids[1]");
            Cli.Result anything = app.cliResult(
                    "trunk",
                    "create",
                    "--name",
                    "anything",
                    "--proxy",
                    "sip:127.0.0.1:5099",
                    "--acl",
                    "192.0.2.31",
                    "--caller-ids",
                    "*");
            assertThat(anything.exitCode()).isNotZero();
            assertThat(anything.err()).contains("caller_ids[0]");
            String created = app.cli(
                    "trunk",
                    "create",
                    "--name",
                    "block",
                    "--proxy",
                    "sip:127.0.0.1:5099",
                    "--acl",
                    "192.0.2.32",
                    "--caller-ids",
                    "+44 20 7946 00*, 14155550100");
            assertThat(Json.parse(created).path("caller_ids").toString())
                    .isEqualTo("[\"4420794600*\",\"14155550100\"]");
            assertThat(app.cli("trunk", "list")).contains("4420794600*");
        }
    }

    private static void trunk(VoiceApp app, String name, Sipp.Callee carrier, String acl, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "trunk",
                "create",
                "--name",
                name,
                "--proxy",
                "sip:127.0.0.1:" + carrier.port,
                "--username",
                "acct-" + name,
                "--password",
                name + "-secret",
                "--acl",
                acl));
        args.addAll(List.of(more));
        app.cli(args.toArray(String[]::new));
    }

    private static String phone(String number) {
        return "{\"type\":\"phone\",\"number\":\"" + number + "\"}";
    }

    private static String sip(String uri) {
        return "{\"type\":\"sip\",\"uri\":\"" + uri + "\"}";
    }

    private static String connect(String endpoint, String from) {
        return "{\"action\":\"connect\",\"from\":\"" + from + "\",\"timeout\":3,\"endpoint\":[" + endpoint + "]}";
    }

    /** A call by B from its own number to the WebSocket app, running {@code ncco}. */
    private static Response webSocketCallByB(
            VoiceApp app, TestServer.Application b, WebSocketApp socket, String eventUrl, String ncco) {
        return app.server
                .withToken(b.adminToken())
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"websocket\",\"uri\":\"" + socket.uri()
                                + "\",\"content-type\":\"audio/l16;rate=16000\"}],\"from\":{\"type\":\"phone\","
                                + "\"number\":\"" + B_NUMBER + "\"},\"event_url\":[\"" + eventUrl + "\"],\"ncco\":"
                                + ncco + "}");
    }

    private static Response placeByA(VoiceApp app, String to, String from) {
        return app.server
                .admin()
                .post(
                        "/v1/calls",
                        "{\"to\":[" + to + "],\"from\":{\"type\":\"phone\",\"number\":\"" + from
                                + "\"},\"ncco\":[{\"action\":\"talk\",\"text\":\"x\"}]}");
    }

    private static Response placeByB(VoiceApp app, TestServer.Application b, String to, String from) {
        String fromJson = from == null ? "" : "\"from\":{\"type\":\"phone\",\"number\":\"" + from + "\"},";
        return app.server
                .withToken(b.adminToken())
                .post(
                        "/v1/calls",
                        "{\"to\":[" + to + "]," + fromJson
                                + "\"ringing_timer\":2,\"ncco\":[{\"action\":\"talk\",\"text\":\"x\"}]}");
    }

    private static void assertRefused(Response response, String field) {
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.json().path("type").asText()).isNotEmpty();
        assertThat(response.json().path("invalid_parameters").findValuesAsText("name"))
                .as(response.text())
                .containsExactly(field);
    }

    private static int calls(VoiceApp app, TestServer.Application b) {
        return app.server
                .withToken(b.adminToken())
                .get("/v1/calls")
                .json()
                .path("count")
                .asInt();
    }

    /** The first {@code count} error events' reasons, in the order they came. */
    private static List<String> errorReasons(LinkedBlockingQueue<JsonNode> events, int count)
            throws InterruptedException {
        List<String> reasons = new ArrayList<>();
        while (reasons.size() < count) {
            JsonNode event = events.poll(20, TimeUnit.SECONDS);
            assertThat(event).as("error events so far: " + reasons).isNotNull();
            if (event.has("reason") && !event.has("status")) {
                reasons.add(event.path("reason").asText());
            }
        }
        return reasons;
    }

    /** The carrier received one INVITE, to {@code to} from {@code from}, and no other call. */
    private static void assertOnlyInvite(String sippOutput, String to, String from) {
        Matcher invites = Pattern.compile("(?m)^INVITE sip:(\\S+)@").matcher(sippOutput);
        List<String> dialled = new ArrayList<>();
        while (invites.find()) {
            dialled.add(invites.group(1));
        }
        assertThat(dialled).as(sippOutput).containsOnly(to);
        assertThat(sippOutput).contains("From: <sip:" + from + "@");
        assertThat(Pattern.compile("(?m)^From: <sip:(\\d+)@")
                        .matcher(sippOutput)
                        .results()
                        .map(m -> m.group(1))
                        .distinct())
                .containsOnly(from);
    }
}
