package dev.parley.voice.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Reading SIP messages: what peers really send, and hostile bytes refused with a reason. */
class SipParserTest {
    private static SipMessage parse(String text) throws SipParseException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return SipParser.parse(bytes, bytes.length);
    }

    private static final String INVITE = "INVITE sip:room1@127.0.0.1:5060 SIP/2.0\r\n"
            + "v: SIP/2.0/UDP 10.0.0.1:5062;branch=z9hG4bK-1;rport\r\n"
            + "Via: SIP/2.0/UDP proxy.example:5060;branch=z9hG4bK-0, SIP/2.0/TCP edge.example;branch=z9hG4bK-x\r\n"
            + "f: \"Alice, A.\" <sip:alice@example.com>;tag=1928\r\n"
            + "t: <sip:room1@127.0.0.1>\r\n"
            + "i: a84b4c76e66710\r\n"
            + "CSeq: 314159 INVITE\r\n"
            + "Subject: folded\r\n  over two lines\r\n"
            + "X-UserId: 1938ND9\r\n"
            + "c: application/sdp\r\n"
            + "l: 4\r\n"
            + "\r\n"
            + "v=0\r\n";

    @Test
    void a_request_with_compact_folded_and_listed_headers_reads_as_written() throws Exception {
        SipMessage.Request request = (SipMessage.Request) parse(INVITE);
        assertThat(request.method()).isEqualTo("INVITE");
        assertThat(request.uri()).isEqualTo("sip:room1@127.0.0.1:5060");
        assertThat(request.callId()).isEqualTo("a84b4c76e66710");
        assertThat(request.cseq()).isEqualTo(new CSeq(314159, "INVITE"));
        assertThat(request.headers().all("Via")).hasSize(3);
        assertThat(request.topVia().branch()).isEqualTo("z9hG4bK-1");
        assertThat(request.topVia().port()).isEqualTo(5062);
        NameAddress from = NameAddress.parse(request.headers().first("From").orElseThrow());
        assertThat(from.displayName()).isEqualTo("Alice, A.");
        assertThat(from.user()).isEqualTo("alice");
        assertThat(from.tag()).isEqualTo("1928");
        assertThat(request.headers().first("subject")).contains("folded over two lines");
        assertThat(request.headers().first("X-UserId")).contains("1938ND9");
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("v=0\r");
    }

    @Test
    void a_response_with_bare_line_feeds_and_no_content_length_reads_to_the_end_of_the_datagram() throws Exception {
        SipMessage.Response response = (SipMessage.Response)
                parse("SIP/2.0 180 Ringing\nVia: SIP/2.0/UDP a;branch=z9hG4bK-2\nCall-ID: x\nCSeq: 1 INVITE\n\nbody");
        assertThat(response.status()).isEqualTo(180);
        assertThat(response.reason()).isEqualTo("Ringing");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("body");
    }

    @Test
    void what_parley_writes_reads_back_the_same() throws Exception {
        SipMessage.Request request = (SipMessage.Request) parse(INVITE);
        SipMessage again = SipParser.parse(request.encode(), request.encode().length);
        assertThat(again.headers().fields())
                .isEqualTo(request.headers()
                        .without("Content-Length")
                        .with("Content-Length", "4")
                        .fields());
        assertThat(again.body()).isEqualTo(request.body());
    }

    @Test
    void broken_messages_are_refused_with_the_reason() {
        assertThatThrownBy(() -> parse("HELLO\r\n\r\n")).hasMessageContaining("not a SIP/2.0");
        assertThatThrownBy(() -> parse("INVITE sip:a SIP/2.0\r\nNoColonHere\r\n\r\n"))
                .hasMessageContaining("colon");
        assertThatThrownBy(() -> parse("INVITE sip:a SIP/2.0\r\nContent-Length: 10\r\n\r\nshort"))
                .hasMessageContaining("shorter");
        assertThatThrownBy(() -> parse("INVITE sip:a SIP/2.0\r\nContent-Length: -1\r\n\r\n"))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> parse("SIP/2.0 999 Nine\r\n\r\n")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> parse("INVITE sip:a SIP/2.0\r\nVia: x\r\n")).hasMessageContaining("empty line");
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000);
        Arbitrary<byte[]> mutated = Arbitraries.integers()
                .between(0, INVITE.length() - 1)
                .list()
                .ofMaxSize(8)
                .map(positions -> {
                    byte[] bytes = INVITE.getBytes(StandardCharsets.UTF_8);
                    for (int p : positions) {
                        bytes[p] = (byte) (bytes[p] ^ (p * 31 + 7));
                    }
                    return bytes;
                });
        return Arbitraries.oneOf(noise, mutated);
    }

    @Property(tries = 500)
    void any_bytes_either_parse_or_are_refused_with_a_reason(@ForAll("hostile") byte[] bytes) {
        try {
            SipMessage message = SipParser.parse(bytes, bytes.length);
            assertThat(message.encode()).isNotEmpty();
            message.cseq();
            message.topVia();
        } catch (SipParseException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
