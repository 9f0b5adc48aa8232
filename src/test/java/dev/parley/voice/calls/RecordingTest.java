package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Audio;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.Sipp;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.VoiceApp;
import dev.parley.fixtures.WebSocketApp;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recording, heard in the files it makes: WebSocket apps of the test's own talk their tones into
 * calls whose NCCO records them; the record webhook names a {@code recording_url} that the
 * application's JWT downloads (and another application's does not), and the WAV holds both parties,
 * each in its own channel with {@code split}. A recording ends at its {@code timeOut}, on its {@code
 * endOnKey}, or with the call; a conversation's {@code record} takes everyone until the last leaves.
 */
class RecordingTest {
    private static VoiceApp app;
    private static final LinkedBlockingQueue<JsonNode> recorded = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        app = VoiceApp.start(Map.of(), "[]");
        app.route("/recordings", exchange -> {
            recorded.add(dev.parley.wire.Json.parse(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private record Leg(String id, WebSocketApp socket) {}

    private static Leg dial(String ncco) throws Exception {
        WebSocketApp socket = new WebSocketApp();
        var created = app.server
                .admin()
                .post(
                        "/v1/calls",
                        "{\"to\":[{\"type\":\"websocket\",\"uri\":\"" + socket.uri() + "\","
                                + "\"content-type\":\"audio/l16;rate=16000\"}],"
                                + "\"event_url\":[\"" + app.url("/events") + "\"],"
                                + "\"ncco\":" + ncco + "}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        socket.awaitConnected();
        return new Leg(created.json().path("uuid").asText(), socket);
    }

    private static String recordAction(String extra) {
        return "{\"action\":\"record\",\"format\":\"wav\",\"eventUrl\":[\"" + app.url("/recordings") + "\"]" + extra
                + "}";
    }

    private static void hangUp(Leg leg) {
        assertThat(app.server
                        .admin()
                        .put("/v1/calls/" + leg.id(), "{\"action\":\"hangup\"}")
                        .status())
                .isEqualTo(204);
    }

    /** Waits until {@code leg} has heard {@code frames} frames (the conversation is under way). */
    private static void talkFor(Leg leg, int frames) throws Exception {
        leg.socket().awaitFrames(leg.socket().frameCount() + frames);
    }

    private static JsonNode nextRecording() throws InterruptedException {
        JsonNode event = recorded.poll(20, TimeUnit.SECONDS);
        assertThat(event).as("a record webhook").isNotNull();
        return event;
    }

    /** The recording, downloaded with the application's JWT, as channels of 16 kHz samples. */
    private static short[][] download(JsonNode event) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(event.path("recording_url").asText()))
                                .header("Authorization", "Bearer " + app.server.adminToken())
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("audio/wav"));
        assertThat((long) response.body().length).isEqualTo(event.path("size").asLong());
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(response.body()))) {
            AudioFormat format = in.getFormat();
            assertThat(format.getSampleRate()).isEqualTo(16_000f);
            assertThat(format.getSampleSizeInBits()).isEqualTo(16);
            int channels = format.getChannels();
            byte[] pcm = in.readAllBytes();
            short[] interleaved = new short[pcm.length / 2];
            ByteBuffer.wrap(pcm)
                    .order(format.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                    .asShortBuffer()
                    .get(interleaved);
            short[][] split = new short[channels][interleaved.length / channels];
            for (int i = 0; i < interleaved.length / channels; i++) {
                for (int c = 0; c < channels; c++) {
                    split[c][i] = interleaved[i * channels + c];
                }
            }
            return split;
        }
    }

    @Test
    void a_two_party_call_recorded_with_split_has_each_party_in_its_own_channel() throws Exception {
        recorded.clear();
        Leg caller = dial("[" + recordAction(",\"split\":\"conversation\"")
                + ",{\"action\":\"conversation\",\"name\":\"rec-split\"}]");
        Leg callee = dial("[{\"action\":\"conversation\",\"name\":\"rec-split\"}]");
        caller.socket().talk(440, 16_000);
        callee.socket().talk(1_000, 16_000);
        try {
            talkFor(caller, 100); // 2 s together
            hangUp(caller);
            JsonNode event = nextRecording();
            assertThat(event.path("recording_uuid").asText()).isNotEmpty();
            assertThat(event.path("recording_url").asText())
                    .isEqualTo(app.server.baseUrl() + "/v1/files/"
                            + event.path("recording_uuid").asText());
            assertThat(event.path("conversation_uuid").asText()).startsWith("CON-");
            assertThat(Instant.parse(event.path("end_time").asText()))
                    .isAfter(Instant.parse(event.path("start_time").asText()));
            short[][] channels = download(event);
            assertThat(channels).hasNumberOfRows(2);
            assertThat(Audio.power(channels[0], 440, 16_000))
                    .as("channel 1: what the caller said")
                    .isGreaterThan(1_000 * Audio.power(channels[0], 1_000, 16_000));
            assertThat(Audio.power(channels[1], 1_000, 16_000))
                    .as("channel 2: what the caller heard")
                    .isGreaterThan(1_000 * Audio.power(channels[1], 440, 16_000));

            // audio:record when it started, audio:record:done when it was stored, from the caller's member
            List<String> types = new ArrayList<>();
            for (JsonNode e : app.server
                    .admin()
                    .get("/v1/conversations/" + event.path("conversation_uuid").asText() + "/events?page_size=100")
                    .json()
                    .path("_embedded")) {
                if (e.path("type").asText().startsWith("audio:record")) {
                    types.add(e.path("type").asText() + " "
                            + e.path("from").asText().startsWith("MEM-"));
                    if (e.path("type").asText().equals("audio:record:done")) {
                        assertThat(e.at("/body/recording_id").asText())
                                .isEqualTo(event.path("recording_uuid").asText());
                        assertThat(e.at("/body/size").asLong())
                                .isEqualTo(event.path("size").asLong());
                    }
                }
            }
            assertThat(types).contains("audio:record:done true");

            // the Java SDK's downloadRecordingRaw fetches the same bytes with the application's JWT. It
            // refuses any URL outside vonage.com and nexmo.com (port 80), so its HTTP client is pointed at
            // this server as its proxy (docs/VOICE.md, "Recording")
            URI direct = URI.create(event.path("recording_url").asText());
            byte[] bySdk = com.vonage.client.VonageClient.builder()
                    .applicationId(app.server.applicationId())
                    .privateKeyContents(
                            java.nio.file.Files.readString(app.server.dataDir().resolve("default-app.key")))
                    .httpConfig(com.vonage.client.HttpConfig.builder()
                            .baseUri(app.server.baseUrl())
                            .build())
                    .httpClient(org.apache.http.impl.client.HttpClients.custom()
                            .setProxy(new org.apache.http.HttpHost(direct.getHost(), direct.getPort()))
                            .build())
                    .build()
                    .getVoiceClient()
                    .downloadRecordingRaw("http://api.nexmo.com" + direct.getPath());
            assertThat((long) bySdk.length).isEqualTo(event.path("size").asLong());

            // only the recording's own application may download it
            TestServer.Application other = app.server.createApplication("someone-else");
            var stranger = app.server
                    .withToken(other.adminToken())
                    .get("/v1/files/" + event.path("recording_uuid").asText());
            assertThat(stranger.status()).isEqualTo(404);
            assertThat(stranger.json().path("code").asText()).isEqualTo("file:error:not-found");
            assertThat(app.server
                            .as("alice")
                            .get("/v1/files/" + event.path("recording_uuid").asText())
                            .status())
                    .isEqualTo(403);
        } finally {
            caller.socket().close();
            callee.socket().close(); // the app's close ends the callee's call
        }
    }

    @Test
    void a_recording_without_split_holds_both_parties_and_ends_at_its_time_out() throws Exception {
        recorded.clear();
        Leg caller = dial("[" + recordAction(",\"timeOut\":3,\"beepStart\":true")
                + ",{\"action\":\"conversation\",\"name\":\"rec-mono\"}]");
        Leg callee = dial("[{\"action\":\"conversation\",\"name\":\"rec-mono\"}]");
        caller.socket().talk(440, 16_000);
        callee.socket().talk(1_000, 16_000);
        try {
            JsonNode event = nextRecording(); // the call goes on: it is the time-out that ends it
            assertThat(app.server
                            .admin()
                            .get("/v1/calls/" + caller.id())
                            .json()
                            .path("status")
                            .asText())
                    .isEqualTo("answered");
            short[][] mono = download(event);
            assertThat(mono).hasNumberOfRows(1);
            assertThat(mono[0].length).as("3 s at 16 kHz").isEqualTo(3 * 16_000);
            short[] first = caller.socket().samples(0);
            int sound = 0;
            while (sound < first.length && first[sound] == 0) {
                sound++;
            }
            short[] beep = java.util.Arrays.copyOfRange(first, sound, Math.min(first.length, sound + 4_800));
            assertThat(Audio.power(beep, 800, 16_000))
                    .as("the caller heard the beep first")
                    .isGreaterThan(1_000 * Audio.power(beep, 1_000, 16_000));
            assertThat(Audio.power(mono[0], 800, 16_000))
                    .as("and the recording starts after it")
                    .isLessThan(Audio.power(mono[0], 440, 16_000) / 1_000);
            double caller440 = Audio.power(mono[0], 440, 16_000);
            double callee1000 = Audio.power(mono[0], 1_000, 16_000);
            double neither = Audio.power(mono[0], 700, 16_000);
            assertThat(caller440).as("the caller").isGreaterThan(1_000 * neither);
            assertThat(callee1000).as("and the callee").isGreaterThan(1_000 * neither);
        } finally {
            caller.socket().close();
            callee.socket().close();
        }
    }

    @Test
    void a_conversations_record_takes_everyone_until_the_last_leaves() throws Exception {
        recorded.clear();
        String room = "[{\"action\":\"conversation\",\"name\":\"rec-room\",\"record\":true,\"eventUrl\":[\""
                + app.url("/recordings") + "\"]}]";
        Leg a = dial(room);
        Leg b = dial(room);
        a.socket().talk(440, 16_000);
        b.socket().talk(1_000, 16_000);
        try {
            talkFor(a, 75);
            hangUp(a);
            talkFor(b, 25); // b alone for a while: the conversation goes on
            assertThat(recorded).as("not before the last leg leaves").isEmpty();
            hangUp(b);
            short[][] mono = download(nextRecording());
            assertThat(mono).hasNumberOfRows(1);
            assertThat(Audio.power(mono[0], 440, 16_000)).isGreaterThan(1_000 * Audio.power(mono[0], 700, 16_000));
            assertThat(Audio.power(mono[0], 1_000, 16_000)).isGreaterThan(1_000 * Audio.power(mono[0], 700, 16_000));
        } finally {
            a.socket().close();
            b.socket().close();
        }
    }

    @Test
    void a_conversation_recorded_by_put_has_each_leg_in_its_own_channel_until_stopped() throws Exception {
        recorded.clear();
        String room = "[{\"action\":\"conversation\",\"name\":\"rec-rest\"}]";
        Leg a = dial(room);
        Leg b = dial(room);
        a.socket().talk(440, 16_000);
        b.socket().talk(1_000, 16_000);
        try {
            String conversation = app.awaitConversation(b.id(), "rec-rest");
            talkFor(b, 10);
            var start = app.server
                    .admin()
                    .put(
                            "/v1/conversations/" + conversation + "/record",
                            "{\"action\":\"start\",\"split\":\"conversation\",\"format\":\"wav\"," + "\"event_url\":[\""
                                    + app.url("/recordings") + "\"]}");
            assertThat(start.status()).as(start.text()).isEqualTo(200);
            talkFor(a, 75);
            assertThat(app.server
                            .admin()
                            .put("/v1/conversations/" + conversation + "/record", "{\"action\":\"stop\"}")
                            .status())
                    .isEqualTo(200);
            short[][] channels = download(nextRecording());
            assertThat(channels).hasNumberOfRows(2);
            // the legs' channels are in the order the mixer first heard them: either way round, each
            // channel holds one leg's tone and not the other's
            double first440 = Audio.power(channels[0], 440, 16_000);
            double first1000 = Audio.power(channels[0], 1_000, 16_000);
            short[] a440 = first440 > first1000 ? channels[0] : channels[1];
            short[] b1000 = first440 > first1000 ? channels[1] : channels[0];
            assertThat(Audio.power(a440, 440, 16_000)).isGreaterThan(1_000 * Audio.power(a440, 1_000, 16_000));
            assertThat(Audio.power(b1000, 1_000, 16_000)).isGreaterThan(1_000 * Audio.power(b1000, 440, 16_000));
            var again =
                    app.server.admin().put("/v1/conversations/" + conversation + "/record", "{\"action\":\"stop\"}");
            assertThat(again.status()).isEqualTo(400);
            assertThat(again.json().path("code").asText()).isEqualTo("call:error:not-active");
        } finally {
            a.socket().close();
            b.socket().close();
        }
    }

    @Test
    void a_recording_with_channels_gives_each_leg_its_own_and_ends_after_the_legs_silence() throws Exception {
        recorded.clear();
        Leg caller = dial("[" + recordAction(",\"split\":\"conversation\",\"channels\":3,\"endOnSilence\":3")
                + ",{\"action\":\"conversation\",\"name\":\"rec-three\"}]");
        Leg b = dial("[{\"action\":\"conversation\",\"name\":\"rec-three\"}]");
        Leg c = dial("[{\"action\":\"conversation\",\"name\":\"rec-three\"}]");
        b.socket().talk(1_000, 16_000);
        c.socket().talk(700, 16_000);
        caller.socket().talk(440, 16_000);
        try {
            talkFor(caller, 75);
            caller.socket().quiet(); // 3 s of the caller's silence end the recording
            long quietSince = System.nanoTime();
            JsonNode event = nextRecording();
            assertThat(System.nanoTime() - quietSince)
                    .as("after 3 s of silence")
                    .isGreaterThan(2_500_000_000L);
            assertThat(app.server
                            .admin()
                            .get("/v1/calls/" + caller.id())
                            .json()
                            .path("status")
                            .asText())
                    .as("the call goes on")
                    .isEqualTo("answered");
            short[][] channels = download(event);
            assertThat(channels).hasNumberOfRows(3);
            assertThat(Audio.power(channels[0], 440, 16_000))
                    .as("channel 1: the recording leg")
                    .isGreaterThan(1_000
                            * Math.max(Audio.power(channels[0], 1_000, 16_000), Audio.power(channels[0], 700, 16_000)));
            List<Double> others = List.of(1_000.0, 700.0);
            for (int channel = 1; channel < 3; channel++) {
                short[] samples = channels[channel];
                double loudest = others.stream()
                        .mapToDouble(f -> Audio.power(samples, f, 16_000))
                        .max()
                        .orElseThrow();
                double quietest = others.stream()
                        .mapToDouble(f -> Audio.power(samples, f, 16_000))
                        .min()
                        .orElseThrow();
                assertThat(loudest)
                        .as("channel " + (channel + 1) + ": one other leg")
                        .isGreaterThan(1_000 * quietest);
                assertThat(Audio.power(samples, 440, 16_000)).isLessThan(loudest / 1_000);
            }
        } finally {
            caller.socket().close();
            b.socket().close();
            c.socket().close();
        }
    }

    @Test
    void a_recording_ends_on_its_key_while_the_call_goes_on() throws Exception {
        recorded.clear();
        app.ncco = "[" + recordAction(",\"endOnKey\":\"5\"") + ",{\"action\":\"conversation\",\"name\":\"rec-key\"}]";
        app.answerRequests.clear();
        var caller = Sipp.runInBackground(app.server.sipPort(), "-sf", Sipp.scenario("caller-dtmf.xml"), "-s", "keys");
        JsonNode event = nextRecording(); // the 5, then 2 s more before the caller hangs up
        String uuid = app.answerRequests.poll(5, TimeUnit.SECONDS).get("uuid");
        caller.get(30, TimeUnit.SECONDS).succeeded();
        short[][] mono = download(event);
        assertThat(mono[0].length).as("shorter than the call").isLessThan(2 * 16_000);
        JsonNode call = Eventually.get(
                () -> {
                    JsonNode c = app.server.admin().get("/v1/calls/" + uuid).json();
                    return c.path("status").asText().equals("completed") ? c : null;
                },
                Duration.ofSeconds(10));
        assertThat(Instant.parse(event.path("end_time").asText()).plusMillis(1_500))
                .as("the recording ended on the key, well before the call")
                .isBefore(Instant.parse(call.path("end_time").asText()));
    }
}
