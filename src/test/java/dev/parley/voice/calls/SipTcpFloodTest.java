package dev.parley.voice.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.Sipp;
import dev.parley.fixtures.TcpPeer;
import dev.parley.fixtures.VoiceApp;
import dev.parley.voice.sip.transport.TcpLimits;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A running Parley's SIP/TCP port under a flood of idle and half-sent connections, from an address no
 * SIP domain admits and from one that is admitted: the strangers are closed at once, the admitted
 * address gets no more than its share, the rest are closed when their first message is overdue, and
 * descriptors return. Meanwhile the REST API answers and a call over UDP goes through.
 */
class SipTcpFloodTest {
    private static VoiceApp app;

    @BeforeAll
    static void start() throws Exception {
        // only 127.0.0.1 may call here: 127.0.0.2 is a stranger
        app = VoiceApp.start(
                Map.of(VoiceApp.SIP_ACL, "127.0.0.1/32"), "[{\"action\":\"conversation\",\"name\":\"tcp-flood\"}]");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void strangers_are_refused_an_address_gets_its_share_and_the_rest_time_out_while_calls_go_on() throws Exception {
        long descriptorsBefore = openDescriptors();
        List<Socket> strangers = new ArrayList<>();
        List<Socket> admitted = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                strangers.add(connect("127.0.0.2"));
            }
            int extra = 10;
            for (int i = 0; i < TcpLimits.DEFAULT_MAX_PER_SOURCE + extra; i++) {
                Socket socket = connect("127.0.0.1");
                // half a request, and then nothing: what holds a connection open for free
                socket.getOutputStream()
                        .write("OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP "
                                .getBytes(StandardCharsets.US_ASCII));
                admitted.add(socket);
            }
            for (Socket stranger : strangers) {
                assertThat(closedByServer(stranger))
                        .as("a stranger is closed at accept")
                        .isTrue();
            }
            Eventually.get(
                    () -> metric("parley_sip_tcp_refused_total") == 40 + extra ? true : null, Duration.ofSeconds(10));
            assertThat(metric("parley_sip_tcp_connections")).isEqualTo(TcpLimits.DEFAULT_MAX_PER_SOURCE);

            // while the port is flooded: the API answers and a call goes through (over UDP)
            assertThat(app.server.admin().get("/health").status()).isEqualTo(200);
            CompletableFuture<Sipp.Run> call =
                    Sipp.runInBackground(app.server.sipPort(), "-sf", Sipp.scenario("caller.xml"), "-s", "tcp-flood");
            call.get().succeeded();
            Eventually.get(
                    () -> app.server
                                            .admin()
                                            .get("/v1/calls?status=completed")
                                            .json()
                                            .path("count")
                                            .asInt()
                                    == 1
                            ? true
                            : null,
                    Duration.ofSeconds(10));

            // the half-sent ones are closed once their first message is overdue
            for (Socket socket : admitted) {
                assertThat(closedByServer(socket)).isTrue();
            }
            Eventually.get(() -> metric("parley_sip_tcp_connections") == 0 ? true : null, Duration.ofSeconds(10));
            assertThat(metric("parley_sip_tcp_timed_out_total")).isEqualTo(TcpLimits.DEFAULT_MAX_PER_SOURCE);
        } finally {
            for (Socket socket : strangers) {
                socket.close();
            }
            for (Socket socket : admitted) {
                socket.close();
            }
        }
        // 114 client sockets and 64 accepted ones were open at the peak; what is left is the usual few
        // (HTTP connections, the call's own sockets on their way out)
        Eventually.get(() -> openDescriptors() < descriptorsBefore + 20 ? true : null, Duration.ofSeconds(10));

        // and an admitted peer that speaks is served as before
        try (Socket peer = connect("127.0.0.1")) {
            String options = "OPTIONS sip:x@127.0.0.1 SIP/2.0\r\n"
                    + "Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-after\r\n"
                    + "From: <sip:peer@127.0.0.1>;tag=1\r\nTo: <sip:x@127.0.0.1>\r\n"
                    + "Call-ID: after-the-flood\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            peer.getOutputStream().write(options.getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[12];
            assertThat(peer.getInputStream().readNBytes(answer, 0, 12)).isEqualTo(12);
            assertThat(new String(answer, StandardCharsets.US_ASCII)).isEqualTo("SIP/2.0 200 ");
        }
    }

    private static Socket connect(String from) throws IOException {
        // a message is overdue after 10 s; a read waits longer than that before it gives up
        return TcpPeer.connect(from, app.server.sipPort(), 30_000);
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        return TcpPeer.closedByServer(socket);
    }

    private static long metric(String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.E]+)$")
                .matcher(app.server.admin().get("/metrics").text());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
