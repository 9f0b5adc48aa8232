package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.fixtures.Audio;
import dev.parley.fixtures.Cli;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.Sipp;
import dev.parley.fixtures.TestServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A SIP call from sipp into a running Parley: routed by the SIP domain table to the application, its
 * answer URL asked (with the caller's X- header), the NCCO's {@code conversation} run, the leg recorded
 * from {@code started} to {@code completed} and readable at {@code /v1/calls}. A call to an unknown
 * domain is refused with 404 and leaves nothing behind.
 */
class InboundSipCallTest {
    private static TestServer server;
    private static HttpServer app;
    private static final LinkedBlockingQueue<Map<String, String>> answerRequests = new LinkedBlockingQueue<>();
    /** What the NCCO's input action sent to its event URL. */
    private static final LinkedBlockingQueue<JsonNode> inputResults = new LinkedBlockingQueue<>();
    /** What a synchronous connect's event URL received. */
    private static final LinkedBlockingQueue<JsonNode> connectEvents = new LinkedBlockingQueue<>();
    /** Call events as the application's voice event URL received them: body, and its Authorization. */
    private static final LinkedBlockingQueue<JsonNode> callEvents = new LinkedBlockingQueue<>();

    private static volatile byte[] tone = new byte[0];
    /** While set, the answer URL waits for it before answering. */
    private static volatile java.util.concurrent.CountDownLatch answerGate;

    private static volatile String ncco = "[{\"action\":\"conversation\",\"name\":\"room1\"}]";

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("sipListen", "127.0.0.1:0"));
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        app.createContext("/answer", exchange -> {
            answerRequests.add(query(exchange.getRequestURI().getRawQuery()));
            java.util.concurrent.CountDownLatch gate = answerGate;
            if (gate != null) { // a test holds the answer back, so the call is still ringing
                try {
                    gate.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = ncco.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        app.createContext("/connect-events", exchange -> {
            JsonNode body = dev.parley.wire.Json.parse(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            connectEvents.add(body);
            byte[] next = body.path("status").asText().equals("busy")
                    ? "[{\"action\":\"conversation\",\"name\":\"after-busy\"}]".getBytes(StandardCharsets.UTF_8)
                    : new byte[0];
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, next.length == 0 ? -1 : next.length);
            if (next.length > 0) {
                exchange.getResponseBody().write(next);
            }
            exchange.close();
        });
        app.createContext("/input", exchange -> {
            inputResults.add(dev.parley.wire.Json.parse(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] next = "[{\"action\":\"conversation\",\"name\":\"after-input\"}]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, next.length);
            exchange.getResponseBody().write(next);
            exchange.close();
        });
        app.createContext("/tone.wav", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(200, tone.length);
            exchange.getResponseBody().write(tone);
            exchange.close();
        });
        app.createContext("/events", exchange -> {
            JsonNode body = dev.parley.wire.Json.parse(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ((com.fasterxml.jackson.databind.node.ObjectNode) body)
                    .put("_authorization", exchange.getRequestHeaders().getFirst("Authorization"));
            callEvents.add(body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        app.start();
        cli(
                "app",
                "update",
                "--id",
                server.applicationId(),
                "--answer-url",
                "http://127.0.0.1:" + app.getAddress().getPort() + "/answer",
                "--voice-event-url",
                "http://127.0.0.1:" + app.getAddress().getPort() + "/events",
                "--rotate-secret");
        cli(
                "sip-domain",
                "create",
                "--name",
                "127.0.0.1",
                "--application-id",
                server.applicationId(),
                "--acl",
                "127.0.0.0/8");
    }

    private static void cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(server.storeArgs());
        Cli.Result r = Cli.run(all.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            params.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    @AfterAll
    static void stop() {
        app.stop(0);
        server.close();
    }

    @Test
    void a_percent_escaped_user_part_reaches_the_answer_url_decoded() throws Exception {
        answerRequests.clear();
        // sip:room%31@... is sip:room1@... (RFC 3261 §19.1.4): the webhook names what was dialled
        Sipp.run(server.sipPort(), "-sf", Sipp.scenario("caller.xml"), "-s", "room%31")
                .succeeded();
        Map<String, String> asked = answerRequests.poll(10, TimeUnit.SECONDS);
        assertThat(asked).isNotNull();
        assertThat(asked.get("to")).isEqualTo("room1");
    }

    @Test
    void a_sip_call_reaches_the_answer_url_joins_the_named_conversation_and_is_recorded_to_the_end() throws Exception {
        Sipp.run(server.sipPort(), "-sf", Sipp.scenario("caller.xml"), "-s", "room1")
                .succeeded();

        Map<String, String> asked = answerRequests.poll(10, TimeUnit.SECONDS);
        assertThat(asked).isNotNull();
        assertThat(asked.get("to")).isEqualTo("room1");
        assertThat(asked.get("from")).isEqualTo("sipp");
        assertThat(asked.get("SipHeader_X-UserId")).isEqualTo("1938ND9");
        String uuid = asked.get("uuid");
        assertThat(UUID.fromString(uuid).toString()).isEqualTo(uuid);
        assertThat(asked.get("conversation_uuid")).startsWith("CON-");

        JsonNode call = Eventually.get(
                () -> {
                    JsonNode c = server.admin().get("/v1/calls/" + uuid).json();
                    return c.path("status").asText().equals("completed") ? c : null;
                },
                Duration.ofSeconds(10));
        assertThat(call.path("direction").asText()).isEqualTo("inbound");
        assertThat(call.path("from").path("uri").asText()).startsWith("sip:sipp@");
        assertThat(call.path("duration").asText()).isNotEmpty();

        List<JsonNode> events = new ArrayList<>();
        JsonNode transfer = null;
        while (events.size() < 4) {
            JsonNode event = callEvents.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("call events so far: %s", events).isNotNull();
            if (event.path("uuid").asText().equals(uuid) && event.has("from")) { // status events of this call
                events.add(event);
            } else if (event.path("uuid").asText().equals(uuid) && event.has("conversation_uuid_to")) {
                transfer = event;
            }
        }
        assertThat(events)
                .extracting(e -> e.path("status").asText())
                .containsExactly("started", "ringing", "answered", "completed");
        for (JsonNode event : events) {
            assertThat(event.path("uuid").asText()).isEqualTo(uuid);
            assertThat(event.path("direction").asText()).isEqualTo("inbound");
            assertThat(event.path("from").asText()).startsWith("sip:sipp@");
            assertThat(event.path("timestamp").asText()).endsWith("Z");
            assertThat(event.path("_authorization").asText()).as("signed").startsWith("Bearer ");
        }
        JsonNode completedEvent = events.get(3);
        assertThat(completedEvent.path("conversation_uuid").asText())
                .isEqualTo(call.path("conversation_uuid").asText());
        assertThat(completedEvent.has("start_time")).isTrue();
        assertThat(completedEvent.has("end_time")).isTrue();
        assertThat(completedEvent.path("duration").asText())
                .isEqualTo(call.path("duration").asText());

        String room = call.path("conversation_uuid").asText();
        assertThat(room).isNotEqualTo(asked.get("conversation_uuid")).as("moved into the named conversation");
        assertThat(transfer).as("the transfer event, before completed").isNotNull();
        assertThat(transfer.path("conversation_uuid_from").asText()).isEqualTo(asked.get("conversation_uuid"));
        assertThat(transfer.path("conversation_uuid_to").asText()).isEqualTo(room);
        assertThat(server.admin()
                        .get("/v1/conversations/" + room)
                        .json()
                        .path("name")
                        .asText())
                .isEqualTo("room1");
        JsonNode roomEvents = server.admin()
                .get("/v1/conversations/" + room + "/events?event_type=leg:status:update")
                .json();
        assertThat(statuses(roomEvents)).endsWith("completed");
        JsonNode history =
                roomEvents.path("_embedded").findValues("statusHistory").getLast();
        assertThat(history.findValuesAsText("status")).containsExactly("started", "ringing", "answered", "completed");
        JsonNode hangups = server.admin()
                .get("/v1/conversations/" + room + "/events?event_type=sip:hangup")
                .json();
        assertThat(hangups.path("_embedded")).hasSize(1);
        JsonNode hangup = hangups.path("_embedded").get(0).path("body");
        assertThat(hangup.path("direction").asText()).isEqualTo("inbound");
        assertThat(hangup.path("reason").path("code").asText()).isEqualTo("16");
        assertThat(hangup.path("bandwidth").has("byte_in")).isTrue();
        JsonNode first = server.admin()
                .get("/v1/conversations/" + asked.get("conversation_uuid") + "/events")
                .json();
        List<String> types = new ArrayList<>();
        first.path("_embedded").forEach(e -> types.add(e.path("type").asText()));
        assertThat(types)
                .containsSubsequence(
                        "member:joined",
                        "leg:status:update",
                        "sip:ringing",
                        "leg:status:update",
                        "sip:answered",
                        "member:left");

        // the leg is a member of the room: joined with its channel, its events, then left
        List<String> story = new ArrayList<>();
        JsonNode joined = null;
        for (JsonNode e : server.admin()
                .get("/v1/conversations/" + room + "/events?page_size=100")
                .json()
                .path("_embedded")) {
            JsonNode body = e.path("body");
            if (uuid.equals(body.path("leg_id").asText())
                    || uuid.equals(body.path("channel").path("leg_id").asText())) {
                story.add(e.path("type").asText());
                if (e.path("type").asText().equals("member:joined")) {
                    joined = body;
                }
            }
        }
        assertThat(story).first().isEqualTo("member:joined");
        assertThat(story).last().isEqualTo("member:left");
        assertThat(story).containsSubsequence("member:joined", "leg:status:update", "member:left");
        assertThat(joined.path("channel").path("type").asText()).isEqualTo("sip");
        assertThat(joined.path("channel").path("from").path("uri").asText()).startsWith("sip:sipp@");
        assertThat(joined.path("user").path("name").asText()).startsWith("sip:sipp@");
        assertThat(joined.path("media").path("audio").asBoolean()).isTrue();
        String memberId = joined.path("member_id").asText();
        JsonNode member = server.admin()
                .get("/v1/conversations/" + room + "/members/" + memberId)
                .json();
        assertThat(member.path("state").asText()).isEqualTo("LEFT");
        assertThat(member.path("channel").path("leg_id").asText()).isEqualTo(uuid);
        assertThat(statuses(first)).containsExactly("started", "ringing", "answered");
    }

    @Test
    void a_client_sdk_user_in_the_conversation_sees_the_call_leg_join_and_leave() throws Exception {
        String name = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        String userId = server.admin()
                .post("/v1/users", "{\"name\":\"" + name + "\"}")
                .json()
                .path("id")
                .asText();
        String roomName = "agents-" + name;
        String roomId = server.admin()
                .post("/v1/conversations", "{\"name\":\"" + roomName + "\"}")
                .json()
                .path("id")
                .asText();
        assertThat(server.admin()
                        .post(
                                "/v1/conversations/" + roomId + "/members",
                                "{\"state\":\"joined\",\"user\":{\"id\":\"" + userId
                                        + "\"},\"channel\":{\"type\":\"app\"}}")
                        .status())
                .isEqualTo(201);
        try (dev.parley.fixtures.RtcClient client =
                dev.parley.fixtures.RtcClient.connect(server.baseUrl(), server.userToken(name))) {
            client.login();
            ncco = "[{\"action\":\"conversation\",\"name\":\"" + roomName + "\"}]";
            try {
                Sipp.run(server.sipPort(), "-sf", Sipp.scenario("caller.xml"), "-s", "agents")
                        .succeeded();
            } finally {
                ncco = "[{\"action\":\"conversation\",\"name\":\"room1\"}]";
            }
            Map<String, String> asked = answerRequests.poll(10, TimeUnit.SECONDS); // taken, for the next test
            assertThat(asked).isNotNull();
            var joined = client.await(p -> p.name().equals("member:joined")
                    && p.payload().at("/body/channel/type").asText().equals("sip"));
            String leg = joined.payload().at("/body/channel/leg_id").asText();
            assertThat(leg).isEqualTo(asked.get("uuid"));
            assertThat(joined.payload().path("cid").asText()).isEqualTo(roomId);
            client.await(p -> p.name().equals("leg:status:update")
                    && p.payload().at("/body/leg_id").asText().equals(leg));
            var left = client.await(p -> p.name().equals("member:left")
                    && p.payload().at("/body/channel/leg_id").asText().equals(leg));
            assertThat(left.payload().at("/body/member_id").asText())
                    .isEqualTo(joined.payload().at("/body/member_id").asText());
        }
    }

    /** Each listed leg:status:update event's own status, in order. */
    private static List<String> statuses(JsonNode page) {
        List<String> statuses = new ArrayList<>();
        for (JsonNode event : page.path("_embedded")) { // v1 lists events as an array under _embedded
            if (event.path("type").asText().equals("leg:status:update")) {
                statuses.add(event.path("body").path("status").asText());
            }
        }
        return statuses;
    }

    @Test
    void a_call_in_progress_is_muted_earmuffed_and_hung_up_by_put() throws Exception {
        var caller = Sipp.runInBackground(server.sipPort(), "-sf", Sipp.scenario("parley-hangs-up.xml"), "-s", "room2");
        Map<String, String> asked = answerRequests.poll(10, TimeUnit.SECONDS);
        assertThat(asked).isNotNull();
        String uuid = asked.get("uuid");
        Eventually.get(
                () -> server.admin()
                                .get("/v1/calls/" + uuid)
                                .json()
                                .path("status")
                                .asText()
                                .equals("answered")
                        ? true
                        : null,
                Duration.ofSeconds(10));
        // and its NCCO has moved it into room1, where its audio events are then written
        Eventually.get(
                () -> {
                    String in = server.admin()
                            .get("/v1/calls/" + uuid)
                            .json()
                            .path("conversation_uuid")
                            .asText();
                    return server.admin()
                                    .get("/v1/conversations/" + in)
                                    .json()
                                    .path("name")
                                    .asText()
                                    .equals("room1")
                            ? true
                            : null;
                },
                Duration.ofSeconds(10));

        for (String action : List.of("mute", "unmute", "earmuff", "unearmuff")) {
            assertThat(server.admin()
                            .put("/v1/calls/" + uuid, "{\"action\":\"" + action + "\"}")
                            .status())
                    .as(action)
                    .isEqualTo(204);
        }
        // each change is an audio event from the leg's member, and its media (member:media)
        String room = server.admin()
                .get("/v1/calls/" + uuid)
                .json()
                .path("conversation_uuid")
                .asText();
        List<String> audio = new ArrayList<>();
        JsonNode firstMedia = null;
        boolean muted = false;
        for (JsonNode e : server.admin()
                .get("/v1/conversations/" + room + "/events?page_size=100")
                .json()
                .path("_embedded")) {
            String type = e.path("type").asText();
            muted |= type.equals("audio:mute:on");
            if (type.startsWith("audio:mute") || type.startsWith("audio:earmuff") || type.equals("member:media")) {
                if (type.equals("member:media") && firstMedia == null && muted) { // the answer's came before
                    firstMedia = e;
                }
                if (!type.equals("member:media")
                        || e.path("body")
                                .path("channel")
                                .path("leg_id")
                                .asText()
                                .equals(uuid)) {
                    audio.add(type);
                }
            }
        }
        assertThat(audio)
                .containsSubsequence(
                        "audio:mute:on",
                        "member:media",
                        "audio:mute:off",
                        "member:media",
                        "audio:earmuff:on",
                        "member:media",
                        "audio:earmuff:off",
                        "member:media");
        assertThat(firstMedia.at("/body/media/audio_settings/muted").asBoolean())
                .isTrue();
        assertThat(firstMedia.path("from").asText()).startsWith("MEM-");

        var dance = server.admin().put("/v1/calls/" + uuid, "{\"action\":\"dance\"}");
        assertThat(dance.status()).isEqualTo(400);
        assertThat(dance.json().path("invalid_parameters").findValuesAsText("name"))
                .containsExactly("action");

        assertThat(server.admin()
                        .put("/v1/calls/" + uuid, "{\"action\":\"hangup\"}")
                        .status())
                .isEqualTo(204);
        caller.get(60, TimeUnit.SECONDS).succeeded(); // the caller got our BYE and answered it
        // the end is recorded when the BYE's answer is read, which may be just after sipp exits
        Eventually.get(
                () -> server.admin()
                                .get("/v1/calls/" + uuid)
                                .json()
                                .path("status")
                                .asText()
                                .equals("completed")
                        ? true
                        : null,
                Duration.ofSeconds(10));
        var again = server.admin().put("/v1/calls/" + uuid, "{\"action\":\"hangup\"}");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().path("code").asText()).isEqualTo("call:error:not-active");
        assertThat(server.admin()
                        .put("/v1/calls/" + UUID.randomUUID(), "{\"action\":\"hangup\"}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void a_key_pressed_in_the_call_reaches_the_input_action_and_its_answer_runs_next() throws Exception {
        ncco = "[{\"action\":\"input\",\"type\":[\"dtmf\"],\"dtmf\":{\"maxDigits\":1,\"timeOut\":5},"
                + "\"eventUrl\":[\"http://127.0.0.1:" + app.getAddress().getPort() + "/input\"]}]";
        try {
            Sipp.run(server.sipPort(), "-sf", Sipp.scenario("caller-dtmf.xml"), "-s", "ivr")
                    .succeeded();
        } finally {
            ncco = "[{\"action\":\"conversation\",\"name\":\"room1\"}]";
        }
        Map<String, String> asked = answerRequests.poll(10, TimeUnit.SECONDS);
        assertThat(asked).isNotNull();
        JsonNode result = inputResults.poll(10, TimeUnit.SECONDS);
        assertThat(result).as("the input's result").isNotNull();
        assertThat(result.path("dtmf").path("digits").asText()).isEqualTo("5");
        assertThat(result.path("dtmf").path("timed_out").asBoolean()).isFalse();
        assertThat(result.path("uuid").asText()).isEqualTo(asked.get("uuid"));

        JsonNode call = Eventually.get(
                () -> {
                    JsonNode c =
                            server.admin().get("/v1/calls/" + asked.get("uuid")).json();
                    return c.path("status").asText().equals("completed") ? c : null;
                },
                Duration.ofSeconds(10));
        String after = call.path("conversation_uuid").asText();
        assertThat(server.admin()
                        .get("/v1/conversations/" + after)
                        .json()
                        .path("name")
                        .asText())
                .as("the NCCO the input's event URL answered ran")
                .isEqualTo("after-input");
        JsonNode dtmf = server.admin()
                .get("/v1/conversations/" + asked.get("conversation_uuid") + "/events?event_type=audio:dtmf")
                .json();
        assertThat(dtmf.path("_embedded").findValuesAsText("digit")).containsExactly("5");
    }

    /** What a caller heard: the RTP packets that reached its port, and when each arrived. */
    private record Heard(List<dev.parley.voice.media.RtpPacket> packets, List<Long> arrivals) {
        short[] samples() {
            short[] all = new short[packets.size() * 160];
            int n = 0;
            for (var packet : packets) {
                for (byte b : packet.payload()) {
                    all[n++] = dev.parley.voice.media.G711.ulawToLinear(b);
                }
            }
            return java.util.Arrays.copyOf(all, n);
        }
    }

    /** Collects the RTP packets reaching {@code media} (and when each came) until the socket closes. */
    private static Thread listen(
            java.net.DatagramSocket media, List<dev.parley.voice.media.RtpPacket> heard, List<Long> arrivals)
            throws java.net.SocketException {
        media.setSoTimeout(200);
        return Thread.ofVirtual().start(() -> {
            byte[] buffer = new byte[2048];
            while (!media.isClosed()) {
                try {
                    var packet = new java.net.DatagramPacket(buffer, buffer.length);
                    media.receive(packet);
                    arrivals.add(System.nanoTime());
                    dev.parley.voice.media.RtpPacket.parse(packet.getData(), packet.getLength())
                            .ifPresent(heard::add);
                } catch (java.net.SocketTimeoutException e) {
                    // keep listening until the socket closes
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });
    }

    /** Calls in with {@code nccoForCall} answered, the caller's audio going to a port of the test's own. */
    private static Heard callAndListen(String nccoForCall) throws Exception {
        ncco = nccoForCall;
        List<dev.parley.voice.media.RtpPacket> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Long> arrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (java.net.DatagramSocket media =
                new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            Thread listener = listen(media, heard, arrivals);
            try {
                Sipp.run(
                                server.sipPort(),
                                "-sf",
                                Sipp.scenario("caller-listens.xml"),
                                "-s",
                                "listener",
                                "-set",
                                "rtpport",
                                Integer.toString(media.getLocalPort()))
                        .succeeded(); // ends when Parley's BYE comes, after the last action
            } finally {
                ncco = "[{\"action\":\"conversation\",\"name\":\"room1\"}]";
            }
            media.close();
            listener.join();
        }
        assertThat(answerRequests.poll(10, TimeUnit.SECONDS)).isNotNull();
        return new Heard(heard, arrivals);
    }

    @Test
    void talk_speaks_to_the_caller_as_paced_g711_rtp_and_the_call_ends_after_it() throws Exception {
        Heard heard = callAndListen(
                "[{\"action\":\"talk\",\"text\":\"Welcome to Parley. This call is recorded by nobody.\"}]");
        List<dev.parley.voice.media.RtpPacket> packets = heard.packets();
        assertThat(packets.size()).as("about 3 s of speech, 50 frames a second").isGreaterThan(100);
        for (int i = 0; i < packets.size(); i++) {
            var packet = packets.get(i);
            assertThat(packet.payloadType()).isZero(); // the caller's first choice: PCMU
            assertThat(packet.payload()).hasSize(160); // 20 ms at 8 kHz
            if (i > 0) {
                assertThat(dev.parley.voice.media.RtpPacket.sequenceDistance(
                                packets.get(i - 1).sequence(), packet.sequence()))
                        .isEqualTo(1);
                assertThat((packet.timestamp() - packets.get(i - 1).timestamp()) & 0xFFFFFFFFL)
                        .isEqualTo(160);
            }
        }
        short[] samples = heard.samples();
        double sumSquares = 0;
        for (short s : samples) {
            sumSquares += (double) s * s;
        }
        assertThat(Math.sqrt(sumSquares / samples.length))
                .as("speech, not silence (RMS)")
                .isGreaterThan(500);
        double seconds = (heard.arrivals().getLast() - heard.arrivals().getFirst()) / 1e9;
        assertThat(seconds / (packets.size() - 1)).as("paced at 20 ms a frame").isBetween(0.017, 0.025);
    }

    @Test
    void stream_plays_a_wav_by_url_and_the_caller_hears_its_tone() throws Exception {
        tone = Audio.toneWav(1_000, 1.5);
        Heard heard = callAndListen("[{\"action\":\"stream\",\"streamUrl\":[\"http://127.0.0.1:"
                + app.getAddress().getPort() + "/tone.wav\"]}]");
        assertThat(heard.packets().size()).as("1.5 s of audio").isBetween(70, 80);
        short[] samples = heard.samples();
        assertThat(Audio.power(samples, 1_000)).as("the tone is heard").isGreaterThan(100 * Audio.power(samples, 440));
    }

    /** Writes a scenario of src/test/resources/sipp with its {@code @NAME@} placeholders filled in. */
    private static String scenarioWith(String name, Map<String, String> values) throws java.io.IOException {
        String text = java.nio.file.Files.readString(java.nio.file.Path.of(Sipp.scenario(name)));
        for (var entry : values.entrySet()) {
            text = text.replace("@" + entry.getKey() + "@", entry.getValue());
        }
        java.nio.file.Path file = java.nio.file.Files.createTempFile("parley-scenario", ".xml");
        java.nio.file.Files.writeString(file, text);
        return file.toString();
    }

    @Test
    void two_callers_in_one_conversation_hear_each_other() throws Exception {
        ncco = "[{\"action\":\"conversation\",\"name\":\"bridge\"}]";
        // Caller A streams a 1 kHz tone (8 kHz μ-law WAV, as sipp plays it); caller B's audio comes here.
        int rate = 8_000;
        byte[] pcm = new byte[rate * 4 * 2];
        for (int i = 0; i < pcm.length / 2; i++) {
            short s = (short) (10_000 * Math.sin(2 * Math.PI * 1_000 * i / rate));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        var linear = new javax.sound.sampled.AudioInputStream(
                new java.io.ByteArrayInputStream(pcm),
                new javax.sound.sampled.AudioFormat(rate, 16, 1, true, false),
                pcm.length / 2);
        var ulaw = javax.sound.sampled.AudioSystem.getAudioInputStream(
                javax.sound.sampled.AudioFormat.Encoding.ULAW, linear);
        java.nio.file.Path toneFile = java.nio.file.Files.createTempFile("parley-tone", ".wav");
        javax.sound.sampled.AudioSystem.write(ulaw, javax.sound.sampled.AudioFileFormat.Type.WAVE, toneFile.toFile());

        List<dev.parley.voice.media.RtpPacket> heardByB = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (java.net.DatagramSocket media =
                new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            Thread listener = listen(media, heardByB, new java.util.concurrent.CopyOnWriteArrayList<>());
            var callerB = Sipp.runInBackground(
                    server.sipPort(),
                    "-sf",
                    scenarioWith("listener-hangs-up.xml", Map.of("RTPPORT", Integer.toString(media.getLocalPort()))),
                    "-s",
                    "bridge");
            String legB = answerRequests.poll(10, TimeUnit.SECONDS).get("uuid");
            Eventually.get(
                    () -> server.admin()
                                    .get("/v1/calls/" + legB)
                                    .json()
                                    .path("status")
                                    .asText()
                                    .equals("answered")
                            ? true
                            : null,
                    Duration.ofSeconds(10));
            Sipp.run(
                            server.sipPort(),
                            "-sf",
                            scenarioWith("talker.xml", Map.of("TONE", toneFile.toString())),
                            "-s",
                            "bridge")
                    .succeeded();
            callerB.get(30, TimeUnit.SECONDS).succeeded();
            assertThat(answerRequests.poll(10, TimeUnit.SECONDS)).isNotNull(); // caller A's
            media.close();
            listener.join();
        } finally {
            ncco = "[{\"action\":\"conversation\",\"name\":\"room1\"}]";
        }
        String metrics = server.admin().get("/metrics").text();
        assertThat(metrics).contains("parley_voice_mixer_ticks_total").contains("parley_voice_mixer_late_ticks_total");
        short[] samples = new Heard(heardByB, List.of()).samples();
        assertThat(heardByB.size()).as("B is sent the mix every 20 ms").isGreaterThan(100);
        assertThat(Audio.power(samples, 1_000)).as("B hears A's tone").isGreaterThan(100 * Audio.power(samples, 440));
    }

    @Test
    void connect_rings_a_sip_callee_into_the_callers_conversation_until_the_caller_hangs_up() throws Exception {
        Sipp.Callee callee = Sipp.callee(false, "-sf", Sipp.scenario("callee-answers.xml"));
        ncco = "[{\"action\":\"connect\",\"endpoint\":[{\"type\":\"sip\",\"uri\":\"sip:dave@127.0.0.1:" + callee.port
                + "\",\"headers\":{\"Team\":\"blue\"}}]}]";
        try {
            Sipp.run(server.sipPort(), "-sf", Sipp.scenario("caller.xml"), "-s", "reception")
                    .succeeded(); // a second of call, then the caller's BYE
        } finally {
            ncco = "[{\"action\":\"conversation\",\"name\":\"room1\"}]";
        }
        callee.finish().succeeded(); // rang, answered with the X-Team header seen, then got our BYE
        Map<String, String> asked = answerRequests.poll(10, TimeUnit.SECONDS);
        assertThat(asked).isNotNull();
        String conversation = asked.get("conversation_uuid");
        JsonNode legs = Eventually.get(
                () -> {
                    JsonNode page = server.admin()
                            .get("/v1/calls?conversation_uuid=" + conversation)
                            .json();
                    return page.path("_embedded")
                                    .path("calls")
                                    .findValuesAsText("status")
                                    .equals(List.of("completed", "completed"))
                            ? page
                            : null;
                },
                Duration.ofSeconds(15));
        assertThat(legs.path("_embedded").path("calls").findValuesAsText("direction"))
                .containsExactly("inbound", "outbound");
        assertThat(legs.path("_embedded")
                        .path("calls")
                        .get(1)
                        .path("to")
                        .path("uri")
                        .asText())
                .isEqualTo("sip:dave@127.0.0.1:" + callee.port);
    }

    @Test
    void a_synchronous_connect_that_fails_asks_its_event_url_once_and_runs_the_ncco_it_answers() throws Exception {
        Sipp.Callee callee = Sipp.callee(false, "-sf", Sipp.scenario("callee-busy.xml"));
        ncco = "[{\"action\":\"connect\",\"eventType\":\"synchronous\",\"eventUrl\":[\"http://127.0.0.1:"
                + app.getAddress().getPort() + "/connect-events\"],\"endpoint\":[{\"type\":\"sip\",\"uri\":"
                + "\"sip:busy@127.0.0.1:" + callee.port + "\"}]}]";
        try {
            Sipp.run(server.sipPort(), "-sf", Sipp.scenario("caller.xml"), "-s", "sync")
                    .succeeded();
        } finally {
            ncco = "[{\"action\":\"conversation\",\"name\":\"room1\"}]";
        }
        callee.finish().succeeded();
        Map<String, String> asked = answerRequests.poll(10, TimeUnit.SECONDS);
        assertThat(asked).isNotNull();
        String caller = asked.get("uuid");
        // the caller went on with the NCCO the event URL answered: into "after-busy", until its BYE
        JsonNode call = Eventually.get(
                () -> {
                    JsonNode c = server.admin().get("/v1/calls/" + caller).json();
                    return c.path("status").asText().equals("completed") ? c : null;
                },
                Duration.ofSeconds(10));
        assertThat(server.admin()
                        .get("/v1/conversations/"
                                + call.path("conversation_uuid").asText())
                        .json()
                        .path("name")
                        .asText())
                .isEqualTo("after-busy");
        // the callee leg's busy reached the connect's event URL once: synchronously, not again by the outbox
        List<String> statuses = new ArrayList<>();
        Eventually.get(
                () -> {
                    for (JsonNode e = connectEvents.poll(); e != null; e = connectEvents.poll()) {
                        statuses.add(e.path("status").asText());
                    }
                    return statuses.contains("started") && statuses.contains("busy") ? true : null;
                },
                Duration.ofSeconds(10));
        JsonNode completed = Eventually.get(
                () -> {
                    for (JsonNode e = callEvents.poll(); e != null; e = callEvents.poll()) {
                        if (caller.equals(e.path("uuid").asText())
                                && e.path("status").asText().equals("completed")) {
                            return e;
                        }
                    }
                    return null;
                },
                Duration.ofSeconds(10));
        assertThat(completed).isNotNull();
        for (JsonNode e = connectEvents.poll(); e != null; e = connectEvents.poll()) {
            statuses.add(e.path("status").asText());
        }
        assertThat(statuses).containsOnlyOnce("busy");
    }

    @Test
    void a_caller_that_cancels_while_the_answer_url_is_asked_ends_cancelled() throws Exception {
        answerGate = new java.util.concurrent.CountDownLatch(1);
        String uuid;
        try {
            // sipp: INVITE, 180, CANCEL; 200 for the CANCEL and 487 for the INVITE, then its ACK
            Sipp.run(server.sipPort(), "-sf", Sipp.scenario("cancel.xml"), "-s", "room1")
                    .succeeded();
            Map<String, String> asked = answerRequests.poll(10, TimeUnit.SECONDS);
            assertThat(asked).isNotNull();
            uuid = asked.get("uuid");
        } finally {
            answerGate.countDown();
            answerGate = null;
        }
        List<String> statuses = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!statuses.contains("cancelled")) {
            JsonNode event = callEvents.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(event).as("events so far: " + statuses).isNotNull();
            if (uuid.equals(event.path("uuid").asText()) && event.has("status")) {
                statuses.add(event.path("status").asText());
            }
        }
        assertThat(statuses).containsExactly("started", "ringing", "cancelled");
        assertThat(server.admin().get("/v1/calls/" + uuid).json().path("status").asText())
                .isEqualTo("cancelled");
    }

    @Test
    void a_call_to_an_unknown_domain_is_refused_with_404_and_records_nothing() throws Exception {
        int before = server.admin().get("/v1/calls").json().path("count").asInt();
        Sipp.run(server.sipPort(), "-sf", Sipp.scenario("unknown-domain.xml"), "-s", "room9")
                .succeeded();
        assertThat(answerRequests.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(server.admin().get("/v1/calls").json().path("count").asInt()).isEqualTo(before);
    }
}
