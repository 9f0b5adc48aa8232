package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.vonage.client.HttpConfig;
import com.vonage.client.VonageClient;
import com.vonage.client.voice.Call;
import com.vonage.client.voice.CallDirection;
import com.vonage.client.voice.CallEvent;
import com.vonage.client.voice.CallStatus;
import com.vonage.client.voice.SipEndpoint;
import com.vonage.client.voice.VoiceClient;
import com.vonage.client.voice.ncco.ConversationAction;
import com.vonage.client.voice.ncco.Ncco;
import com.vonage.client.voice.ncco.TalkAction;
import dev.parley.fixtures.Audio;
import dev.parley.fixtures.Cli;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.Sipp;
import dev.parley.fixtures.TestServer;
import dev.parley.voice.media.RtpPacket;
import dev.parley.voice.media.TelephoneEvent;
import dev.parley.wire.Json;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Calls Parley places, driven through the official Java SDK's VoiceClient against sipp as the callee:
 * createCall with an NCCO, a busy callee, and every in-call control (mute, earmuff, talk, stream, DTMF,
 * transfer, hangup) on a call in progress, heard at an RTP port of the test's own. The application's
 * event URL is a real local HTTP receiver.
 */
class OutboundCallTest {
    private static TestServer server;
    private static HttpServer app;
    private static VoiceClient voice;
    private static final LinkedBlockingQueue<JsonNode> callEvents = new LinkedBlockingQueue<>();
    private static byte[] tone;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("sipListen", "127.0.0.1:0"));
        tone = Audio.toneWav(1_000, 1.0);
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        app.createContext("/events", exchange -> {
            callEvents.add(Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        app.createContext("/tone.wav", exchange -> {
            exchange.sendResponseHeaders(200, tone.length);
            exchange.getResponseBody().write(tone);
            exchange.close();
        });
        app.createContext("/next", exchange -> {
            byte[] ncco = "[{\"action\":\"talk\",\"text\":\"goodbye\"}]".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ncco.length);
            exchange.getResponseBody().write(ncco);
            exchange.close();
        });
        app.start();
        voice = VonageClient.builder()
                .applicationId(server.applicationId())
                .privateKeyContents(Files.readString(server.dataDir().resolve("default-app.key")))
                .httpConfig(HttpConfig.builder().baseUri(server.baseUrl()).build())
                .build()
                .getVoiceClient();
    }

    @AfterAll
    static void stop() {
        app.stop(0);
        server.close();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + app.getAddress().getPort() + path;
    }

    /** The statuses the event URL received for {@code uuid}, waiting until {@code last} arrives. */
    private static List<String> statusesUntil(String uuid, String last) throws InterruptedException {
        List<String> statuses = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!statuses.contains(last)) {
            JsonNode event = callEvents.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(event).as("events so far for " + uuid + ": " + statuses).isNotNull();
            if (uuid.equals(event.path("uuid").asText()) && event.has("status")) {
                statuses.add(event.path("status").asText());
            }
        }
        return statuses;
    }

    @Test
    void the_sdk_places_a_call_that_runs_its_ncco_and_ends_after_it() throws Exception {
        Sipp.Callee callee = Sipp.callee(false, "-sf", Sipp.scenario("callee-answers.xml"));
        CallEvent created = voice.createCall(Call.builder()
                .to(new SipEndpoint("sip:bob@127.0.0.1:" + callee.port, Map.of("Team", "blue")))
                .from("447700900001")
                .eventUrl(url("/events"))
                .ncco(TalkAction.builder("Hello from Parley").build())
                .build());
        assertThat(created.getStatus()).isEqualTo(CallStatus.STARTED);
        assertThat(created.getDirection()).isEqualTo(CallDirection.OUTBOUND);
        assertThat(created.getConversationUuid()).startsWith("CON-");
        callee.finish().succeeded(); // it got the X-Team header, rang, answered and got our BYE
        assertThat(statusesUntil(created.getUuid(), "completed"))
                .containsExactly("started", "ringing", "answered", "completed");
        var details = voice.getCallDetails(created.getUuid());
        assertThat(details.getStatus()).isEqualTo(CallStatus.COMPLETED);
        assertThat(details.getDirection()).isEqualTo(CallDirection.OUTBOUND);
    }

    @Test
    void a_busy_callee_ends_the_call_busy() throws Exception {
        Sipp.Callee callee = Sipp.callee(false, "-sf", Sipp.scenario("callee-busy.xml"));
        CallEvent created = voice.createCall(Call.builder()
                .to(new SipEndpoint("sip:bob@127.0.0.1:" + callee.port))
                .from("447700900001")
                .eventUrl(url("/events"))
                .ncco(TalkAction.builder("never heard").build())
                .build());
        callee.finish().succeeded();
        assertThat(statusesUntil(created.getUuid(), "busy")).containsExactly("started", "busy");
        assertThat(voice.getCallDetails(created.getUuid()).getStatus()).isEqualTo(CallStatus.BUSY);
    }

    @Test
    void a_call_in_progress_takes_every_control_of_the_sdk() throws Exception {
        try (Audio.RtpPort peer = new Audio.RtpPort()) {
            Sipp.Callee callee = Sipp.callee(
                    false,
                    "-sf",
                    Sipp.scenario("callee-listens.xml"),
                    "-set",
                    "rtpport",
                    Integer.toString(peer.port()));
            CallEvent created = voice.createCall(Call.builder()
                    .to(new SipEndpoint("sip:carol@127.0.0.1:" + callee.port))
                    .from("447700900002")
                    .eventUrl(url("/events"))
                    .ncco(ConversationAction.builder("controls").build())
                    .build());
            String uuid = created.getUuid();
            assertThat(statusesUntil(uuid, "answered")).containsExactly("started", "ringing", "answered");

            voice.muteCall(uuid);
            voice.unmuteCall(uuid);
            voice.earmuffCall(uuid);
            voice.unearmuffCall(uuid);

            int before = peer.packets().size();
            assertThat(voice.startStream(uuid, url("/tone.wav"), 0).getMessage())
                    .isEqualTo("Stream started");
            Eventually.get(() -> peer.packets().size() > before + 40 ? true : null, Duration.ofSeconds(5));
            short[] streamed = peer.samples(before + 5);
            assertThat(Audio.power(streamed, 1_000))
                    .as("the streamed tone is heard")
                    .isGreaterThan(100 * Audio.power(streamed, 440));
            assertThat(voice.stopStream(uuid).getMessage()).isEqualTo("Stream stopped");

            assertThat(voice.startTalk(uuid, "Testing one two three").getMessage())
                    .isEqualTo("Talk started");
            assertThat(voice.stopTalk(uuid).getMessage()).isEqualTo("Talk stopped");

            assertThat(voice.sendDtmf(uuid, "19#").getMessage()).isEqualTo("DTMF sent");
            List<Character> keys = Eventually.get(
                    () -> {
                        List<Character> seen = peer.packets().stream()
                                .filter(p -> p.payloadType() == 101)
                                .filter(RtpPacket::marker)
                                .map(p -> TelephoneEvent.parse(p.payload())
                                        .flatMap(TelephoneEvent::key)
                                        .orElse('?'))
                                .toList();
                        return seen.size() == 3 ? seen : null;
                    },
                    Duration.ofSeconds(5));
            assertThat(keys).containsExactly('1', '9', '#');

            voice.transferCall(uuid, url("/next")); // talk "goodbye", then the call ends
            callee.finish().succeeded();
            assertThat(statusesUntil(uuid, "completed")).containsExactly("completed");
        }
    }

    @Test
    void a_transfer_to_an_inline_ncco_replaces_what_runs_and_bad_ones_are_refused() throws Exception {
        Sipp.Callee callee = Sipp.callee(false, "-sf", Sipp.scenario("callee-answers.xml"));
        CallEvent created = voice.createCall(Call.builder()
                .to(new SipEndpoint("sip:bob@127.0.0.1:" + callee.port, Map.of("Team", "blue")))
                .from("447700900003")
                .eventUrl(url("/events"))
                .ncco(ConversationAction.builder("waiting-room").build())
                .build());
        String uuid = created.getUuid();
        assertThat(statusesUntil(uuid, "answered")).containsExactly("started", "ringing", "answered");
        var bad = server.admin()
                .put(
                        "/v1/calls/" + uuid,
                        "{\"action\":\"transfer\",\"destination\":{\"type\":\"ncco\",\"ncco\":[{\"action\":\"dance\"}]}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("invalid_parameters").findValuesAsText("name"))
                .containsExactly("destination.ncco");
        voice.transferCall(uuid, new Ncco(TalkAction.builder("moving on").build()));
        callee.finish().succeeded(); // the talk ran instead of the conversation, then our BYE
        assertThat(statusesUntil(uuid, "completed")).containsExactly("completed");
    }

    @Test
    void terminate_call_hangs_up_a_call_in_progress_that_list_calls_finds() throws Exception {
        Sipp.Callee callee = Sipp.callee(false, "-sf", Sipp.scenario("callee-answers.xml"));
        CallEvent created = voice.createCall(Call.builder()
                .to(new SipEndpoint("sip:bob@127.0.0.1:" + callee.port, Map.of("Team", "blue")))
                .from("447700900005")
                .eventUrl(url("/events"))
                .ncco(ConversationAction.builder("terminated").build())
                .build());
        String uuid = created.getUuid();
        assertThat(statusesUntil(uuid, "answered")).containsExactly("started", "ringing", "answered");
        String room = Eventually.get(
                () -> { // once the NCCO's conversation action has moved the leg there
                    String in = voice.getCallDetails(uuid).getConversationUuid();
                    String name = server.admin()
                            .get("/v1/conversations/" + in)
                            .json()
                            .path("name")
                            .asText();
                    return name.equals("terminated") ? in : null;
                },
                Duration.ofSeconds(10));
        var inRoom = voice.listCalls(com.vonage.client.voice.CallsFilter.builder()
                .conversationUuid(room)
                .build());
        assertThat(inRoom.getCallInfos())
                .extracting(com.vonage.client.voice.CallInfo::getUuid)
                .containsExactly(uuid);
        voice.terminateCall(uuid);
        callee.finish().succeeded(); // our BYE, answered
        assertThat(statusesUntil(uuid, "completed")).containsExactly("completed");
        assertThatThrownBy(() -> voice.terminateCall(uuid))
                .isInstanceOf(com.vonage.client.voice.VoiceResponseException.class)
                .hasMessageContaining("already ended");
    }

    @Test
    void ncco_record_runs_and_transfer_moves_the_leg_into_an_existing_conversation() throws Exception {
        String target = server.admin()
                .post("/v1/conversations", "{\"name\":\"transfer-target\"}")
                .json()
                .path("id")
                .asText();
        Sipp.Callee callee = Sipp.callee(false, "-sf", Sipp.scenario("callee-answers.xml"));
        var created = server.admin()
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"sip\",\"uri\":\"sip:bob@127.0.0.1:" + callee.port
                                + "\",\"headers\":{\"Team\":\"blue\"}}],"
                                + "\"event_url\":[\"" + url("/events") + "\"],"
                                + "\"ncco\":[{\"action\":\"record\"},"
                                + "{\"action\":\"transfer\",\"conversationId\":\"CON-00000000-0000-4000-8000-000000000000\"},"
                                + "{\"action\":\"transfer\",\"conversationId\":\"" + target + "\"}]}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String uuid = created.json().path("uuid").asText();
        List<String> reasons = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (reasons.isEmpty()) {
            JsonNode event = callEvents.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(event).as("error events so far: " + reasons).isNotNull();
            if (uuid.equals(event.path("uuid").asText()) && event.has("reason")) {
                reasons.add(event.path("reason").asText());
            }
        }
        assertThat(reasons.get(0))
                .as("the record runs (no error), the unknown conversation is reported")
                .startsWith("transfer: no conversation CON-00000000");
        JsonNode moved = Eventually.get(
                () -> {
                    JsonNode call = server.admin().get("/v1/calls/" + uuid).json();
                    return call.path("conversation_uuid").asText().equals(target) ? call : null;
                },
                Duration.ofSeconds(10));
        assertThat(moved.path("status").asText()).isEqualTo("answered");
        JsonNode members =
                server.admin().get("/v1/conversations/" + target + "/members").json();
        assertThat(members.path("_embedded").path("members").findValuesAsText("name"))
                .containsExactly("sip:bob@127.0.0.1:" + callee.port);
        voice.terminateCall(uuid); // the transferred leg stays in the conversation until hung up
        callee.finish().succeeded();
    }

    @Test
    void a_pbx_that_challenges_is_answered_with_the_applications_credentials_for_its_host() throws Exception {
        Path password = Files.createTempFile("parley-sip", ".secret");
        Files.writeString(password, "s3cret\n");
        List<String> args = new ArrayList<>(List.of(
                "sip-credential",
                "set",
                "--application-id",
                server.applicationId(),
                "--host",
                "127.0.0.1",
                "--username",
                "alice",
                "--password-file",
                password.toString()));
        args.addAll(server.storeArgs());
        Cli.Result set = Cli.run(args.toArray(String[]::new));
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("alice").doesNotContain("s3cret");

        Sipp.Callee callee = Sipp.callee(false, "-sf", Sipp.scenario("callee-challenges.xml"));
        CallEvent created = voice.createCall(Call.builder()
                .to(new SipEndpoint("sip:bob@127.0.0.1:" + callee.port))
                .from("447700900004")
                .eventUrl(url("/events"))
                .ncco(TalkAction.builder("authenticated").build())
                .build());
        callee.finish().succeeded(); // 401, our answer verified by sipp, answered (no 180), then our BYE
        assertThat(statusesUntil(created.getUuid(), "completed")).containsExactly("started", "answered", "completed");
    }

    @Test
    void bad_create_requests_get_the_reasons_and_no_call() {
        var noTarget = server.admin().post("/v1/calls", "{\"ncco\":[{\"action\":\"talk\",\"text\":\"x\"}]}");
        assertThat(noTarget.status()).isEqualTo(400);
        assertThat(noTarget.json().path("invalid_parameters").findValuesAsText("name"))
                .containsExactly("to");
        var badNcco = server.admin()
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"sip\",\"uri\":\"sip:x@127.0.0.1\"}],\"ncco\":[{\"action\":\"talk\"}],"
                                + "\"ringing_timer\":500}");
        assertThat(badNcco.status()).isEqualTo(400);
        assertThat(badNcco.json().path("invalid_parameters").findValuesAsText("name"))
                .containsExactly("ringing_timer");
        var badAction = server.admin()
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"sip\",\"uri\":\"sip:x@127.0.0.1\"}],\"ncco\":[{\"action\":\"talk\"}]}");
        assertThat(badAction.status()).isEqualTo(400);
        assertThat(badAction.json().path("invalid_parameters").findValuesAsText("name"))
                .containsExactly("ncco");
        assertThat(badAction
                        .json()
                        .path("invalid_parameters")
                        .findValuesAsText("reason")
                        .getFirst())
                .contains("text");
        var phone = server.admin()
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"phone\",\"number\":\"447700900000\"}],"
                                + "\"ncco\":[{\"action\":\"talk\",\"text\":\"x\"}]}");
        assertThat(phone.status()).isEqualTo(400);
        assertThat(phone.json().path("code").asText()).isEqualTo("call:error:action-not-supported");
    }
}
