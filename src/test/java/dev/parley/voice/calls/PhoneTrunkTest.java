package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Audio;
import dev.parley.fixtures.Cli;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.Sipp;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.VoiceApp;
import dev.parley.voice.media.RtpPacket;
import dev.parley.voice.media.TelephoneEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Phone channel through SIP trunks, with sipp playing the carrier: a call to a phone endpoint
 * leaves through the trunk of the number it is from, answering the carrier's 407 with the trunk's
 * account, and sends its {@code dtmfAnswer} once answered; a carrier's call to a linked number reaches
 * the number's application as a phone leg, to an unlinked one gets 404 and leaves no trace; a trunk
 * with {@code --register} keeps a registration alive. Every loopback INVITE is the carrier's here (the
 * trunk "inbound" admits 127.0.0.1).
 */
class PhoneTrunkTest {
    private static VoiceApp app;

    @BeforeAll
    static void start() throws Exception {
        app = VoiceApp.start(Map.of(), "[{\"action\":\"talk\",\"text\":\"Thank you for calling\"}]");
        app.cli("trunk", "create", "--name", "inbound", "--proxy", "sip:127.0.0.1:9", "--acl", "127.0.0.1/32");
        app.cli("number", "link", "--number", "+44 20 7946 0000", "--application-id", app.server.applicationId());
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_phone_call_leaves_through_its_numbers_trunk_answers_the_carriers_407_and_sends_its_dtmf_answer()
            throws Exception {
        Audio.RtpPort media = new Audio.RtpPort();
        Sipp.Callee carrier = Sipp.callee(
                false,
                "-sf",
                Sipp.scenario("carrier-challenges.xml"),
                "-set",
                "rtpport",
                Integer.toString(media.port()));
        Path password = Files.createTempFile("parley-trunk", ".secret");
        Files.writeString(password, "trunk-secret\n");
        String created = app.cli(
                "trunk",
                "create",
                "--name",
                "Carrier",
                "--proxy",
                "sip:127.0.0.1:" + carrier.port,
                "--username",
                "parley-acct",
                "--password-file",
                password.toString(),
                "--realm",
                "carrier.test",
                "--from-domain",
                "carrier.example",
                "--acl",
                "192.0.2.0/24");
        assertThat(created).contains("\"name\" : \"carrier\"").doesNotContain("trunk-secret");
        app.cli(
                "number",
                "link",
                "--number",
                "447700900000",
                "--application-id",
                app.server.applicationId(),
                "--trunk",
                "carrier");
        assertThat(app.cli("trunk", "list")).contains("parley-acct").doesNotContain("trunk-secret");

        var call = app.server
                .admin()
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"phone\",\"number\":\"+447700900001\",\"dtmfAnswer\":\"1p2\"}],"
                                + "\"from\":{\"type\":\"phone\",\"number\":\"447700900000\"},"
                                + "\"event_url\":[\"" + app.url("/events") + "\"],"
                                + "\"ncco\":[{\"action\":\"conversation\",\"name\":\"phone-out\"}]}");
        assertThat(call.status()).as(call.text()).isEqualTo(201);
        String uuid = call.json().path("uuid").asText();

        // the keys arrive as RFC 4733 events once the carrier has answered: 1, a pause, 2
        List<Integer> keys = keys(media, uuid, carrier);
        assertThat(keys).containsExactly(1, 2);

        JsonNode leg = app.server.admin().get("/v1/calls/" + uuid).json();
        assertThat(leg.path("to").path("type").asText()).isEqualTo("phone");
        assertThat(leg.path("to").path("number").asText()).isEqualTo("447700900001");
        assertThat(leg.path("from").path("number").asText()).isEqualTo("447700900000");
        assertThat(leg.path("status").asText()).isEqualTo("answered");

        assertThat(app.server
                        .admin()
                        .put("/v1/calls/" + uuid, "{\"action\":\"hangup\"}")
                        .status())
                .isEqualTo(204);
        Sipp.Run run = carrier.finish().succeeded(); // 407, our answer, ringing, answered, our BYE
        assertProvesTheAccount(run.output(), "parley-acct", "carrier.test", "trunk-secret");
        media.close();
        assertThat(app.statusesUntil(uuid, "completed")).containsExactly("started", "ringing", "answered", "completed");

        Cli.Result inUse = app.cliResult("trunk", "delete", "--name", "carrier");
        assertThat(inUse.exitCode()).isNotZero();
        assertThat(inUse.err()).contains("unlink");
    }

    /**
     * The Proxy-Authorization that sipp received answers its challenge for the account: the digest
     * (RFC 2617, no qop) computed here with the JDK's MD5, not with Parley's code.
     */
    private static void assertProvesTheAccount(String sippOutput, String user, String realm, String password)
            throws Exception {
        java.util.regex.Matcher header = java.util.regex.Pattern.compile("Proxy-Authorization: (Digest .*)")
                .matcher(sippOutput);
        assertThat(header.find())
                .as("sipp received a Proxy-Authorization:\n" + sippOutput)
                .isTrue();
        Map<String, String> params = new java.util.HashMap<>();
        java.util.regex.Matcher param =
                java.util.regex.Pattern.compile("(\\w+)=\"?([^\",]*)\"?").matcher(header.group(1));
        while (param.find()) {
            params.put(param.group(1), param.group(2));
        }
        assertThat(params).containsEntry("username", user).containsEntry("realm", realm);
        assertThat(params).containsEntry("nonce", "7f3a9c21e4b05d68");
        assertThat(params.get("uri")).startsWith("sip:447700900001@");
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5("INVITE:" + params.get("uri"));
        assertThat(params.get("response")).isEqualTo(md5(ha1 + ":" + params.get("nonce") + ":" + ha2));
    }

    private static String md5(String text) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("MD5")
                        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** The keys the carrier's media port received as RFC 4733 events, once two have ended. */
    private static List<Integer> keys(Audio.RtpPort media, String uuid, Sipp.Callee carrier) throws Exception {
        try {
            return Eventually.get(
                    () -> {
                        List<Integer> ended = new java.util.ArrayList<>();
                        int last = -1;
                        for (RtpPacket packet : media.packets()) {
                            if (packet.payloadType() == 101) {
                                TelephoneEvent event =
                                        TelephoneEvent.parse(packet.payload()).orElseThrow();
                                if (event.end() && event.event() != last) {
                                    ended.add(event.event());
                                    last = event.event();
                                }
                            }
                        }
                        return ended.size() >= 2 ? ended : null;
                    },
                    Duration.ofSeconds(10));
        } catch (AssertionError e) {
            throw new AssertionError(
                    "no keys; the call: "
                            + app.server.admin().get("/v1/calls/" + uuid).text() + "\n"
                            + media.packets().size() + " packets\n"
                            + carrier.finish().output(),
                    e);
        }
    }

    @Test
    void a_carriers_call_to_a_linked_number_reaches_its_application_and_to_an_unlinked_one_gets_404() throws Exception {
        app.answerRequests.clear();
        Sipp.run(app.server.sipPort(), "-sf", Sipp.scenario("carrier-calls.xml"), "-s", "+442079460000")
                .succeeded(); // answered, the talk, our BYE
        Map<String, String> asked = app.answerRequests.poll(10, TimeUnit.SECONDS);
        assertThat(asked).isNotNull();
        assertThat(asked).containsEntry("to", "442079460000").containsEntry("from", "14155550100");
        JsonNode leg = Eventually.get(
                () -> {
                    JsonNode c = app.server
                            .admin()
                            .get("/v1/calls/" + asked.get("uuid"))
                            .json();
                    return c.path("status").asText().equals("completed") ? c : null;
                },
                Duration.ofSeconds(10));
        assertThat(leg.path("direction").asText()).isEqualTo("inbound");
        assertThat(leg.path("from").path("type").asText()).isEqualTo("phone");
        assertThat(leg.path("from").path("number").asText()).isEqualTo("14155550100");
        assertThat(leg.path("to").path("number").asText()).isEqualTo("442079460000");

        int calls = app.server.admin().get("/v1/calls").json().path("count").asInt();
        Sipp.run(app.server.sipPort(), "-sf", Sipp.scenario("unknown-domain.xml"), "-s", "442079469999")
                .succeeded(); // 404
        assertThat(app.server.admin().get("/v1/calls").json().path("count").asInt())
                .as("no trace of the unlinked number's call")
                .isEqualTo(calls);
        assertThat(app.answerRequests).isEmpty();
    }

    @Test
    void a_trunk_that_registers_keeps_its_registration_alive_with_the_carrier() throws Exception {
        Sipp.Callee registrar = Sipp.callee(false, "-sf", Sipp.scenario("registrar.xml"));
        app.cli(
                "trunk",
                "create",
                "--name",
                "registered",
                "--proxy",
                "sip:127.0.0.1:" + registrar.port,
                "--username",
                "parley-acct",
                "--password",
                "reg-secret",
                "--register",
                "--acl",
                "198.51.100.7");
        // challenged, accepted for 2 s, renewed after 1 s, challenged again, accepted for an hour
        registrar.finish().succeeded();
        Eventually.get(
                () -> app.server.admin().get("/metrics").text().contains("parley_sip_trunks_registered 1.0")
                        ? true
                        : null,
                Duration.ofSeconds(5));
        app.cli("trunk", "delete", "--name", "registered");
        Eventually.get(
                () -> app.server.admin().get("/metrics").text().contains("parley_sip_trunks_registered 0.0")
                        ? true
                        : null,
                Duration.ofSeconds(15));
    }

    @Test
    void trunks_and_numbers_are_checked_before_they_are_stored() {
        Cli.Result badProxy = app.cliResult("trunk", "create", "--name", "x", "--proxy", "http://carrier.example");
        assertThat(badProxy.exitCode()).isNotZero();
        assertThat(badProxy.err()).contains("proxy");
        Cli.Result registerWithoutAccount = app.cliResult(
                "trunk", "create", "--name", "y", "--proxy", "sip:127.0.0.1:5099", "--register", "--acl", "127.0.0.2");
        assertThat(registerWithoutAccount.exitCode()).isNotZero();
        assertThat(registerWithoutAccount.err()).contains("register");
        Cli.Result badFormat = app.cliResult(
                "trunk", "create", "--name", "z", "--proxy", "sip:127.0.0.1:5099", "--number-format", "words");
        assertThat(badFormat.exitCode()).isNotZero();
        assertThat(badFormat.err()).contains("number_format");
        Cli.Result duplicate = app.cliResult("trunk", "create", "--name", "inbound", "--proxy", "sip:127.0.0.1:9");
        assertThat(duplicate.exitCode()).isNotZero();
        assertThat(duplicate.err()).contains("already exists");

        Cli.Result notANumber =
                app.cliResult("number", "link", "--number", "call-me", "--application-id", app.server.applicationId());
        assertThat(notANumber.exitCode()).isNotZero();
        assertThat(notANumber.err()).contains("E.164");
        Cli.Result twice = app.cliResult(
                "number", "link", "--number", "442079460000", "--application-id", app.server.applicationId());
        assertThat(twice.exitCode()).isNotZero();
        assertThat(twice.err()).contains("linked already");
        Cli.Result noSuchTrunk = app.cliResult(
                "number",
                "link",
                "--number",
                "442079460001",
                "--application-id",
                app.server.applicationId(),
                "--trunk",
                "nowhere");
        assertThat(noSuchTrunk.exitCode()).isNotZero();
        assertThat(noSuchTrunk.err()).contains("no trunk");
        assertThat(app.cli("number", "list")).contains("442079460000");
        Cli.Result unlinkUnknown = app.cliResult("number", "unlink", "--number", "15550000000");
        assertThat(unlinkUnknown.exitCode()).isNotZero();
    }

    @Test
    void ringing_and_length_timers_end_phone_calls_and_random_from_number_picks_the_applications_number()
            throws Exception {
        // rings until the ringing timer: CANCEL, timeout
        Sipp.Callee ringer = Sipp.callee(false, "-sf", Sipp.scenario("callee-rings.xml"));
        app.cli(
                "trunk",
                "create",
                "--name",
                "ringer",
                "--proxy",
                "sip:127.0.0.1:" + ringer.port,
                "--number-format",
                "plus",
                "--acl",
                "192.0.2.11");
        app.cli(
                "number",
                "link",
                "--number",
                "15005550001",
                "--application-id",
                app.server.applicationId(),
                "--trunk",
                "ringer");
        var rings = app.server
                .admin()
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"phone\",\"number\":\"14155550123\"}],"
                                + "\"from\":{\"type\":\"phone\",\"number\":\"15005550001\"},\"ringing_timer\":2,"
                                + "\"event_url\":[\"" + app.url("/events") + "\"],"
                                + "\"ncco\":[{\"action\":\"talk\",\"text\":\"never heard\"}]}");
        assertThat(rings.status()).as(rings.text()).isEqualTo(201);
        assertThat(app.statusesUntil(rings.json().path("uuid").asText(), "timeout"))
                .containsSubsequence("ringing", "timeout");
        String invite = ringer.finish().succeeded().output();
        assertThat(invite)
                .as("a trunk with --number-format plus sends +E.164")
                .contains("INVITE sip:+14155550123@")
                .contains("From: <sip:+15005550001@");

        // another application with one number: random_from_number picks it, the call leaves through
        // its trunk and is hung up at its length timer
        Audio.RtpPort media = new Audio.RtpPort();
        Sipp.Callee answerer = Sipp.callee(
                false,
                "-sf",
                Sipp.scenario("carrier-answers-late.xml"),
                "-set",
                "rtpport",
                Integer.toString(media.port()));
        TestServer.Application other = app.server.createApplication("one-number");
        app.cli(
                "trunk",
                "create",
                "--name",
                "answerer",
                "--proxy",
                "sip:127.0.0.1:" + answerer.port,
                "--acl",
                "192.0.2.12");
        app.cli("number", "link", "--number", "15005550002", "--application-id", other.id(), "--trunk", "answerer");
        var timed = app.server
                .withToken(other.adminToken())
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"phone\",\"number\":\"14155550124\"}],\"random_from_number\":true,"
                                + "\"machine_detection\":\"continue\",\"length_timer\":2,\"event_url\":[\""
                                + app.url("/events") + "\"],"
                                + "\"ncco\":[{\"action\":\"conversation\",\"name\":\"until-the-timer\"}]}");
        assertThat(timed.status()).as(timed.text()).isEqualTo(201);
        String uuid = timed.json().path("uuid").asText();
        assertThat(app.statusesUntil(uuid, "completed"))
                .containsSubsequence("answered", "completed")
                .as("machine_detection is accepted, and no detection is faked")
                .doesNotContain("human", "machine");
        answerer.finish().succeeded(); // our BYE at the length timer
        media.close();
        JsonNode leg = app.server
                .withToken(other.adminToken())
                .get("/v1/calls/" + uuid)
                .json();
        assertThat(leg.path("from").path("number").asText()).isEqualTo("15005550002");
        assertThat(leg.path("duration").asInt()).isBetween(1, 3);

        var none = app.server
                .withToken(app.server.createApplication("no-numbers").adminToken())
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"phone\",\"number\":\"14155550125\"}],\"random_from_number\":true,"
                                + "\"ncco\":[{\"action\":\"talk\",\"text\":\"x\"}]}");
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.json().path("invalid_parameters").findValuesAsText("name"))
                .contains("random_from_number");
    }

    @Test
    void a_connect_to_a_phone_rings_back_to_the_caller_and_runs_its_on_answer_ncco_on_the_callee() throws Exception {
        byte[] ringback = Audio.toneWav(600, 5.0);
        byte[] greeting = Audio.toneWav(1_000, 1.0);
        app.route("/ringback.wav", exchange -> {
            exchange.sendResponseHeaders(200, ringback.length);
            exchange.getResponseBody().write(ringback);
            exchange.close();
        });
        app.route("/greeting.wav", exchange -> {
            exchange.sendResponseHeaders(200, greeting.length);
            exchange.getResponseBody().write(greeting);
            exchange.close();
        });
        app.route("/on-answer", exchange -> {
            byte[] ncco = ("[{\"action\":\"stream\",\"streamUrl\":[\"" + app.url("/greeting.wav") + "\"]}]")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ncco.length);
            exchange.getResponseBody().write(ncco);
            exchange.close();
        });
        Audio.RtpPort callerMedia = new Audio.RtpPort();
        Audio.RtpPort calleeMedia = new Audio.RtpPort();
        Sipp.Callee late = Sipp.callee(
                false,
                "-sf",
                Sipp.scenario("carrier-answers-late.xml"),
                "-set",
                "rtpport",
                Integer.toString(calleeMedia.port()));
        app.cli("trunk", "create", "--name", "late", "--proxy", "sip:127.0.0.1:" + late.port, "--acl", "192.0.2.13");
        app.cli(
                "number",
                "link",
                "--number",
                "15005550006",
                "--application-id",
                app.server.applicationId(),
                "--trunk",
                "late");
        String before = app.ncco;
        app.ncco = "[{\"action\":\"connect\",\"from\":\"15005550006\",\"ringbackTone\":\"" + app.url("/ringback.wav")
                + "\",\"endpoint\":[{\"type\":\"phone\",\"number\":\"14155550199\",\"onAnswer\":{\"url\":\""
                + app.url("/on-answer") + "\"}}]}]";
        try {
            Sipp.run(
                            app.server.sipPort(),
                            "-sf",
                            Sipp.scenario("carrier-calls-and-listens.xml"),
                            "-s",
                            "442079460000",
                            "-set",
                            "rtpport",
                            Integer.toString(callerMedia.port()))
                    .succeeded(); // 5 s, then the caller hangs up
        } finally {
            app.ncco = before;
        }
        late.finish().succeeded(); // rang 1.5 s, answered, then our BYE after the caller left
        short[] callerHeard = callerMedia.samples(0);
        short[] whileRinging = java.util.Arrays.copyOf(callerHeard, Math.min(callerHeard.length, 8_000));
        assertThat(Audio.power(whileRinging, 600))
                .as("the caller hears the ringback tone while the callee rings")
                .isGreaterThan(1_000 * Audio.power(whileRinging, 1_000));
        short[] calleeHeard = calleeMedia.samples(0);
        assertThat(Audio.power(calleeHeard, 1_000))
                .as("the callee hears the onAnswer NCCO's greeting, not the ringback")
                .isGreaterThan(1_000 * Audio.power(calleeHeard, 600));
        callerMedia.close();
        calleeMedia.close();
    }
}
