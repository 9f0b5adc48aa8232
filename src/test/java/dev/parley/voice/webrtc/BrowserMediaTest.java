package dev.parley.voice.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.parley.fixtures.Audio;
import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.G711;
import dev.parley.voice.webrtc.dtls.DtlsCertificate;
import dev.parley.voice.webrtc.ice.IceCredentials;
import dev.parley.wire.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parley's WebRTC media end against a real browser: headless Debian Chromium makes a plain
 * RTCPeerConnection with a fake microphone playing 440 Hz and offers it here; Parley answers as an
 * ICE-lite DTLS-SRTP endpoint with PCMU and sends 1 kHz. The browser's getStats() must show DTLS
 * connected and an SRTP cipher, the page must hear 1 kHz, and Parley must hear 440 Hz. Then two
 * browsers as legs of one mixer room: each hears the other's tone, not its own.
 */
class BrowserMediaTest {
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate();

    @TempDir
    Path temp;

    private HttpServer pageServer;
    private final List<WebRtcTransport> transports = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        pacer.shutdownNow();
        transports.forEach(WebRtcTransport::close);
        if (pageServer != null) {
            pageServer.stop(0);
        }
    }

    /** 20 ms of a 1 kHz tone as PCMU, packet {@code n} of a stream. */
    private static byte[] tonePacket(int n) {
        byte[] packet = new byte[12 + 160];
        ByteBuffer.wrap(packet)
                .put((byte) 0x80)
                .put((byte) 0)
                .putShort((short) n)
                .putInt(n * 160)
                .putInt(0x5eed1234);
        for (int i = 0; i < 160; i++) {
            double t = (n * 160 + i) / 8_000.0;
            packet[12 + i] = G711.linearToUlaw((short) (8_000 * Math.sin(2 * Math.PI * 1_000 * t)));
        }
        return packet;
    }

    @Test
    void a_browser_connects_over_ice_lite_and_dtls_srtp_and_each_side_hears_the_others_tone() throws Exception {
        Path tone = temp.resolve("tone440.wav");
        Files.write(tone, Audio.toneWav(440, 10, 48_000));
        List<Short> heard = new CopyOnWriteArrayList<>();
        CountDownLatch connected = new CountDownLatch(1);
        WebRtcTransport.Listener listener = new WebRtcTransport.Listener() {
            @Override
            public void connected() {
                connected.countDown();
            }

            @Override
            public void rtp(byte[] packet, int length) {
                if ((packet[1] & 0x7F) == 0) {
                    for (int i = 12; i < length; i++) {
                        heard.add(G711.ulawToLinear(packet[i]));
                    }
                }
            }

            @Override
            public void failed(String reason) {}
        };
        startPages(offerSdp -> {
            BrowserOffer offer = BrowserOffer.parse(offerSdp).orElseThrow();
            IceCredentials credentials = IceCredentials.random();
            WebRtcTransport transport = WebRtcTransport.open(
                    new InetSocketAddress("127.0.0.1", 0), credentials, CERTIFICATE, offer, listener);
            transports.add(transport);
            return ParleySdp.answer(
                    transport.local(),
                    credentials.ufrag(),
                    credentials.password(),
                    CERTIFICATE.fingerprint(),
                    offer.mid(),
                    ParleySdp.Codec.PCMU,
                    offer.payloadType("telephone-event/8000").orElse(null),
                    0x5eed1234L);
        });
        int[] sequence = {0};
        pacer.scheduleAtFixedRate(
                () -> {
                    if (connected.getCount() == 0 && !transports.isEmpty()) {
                        byte[] packet = tonePacket(sequence[0]++);
                        transports.getFirst().sendRtp(packet, packet.length);
                    }
                },
                0,
                20,
                TimeUnit.MILLISECONDS);

        JsonNode result =
                runBrowser("http://127.0.0.1:" + pageServer.getAddress().getPort() + "/", tone, 3);

        assertThat(result.path("state").asText()).isEqualTo("connected");
        assertThat(result.path("dtlsState").asText()).isEqualTo("connected");
        assertThat(result.path("srtpCipher").asText()).isEqualTo("SRTP_AES128_CM_HMAC_SHA1_80");
        assertThat(result.path("codec").asText()).isEqualTo("audio/PCMU");
        assertThat(result.path("peakHz").asDouble()).as("what the page heard").isBetween(980.0, 1_020.0);
        short[] samples = new short[heard.size()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = heard.get(i);
        }
        assertThat(samples.length).as("8 kHz samples Parley decoded").isGreaterThan(8_000);
        assertThat(Audio.power(samples, 440))
                .as("Parley hears the page's 440 Hz")
                .isGreaterThan(10 * Audio.power(samples, 1_000));
        assertThat(transports.getFirst().rejected()).isZero();
    }

    @Test
    void parley_offers_and_a_browser_answers_and_each_side_hears_the_other() throws Exception {
        Path tone = temp.resolve("tone440.wav");
        Files.write(tone, Audio.toneWav(440, 10, 48_000));
        try (Bridge bridge = new Bridge()) {
            CountDownLatch connected = new CountDownLatch(1);
            WebRtcMedia media = WebRtcMedia.offer(
                    dev.parley.voice.media.RtpPorts.anyOnLoopback(),
                    java.net.InetAddress.getLoopbackAddress(),
                    CERTIFICATE,
                    bridge.stats(),
                    new WebRtcMedia.Events() {
                        @Override
                        public void connected() {
                            connected.countDown();
                        }

                        @Override
                        public void failed(String reason) {}
                    });
            assertThat(media.sdp()).contains("a=setup:actpass").contains("a=ice-lite");
            pageServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
            pageServer.createContext("/", exchange -> {
                byte[] page = "<!doctype html><title>Parley offers</title>".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/html");
                exchange.sendResponseHeaders(200, page.length);
                exchange.getResponseBody().write(page);
                exchange.close();
            });
            pageServer.createContext("/offer", exchange -> {
                byte[] offer = media.sdp().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, offer.length);
                exchange.getResponseBody().write(offer);
                exchange.close();
            });
            pageServer.createContext("/answer", exchange -> {
                String answer = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                boolean taken = media.answered(answer);
                if (taken) {
                    // one leg in a room with a 1 kHz playback: the page must hear it
                    Bridge.Participant leg = new Bridge.Participant("browser", media.port());
                    short[] tone1k = new short[16_000];
                    for (int i = 0; i < tone1k.length; i++) {
                        tone1k[i] = (short) (8_000 * Math.sin(2 * Math.PI * 1_000 * i / 16_000.0));
                    }
                    leg.prompt.start(tone1k, 1.0, 0);
                    bridge.join("room", leg);
                }
                exchange.sendResponseHeaders(taken ? 204 : 400, -1);
                exchange.close();
            });
            pageServer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            pageServer.start();
            JsonNode result = runBrowser(pageUrl(), tone, 3, "answer");
            assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(result.path("dtlsState").asText()).isEqualTo("connected");
            assertThat(result.path("srtpCipher").asText()).isEqualTo("SRTP_AES128_CM_HMAC_SHA1_80");
            assertThat(result.path("peakHz").asDouble())
                    .as("what the page heard")
                    .isBetween(980.0, 1_020.0);
            assertThat(media.transport().packetsIn())
                    .as("Parley received the page's audio")
                    .isGreaterThan(50);
            media.close();
        }
    }

    /** How the test answers a browser's offer. */
    @FunctionalInterface
    private interface Answerer {
        String answer(String offerSdp) throws IOException;
    }

    /** Serves an empty page, and answers offers POSTed to /offer with {@code answerer}. */
    private void startPages(Answerer answerer) throws IOException {
        pageServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        pageServer.createContext("/", exchange -> {
            byte[] page = "<!doctype html><title>Parley media</title>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        pageServer.createContext("/offer", exchange -> {
            String offerSdp = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = answerer.answer(offerSdp).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        pageServer.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        pageServer.start();
    }

    private String pageUrl() {
        return "http://127.0.0.1:" + pageServer.getAddress().getPort() + "/";
    }

    @Test
    void two_browsers_in_one_mixer_room_each_hear_the_other_and_not_themselves() throws Exception {
        Path low = temp.resolve("tone440.wav");
        Path high = temp.resolve("tone1000.wav");
        Files.write(low, Audio.toneWav(440, 30, 48_000));
        Files.write(high, Audio.toneWav(1_000, 30, 48_000));
        try (Bridge bridge = new Bridge()) {
            List<WebRtcMedia> legs = new CopyOnWriteArrayList<>();
            startPages(offerSdp -> {
                BrowserOffer offer = BrowserOffer.parse(offerSdp).orElseThrow();
                WebRtcMedia media = WebRtcMedia.answer(
                                dev.parley.voice.media.RtpPorts.anyOnLoopback(),
                                java.net.InetAddress.getLoopbackAddress(),
                                CERTIFICATE,
                                offer,
                                bridge.stats(),
                                new WebRtcMedia.Events() {
                                    @Override
                                    public void connected() {}

                                    @Override
                                    public void failed(String reason) {}
                                })
                        .orElseThrow();
                legs.add(media);
                bridge.join("room", new Bridge.Participant("leg-" + legs.size(), media.port()));
                return media.sdp();
            });
            // Both browsers at once, each on a thread of its own (the common pool may have only one).
            ExecutorService browsers = Executors.newFixedThreadPool(2);
            CompletableFuture<JsonNode> hearsLow =
                    CompletableFuture.supplyAsync(() -> runBrowserUnchecked(pageUrl(), high, 3), browsers);
            CompletableFuture<JsonNode> hearsHigh =
                    CompletableFuture.supplyAsync(() -> runBrowserUnchecked(pageUrl(), low, 3), browsers);
            JsonNode playingHigh = hearsLow.get(180, TimeUnit.SECONDS);
            JsonNode playingLow = hearsHigh.get(180, TimeUnit.SECONDS);
            browsers.shutdown();
            assertThat(playingHigh.path("peakHz").asDouble())
                    .as("the 1 kHz page hears the 440 Hz one: %s", playingHigh)
                    .isBetween(425.0, 455.0);
            assertThat(playingLow.path("peakHz").asDouble())
                    .as("the 440 Hz page hears the 1 kHz one: %s", playingLow)
                    .isBetween(980.0, 1_020.0);
            legs.forEach(WebRtcMedia::close);
        }
    }

    private static JsonNode runBrowserUnchecked(String url, Path tone, int listenSeconds) {
        try {
            return runBrowser(url, tone, listenSeconds);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode runBrowser(String url, Path tone, int listenSeconds)
            throws IOException, InterruptedException {
        return runBrowser(url, tone, listenSeconds, "offer");
    }

    /** Runs browser-media.mjs; {@code role} "answer" has the page answer Parley's offer. */
    private static JsonNode runBrowser(String url, Path tone, int listenSeconds, String role)
            throws IOException, InterruptedException {
        Process node = new ProcessBuilder(
                        "node", "browser-media.mjs", url, tone.toString(), Integer.toString(listenSeconds), role)
                .directory(Path.of("src/test/node").toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(120, TimeUnit.SECONDS))
                .as("the browser run ended")
                .isTrue();
        assertThat(node.exitValue()).as("the browser run failed: " + out).isZero();
        String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
        return Json.parse(last);
    }
}
