package dev.parley.voice.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.message.SipParser;
import dev.parley.voice.sip.message.SipUri;
import dev.parley.voice.sip.transport.UdpSipTransport;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Parley's SIP endpoint answers to requests it must not act on (RFC 3261 §8.2, and the faults RFC
 * 4475 tortures parsers with), sent as raw datagrams over loopback: each gets the status the RFC
 * requires, with the header that tells the peer what would work; a well-formed call still reaches the
 * call layer afterwards.
 */
class RequestChecksTest {
    private final CallEvents events = new CallEvents();
    /** Whether an INVITE that passes every check is answered (or refused busy). */
    private volatile boolean answer;

    private SipEndpoint endpoint;
    private UdpSipTransport udp;
    private DatagramSocket peer;
    private int port;

    @BeforeEach
    void start() throws IOException {
        endpoint = new SipEndpoint();
        endpoint.accept(events.onInvite(call -> {
            if (answer) {
                call.answer(SDP.getBytes(StandardCharsets.UTF_8));
            } else {
                call.reject(486);
            }
        }));
        udp = UdpSipTransport.bind(new InetSocketAddress("127.0.0.1", 0), endpoint::received);
        endpoint.useTransports(udp, null);
        port = udp.local().getPort();
        peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        peer.setSoTimeout(5_000);
    }

    @AfterEach
    void stop() {
        peer.close();
        udp.close();
        endpoint.close();
    }

    /** A request from {@code from} (the peer's own socket), with the given start line and extra headers. */
    private String request(String startLine, String method, String branch, String callId, String extra, String body) {
        return startLine + "\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + peer.getLocalPort() + ";branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:caller@127.0.0.1>;tag=from1\r\n"
                + "To: <sip:parley@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + extra
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n"
                + body;
    }

    private String invite(String callId, String extra, String body) {
        return request("INVITE sip:room@127.0.0.1 SIP/2.0", "INVITE", "z9hG4bK-" + callId, callId, extra, body);
    }

    /** Sends {@code text} and gives its final response (another request's late answers are skipped). */
    private SipMessage.Response exchange(String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        peer.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        String cseq = text.lines()
                .filter(line -> line.startsWith("CSeq: "))
                .findFirst()
                .orElseThrow()
                .substring(6);
        SipMessage.Response response = receive();
        while (!response.headers().first("CSeq").orElse("").equals(cseq) || response.status() < 200) {
            response = receive(); // an earlier request's answer, or the 100 an INVITE gets first
        }
        return response;
    }

    private SipMessage.Response receive() throws Exception {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        peer.receive(packet);
        return (SipMessage.Response) SipParser.parse(packet.getData(), packet.getLength());
    }

    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    @Test
    void an_extension_the_request_requires_is_refused_420_naming_it() throws Exception {
        SipMessage.Response response =
                exchange(invite("req1", "Require: 100rel, nonsense\r\nContent-Type: application/sdp\r\n", SDP));
        assertThat(response.status()).isEqualTo(420);
        assertThat(response.headers().first("Unsupported")).contains("100rel, nonsense");
        assertThat(events.invited()).isEmpty();
    }

    @Test
    void an_unknown_uri_scheme_is_416() throws Exception {
        SipMessage.Response response =
                exchange(request("INVITE tel:+15551234567 SIP/2.0", "INVITE", "z9hG4bK-tel", "tel1", "", ""));
        assertThat(response.status()).isEqualTo(416);
    }

    @Test
    void a_body_parley_cannot_read_is_415_with_accept_and_an_unacceptable_accept_is_406() throws Exception {
        SipMessage.Response text = exchange(invite("ct1", "Content-Type: text/plain\r\n", "hello"));
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.headers().first("Accept")).contains("application/sdp");
        SipMessage.Response accept =
                exchange(invite("acc1", "Accept: text/plain\r\nContent-Type: application/sdp\r\n", SDP));
        assertThat(accept.status()).isEqualTo(406);
        assertThat(events.invited()).isEmpty();
    }

    @Test
    void no_hops_left_is_483_except_for_an_options_parley_answers_itself() throws Exception {
        String invite = invite("hops1", "Content-Type: application/sdp\r\n", SDP)
                .replace("Max-Forwards: 70", "Max-Forwards: 0");
        assertThat(exchange(invite).status()).isEqualTo(483);
        String options = request("OPTIONS sip:parley@127.0.0.1 SIP/2.0", "OPTIONS", "z9hG4bK-hops2", "hops2", "", "")
                .replace("Max-Forwards: 70", "Max-Forwards: 0");
        assertThat(exchange(options).status()).isEqualTo(200);
    }

    @Test
    void malformed_requests_get_400_and_another_version_505() throws Exception {
        String twoCallIds = invite("dup1", "Call-ID: another\r\nContent-Type: application/sdp\r\n", SDP);
        assertThat(exchange(twoCallIds).status()).as("Call-ID twice").isEqualTo(400);
        String emptyParameter = invite("via1", "Content-Type: application/sdp\r\n", SDP)
                .replace(";branch=z9hG4bK-via1", ";;branch=z9hG4bK-via1");
        assertThat(exchange(emptyParameter).status())
                .as("a Via parameter with no name")
                .isEqualTo(400);
        String twoLengths = invite("len1", "Content-Length: 5\r\nContent-Type: application/sdp\r\n", SDP);
        assertThat(exchange(twoLengths).status())
                .as("two Content-Lengths that disagree")
                .isEqualTo(400);
        String short_ = invite("len2", "Content-Type: application/sdp\r\n", SDP)
                .replace("Content-Length: " + SDP.length(), "Content-Length: " + (SDP.length() + 50));
        assertThat(exchange(short_).status())
                .as("a body shorter than its Content-Length")
                .isEqualTo(400);
        String version = request("OPTIONS sip:parley@127.0.0.1 SIP/7.0", "OPTIONS", "z9hG4bK-ver", "ver1", "", "");
        assertThat(exchange(version).status()).isEqualTo(505);
        String unknown = request("NEWMETHOD sip:parley@127.0.0.1 SIP/2.0", "NEWMETHOD", "z9hG4bK-new", "new1", "", "");
        SipMessage.Response notAllowed = exchange(unknown);
        assertThat(notAllowed.status()).isEqualTo(405);
        assertThat(notAllowed.headers().first("Allow")).isPresent();
        assertThat(events.invited()).isEmpty();

        // and after all of them a well-formed call still reaches the call layer
        SipMessage.Response busy = exchange(invite("ok1", "Content-Type: application/sdp\r\n", SDP));
        while (busy.status() < 200) {
            busy = receive();
        }
        assertThat(busy.status()).isEqualTo(486);
        IncomingCall call = events.nextInvited();
        assertThat(call).isNotNull();
        assertThat(call.callId()).isEqualTo("ok1");
    }

    @Test
    void a_branch_reused_by_another_sender_is_another_transaction() throws Exception {
        SipMessage.Response first =
                exchange(request("OPTIONS sip:parley@127.0.0.1 SIP/2.0", "OPTIONS", "z9hG4bK-shared", "first", "", ""));
        assertThat(first.callId()).isEqualTo("first");
        // the same branch from another port (another sent-by) and another Call-ID
        try (DatagramSocket other = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            other.setSoTimeout(5_000);
            String text = request("OPTIONS sip:parley@127.0.0.1 SIP/2.0", "OPTIONS", "z9hG4bK-shared", "second", "", "")
                    .replace(
                            "127.0.0.1:" + peer.getLocalPort() + ";branch",
                            "127.0.0.1:" + other.getLocalPort() + ";branch");
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            other.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            byte[] buffer = new byte[65_536];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            other.receive(packet);
            SipMessage.Response second = (SipMessage.Response) SipParser.parse(packet.getData(), packet.getLength());
            assertThat(second.callId()).as("its own answer, not the cached one").isEqualTo("second");
        }
        // while a true retransmission still gets the first answer again
        SipMessage.Response again =
                exchange(request("OPTIONS sip:parley@127.0.0.1 SIP/2.0", "OPTIONS", "z9hG4bK-shared", "first", "", ""));
        assertThat(again.callId()).isEqualTo("first");
    }

    @Test
    void a_response_with_an_empty_reason_phrase_is_a_response_and_escaped_users_are_decoded() throws Exception {
        byte[] ok = ("SIP/2.0 200 \r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK-1\r\nFrom: <sip:a@b>;tag=1\r\n"
                        + "To: <sip:c@d>;tag=2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        SipMessage message = SipParser.parse(ok, ok.length);
        assertThat(message).isInstanceOf(SipMessage.Response.class);
        assertThat(((SipMessage.Response) message).status()).isEqualTo(200);
        assertThat(((SipMessage.Response) message).reason()).isEmpty();

        assertThat(SipUri.user("sip:%75se%72@example.com")).isEqualTo("user");
        assertThat(SipUri.user("sip:I%20have%20spaces@example.net")).isEqualTo("I have spaces");
        assertThat(SipUri.user("sip:100%@example.net"))
                .as("a % that escapes nothing")
                .isEqualTo("100%");
        assertThat(SipUri.user("sip:caf%C3%A9@example.net")).isEqualTo("café");
    }

    @Test
    void a_retransmitted_bye_is_answered_200_again_and_a_bye_whose_cseq_names_another_method_ends_nothing()
            throws Exception {
        answer = true;
        SipMessage.Response ok = exchange(invite("dlg1", "Content-Type: application/sdp\r\n", SDP));
        while (ok.status() < 200) {
            ok = receive();
        }
        assertThat(ok.status()).isEqualTo(200);
        String to = ok.headers().first("To").orElseThrow();
        String ack = request("ACK sip:parley@127.0.0.1 SIP/2.0", "ACK", "z9hG4bK-dlg1-ack", "dlg1", "", "")
                .replace("To: <sip:parley@127.0.0.1>", "To: " + to);
        byte[] bytes = ack.getBytes(StandardCharsets.UTF_8);
        peer.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));

        String wrongMethod = request("BYE sip:parley@127.0.0.1 SIP/2.0", "BYE", "z9hG4bK-dlg1-bad", "dlg1", "", "")
                .replace("To: <sip:parley@127.0.0.1>", "To: " + to)
                .replace("CSeq: 1 BYE", "CSeq: 2 INVITE");
        assertThat(exchange(wrongMethod).status()).isEqualTo(400);
        assertThat(events.heard()).as("a malformed BYE ends nothing").noneMatch(e -> e.startsWith("ended"));

        String bye = request("BYE sip:parley@127.0.0.1 SIP/2.0", "BYE", "z9hG4bK-dlg1-bye", "dlg1", "", "")
                .replace("To: <sip:parley@127.0.0.1>", "To: " + to)
                .replace("CSeq: 1 BYE", "CSeq: 3 BYE");
        assertThat(exchange(bye).status()).isEqualTo(200);
        assertThat(events.next("ended")).isEqualTo("ended: remote hangup");
        assertThat(exchange(bye).status())
                .as("the same BYE again: its 200 again, not 481")
                .isEqualTo(200);
        assertThat(events.heard()).as("ended once").noneMatch(e -> e.startsWith("ended"));
    }
}
