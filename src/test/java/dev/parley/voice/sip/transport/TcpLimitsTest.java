package dev.parley.voice.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.TcpPeer;
import dev.parley.voice.sip.message.SipMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIP over TCP within its limits, against real sockets on loopback (Linux routes all of 127.0.0.0/8 to
 * it, so a client bound to 127.0.0.2 is another address): who is let in, how many, and how long a
 * message and a silence may take.
 */
class TcpLimitsTest {
    private static final String OPTIONS = "OPTIONS sip:parley@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK-%s\r\n"
            + "From: <sip:peer@127.0.0.1>;tag=1\r\n"
            + "To: <sip:parley@127.0.0.1>\r\n"
            + "Call-ID: %s\r\n"
            + "CSeq: 1 OPTIONS\r\n"
            + "Content-Length: %d\r\n\r\n%s";

    private final LinkedBlockingQueue<SipMessage> received = new LinkedBlockingQueue<>();
    private final List<Socket> clients = new ArrayList<>();
    private TcpSipTransport transport;

    @AfterEach
    void stop() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    private void start(TcpLimits limits) {
        transport = TcpSipTransport.bind(
                new InetSocketAddress("127.0.0.1", 0), inbound -> received.add(inbound.message()), limits);
    }

    private static TcpLimits limits(Duration deadline, Duration idle, int total, int perSource) {
        return new TcpLimits(
                address -> address.getHostAddress().equals("127.0.0.1")
                        || address.getHostAddress().equals("127.0.0.3"),
                deadline,
                idle,
                total,
                perSource);
    }

    private Socket connect(String from) throws IOException {
        Socket socket = TcpPeer.connect(from, transport.local().getPort(), 10_000);
        clients.add(socket);
        return socket;
    }

    private static boolean closedByServer(Socket socket) throws IOException {
        return TcpPeer.closedByServer(socket);
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    private static String options(String id, String body) {
        return OPTIONS.formatted(id, id, body.length(), body);
    }

    @Test
    void an_address_nobody_admits_is_closed_at_accept_and_an_admitted_one_is_served() throws Exception {
        start(limits(Duration.ofSeconds(30), Duration.ofSeconds(30), 100, 100));
        Socket stranger = connect("127.0.0.2");
        assertThat(closedByServer(stranger)).isTrue();
        assertThat(transport.refusedConnections()).isEqualTo(1);

        Socket known = connect("127.0.0.1");
        send(known, options("a", ""));
        SipMessage message = received.poll(10, TimeUnit.SECONDS);
        assertThat(message).isInstanceOf(SipMessage.Request.class);
        assertThat(((SipMessage.Request) message).method()).isEqualTo("OPTIONS");
        assertThat(transport.openConnections()).isEqualTo(1);
    }

    @Test
    void connections_over_the_limits_per_address_and_in_all_are_closed_at_accept() throws Exception {
        start(limits(Duration.ofSeconds(30), Duration.ofSeconds(30), 5, 3));
        List<Socket> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            first.add(connect("127.0.0.1"));
        }
        Eventually.get(() -> transport.openConnections() == 3 ? true : null, Duration.ofSeconds(10));
        assertThat(closedByServer(connect("127.0.0.1")))
                .as("a 4th from one address")
                .isTrue();
        connect("127.0.0.3");
        connect("127.0.0.3");
        Eventually.get(() -> transport.openConnections() == 5 ? true : null, Duration.ofSeconds(10));
        assertThat(closedByServer(connect("127.0.0.3"))).as("a 6th in all").isTrue();
        assertThat(transport.refusedConnections()).isEqualTo(2);

        // the ones let in still work
        send(first.getFirst(), options("b", ""));
        assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
        // and a slot freed is a slot free again
        first.getLast().close();
        Eventually.get(() -> transport.openConnections() == 4 ? true : null, Duration.ofSeconds(10));
        Socket again = connect("127.0.0.1");
        send(again, options("c", ""));
        assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void a_message_that_does_not_arrive_whole_in_time_closes_its_connection() throws Exception {
        start(limits(Duration.ofMillis(500), Duration.ofSeconds(30), 100, 100));
        Socket silent = connect("127.0.0.1"); // opens and says nothing
        Socket partial = connect("127.0.0.1"); // starts a header and stops
        send(partial, "OPTIONS sip:parley@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP ");
        Socket slow = connect("127.0.0.1"); // a byte every 100 ms: never whole within the deadline
        Thread trickle = Thread.ofVirtual().start(() -> {
            try {
                for (byte b : options("slow", "").getBytes(StandardCharsets.UTF_8)) {
                    slow.getOutputStream().write(b);
                    slow.getOutputStream().flush();
                    Thread.sleep(100); // the attack's own pace, not a wait for the server
                }
            } catch (IOException | InterruptedException e) {
                // closed by the server: the point
            }
        });
        assertThat(closedByServer(silent)).isTrue();
        assertThat(closedByServer(partial)).isTrue();
        assertThat(closedByServer(slow)).isTrue();
        trickle.join();
        assertThat(received).as("nothing slow got through").isEmpty();
        // counted as the server's side closes, which the peers may see first
        Eventually.get(() -> transport.timedOutConnections() == 3 ? true : null, Duration.ofSeconds(10));
        Eventually.get(() -> transport.openConnections() == 0 ? true : null, Duration.ofSeconds(10));
    }

    @Test
    void a_connection_quiet_past_the_idle_timeout_after_its_messages_is_closed() throws Exception {
        start(limits(Duration.ofSeconds(30), Duration.ofMillis(500), 100, 100));
        Socket peer = connect("127.0.0.1");
        send(peer, options("d", ""));
        assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(closedByServer(peer)).isTrue();
        Eventually.get(() -> transport.timedOutConnections() == 1 ? true : null, Duration.ofSeconds(10));
    }

    @Test
    void a_large_message_grows_the_buffer_and_arrives_whole_and_keep_alives_are_skipped() throws Exception {
        start(limits(Duration.ofSeconds(30), Duration.ofSeconds(30), 100, 100));
        Socket peer = connect("127.0.0.1");
        String body = "x".repeat(40_000); // ten times the first buffer
        send(peer, "\r\n\r\n" + options("big", body) + options("after", ""));
        SipMessage big = received.poll(10, TimeUnit.SECONDS);
        assertThat(big).isNotNull();
        assertThat(new String(big.body(), StandardCharsets.UTF_8)).isEqualTo(body);
        SipMessage after = received.poll(10, TimeUnit.SECONDS);
        assertThat(after).isNotNull();
        assertThat(((SipMessage.Request) after).callId()).isEqualTo("after");
        peer.setSoTimeout(200);
        assertThat(closedByServer(peer)).as("the connection stays open").isFalse();
        assertThat(transport.openConnections()).isEqualTo(1);
    }
}
