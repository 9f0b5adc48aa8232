package dev.parley.voice.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.message.SipParser;
import dev.parley.voice.sip.message.SipUri;
import dev.parley.voice.sip.transport.TcpLimits;
import dev.parley.voice.sip.transport.TcpSipTransport;
import dev.parley.voice.sip.transport.UdpSipTransport;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SIP torture messages of RFC 4475, written out from the RFC's sections (named by its file names,
 * wsinv, intmeth ...), sent as raw datagrams to a running endpoint: the valid ones are parsed and
 * answered as their method and dialog deserve, the invalid ones get 400 (505 for another version) or
 * are dropped where the RFC allows (responses nobody asked for), the application-layer ones get what
 * RFC 3261 requires. After all of them a normal call still works.
 */
class TortureMessagesTest {
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    private final CallEvents events = new CallEvents();
    private SipEndpoint endpoint;
    private UdpSipTransport udp;
    private TcpSipTransport tcp;
    private DatagramSocket peer;

    @BeforeEach
    void start() throws Exception {
        endpoint = new SipEndpoint();
        endpoint.accept(events.onInvite(call -> call.answer(SDP.getBytes(StandardCharsets.UTF_8))));
        udp = UdpSipTransport.bind(new InetSocketAddress("127.0.0.1", 0), endpoint::received);
        tcp = TcpSipTransport.bind(
                new InetSocketAddress("127.0.0.1", 0), endpoint::received, TcpLimits.of(address -> true));
        endpoint.useTransports(udp, tcp);
        peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        peer.setSoTimeout(5_000);
    }

    @AfterEach
    void stop() {
        peer.close();
        udp.close();
        tcp.close();
        endpoint.close();
    }

    /**
     * The RFC's message as a datagram: lines end in CRLF, and {@code @LENGTH@} becomes the length of
     * what follows the empty line (the RFC's own lengths fit its bodies, ours are written out anew).
     */
    private static byte[] message(String text) {
        String crlf = text.replace("\r\n", "\n").replace("\n", "\r\n");
        int empty = crlf.indexOf("\r\n\r\n");
        int bodyLength = empty < 0 ? 0 : crlf.substring(empty + 4).getBytes(StandardCharsets.UTF_8).length;
        return crlf.replace("@LENGTH@", Integer.toString(bodyLength)).getBytes(StandardCharsets.UTF_8);
    }

    private void send(byte[] datagram) throws Exception {
        peer.send(new DatagramPacket(
                datagram,
                datagram.length,
                InetAddress.getLoopbackAddress(),
                udp.local().getPort()));
    }

    /** The next response Parley sends us (within 5 s), skipping provisional ones. */
    private SipMessage.Response finalResponse() throws Exception {
        while (true) {
            byte[] buffer = new byte[65_536];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            peer.receive(packet);
            SipMessage.Response response = (SipMessage.Response) SipParser.parse(packet.getData(), packet.getLength());
            if (response.status() >= 200) {
                return response;
            }
        }
    }

    private SipMessage.Response exchange(String text) throws Exception {
        send(message(text));
        return finalResponse();
    }

    /** Whether Parley stays silent: an OPTIONS sent next is the first thing answered. */
    private void assertNothingAnswered(String text) throws Exception {
        send(message(text));
        SipMessage.Response next = exchange("""
                OPTIONS sip:parley@127.0.0.1 SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-silence-%s
                Max-Forwards: 70
                From: <sip:probe@127.0.0.1>;tag=probe
                To: <sip:parley@127.0.0.1>
                Call-ID: silence-probe-%s
                CSeq: 1 OPTIONS
                Content-Length: 0

                """.formatted(System.nanoTime(), System.nanoTime()));
        assertThat(next.callId())
                .as("nothing was sent back before the probe's answer")
                .startsWith("silence-probe-");
    }

    // 3.1.1 Valid messages

    @Test
    void wsinv_a_short_tortuous_invite_is_read_and_answered_481_for_the_dialog_it_names() throws Exception {
        SipMessage.Response response = exchange("""
                INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0
                TO :
                 sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n
                from   : "J Rosenberg \\\\\\""       <sip:jdrosen@example.com>
                  ;
                  tag = 98asjd8
                MaX-fOrWaRdS: 0068
                Call-ID: wsinv.ndaksdj@192.0.2.1
                Content-Length   : @LENGTH@
                cseq: 0009
                  INVITE
                Via  : SIP  /   2.0
                 /UDP
                    192.0.2.2;rport;branch=390skdjuw
                s :
                NewFangledHeader:   newfangled value
                 continued newfangled value
                UnknownHeaderWithUnusualValue: ;;,,;;,;
                Content-Type: application/sdp
                Route:
                 <sip:services.example.com;lr;unknownwith=value;unknown-no-value>
                v:  SIP  / 2.0  / TCP     spindle.example.com   ;
                  branch  =   z9hG4bK9ikj8  ,
                 SIP  /    2.0   / UDP  192.168.255.111   ; branch=
                 z9hG4bK30239
                m:"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =
                      newvalue ;
                  secondparam ; q = 0.33

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.3
                s=-
                c=IN IP4 192.0.2.4
                t=0 0
                m=audio 49217 RTP/AVP 0 12
                m=video 3227 RTP/AVP 31
                a=rtpmap:31 LPC
                """);
        // It carries a To tag: a request inside a dialog this endpoint does not have.
        assertThat(response.status()).isEqualTo(481);
        assertThat(response.callId()).isEqualTo("wsinv.ndaksdj@192.0.2.1");
        assertThat(response.headers().all("Via")).hasSize(3);
    }

    @Test
    void intmeth_a_method_of_every_token_character_is_read_and_answered_405() throws Exception {
        String method = "!interesting-Method0123456789_*+`.%indeed'~";
        SipMessage.Response response = exchange(method + """
                 sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com SIP/2.0
                Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~
                To: "BEL:\\\u0007 NUL:\\\u0000 DEL:\\\u007F" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>
                From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%="\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439";tag=_token~1'+`*%!-.
                Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/"][?}{
                CSeq: 139122385\s""" + method + """

                Max-Forwards: 255
                extensionHeader-!.%*+_`'~:\uFEFF\u5927\u505c\u96fb
                Content-Length: 0

                """);
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers().first("Allow")).contains(SipEndpoint.ALLOW);
    }

    @Test
    void esc01_escaped_characters_are_read_and_decoded_where_a_user_part_reaches_the_call_layer() throws Exception {
        SipMessage.Response response = exchange("""
                INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0
                To: sip:%75se%72@example.com
                From: <sip:I%20have%20spaces@example.net>;tag=938
                Max-Forwards: 87
                i: esc01.239409asdfakjkn23onasd0-3234
                CSeq: 234234 INVITE
                Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw
                C: application/sdp
                Contact:
                  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>
                Content-Length: @LENGTH@

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.1
                s=-
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 49217 RTP/AVP 0 12
                m=video 3227 RTP/AVP 31
                a=rtpmap:31 LPC
                """);
        assertThat(response.status()).isEqualTo(200);
        IncomingCall call = events.nextInvited();
        assertThat(call).isNotNull();
        assertThat(SipUri.user(call.requestUri())).isEqualTo("sips:user@example.com");
        assertThat(SipUri.user(call.to().uri())).isEqualTo("user");
        assertThat(SipUri.user(call.from().uri())).isEqualTo("I have spaces");
    }

    @Test
    void escnull_escaped_nulls_in_uris_are_read_and_a_register_answered_405() throws Exception {
        SipMessage.Response response = exchange("""
                REGISTER sip:example.com SIP/2.0
                To: sip:null-%00-null@example.com
                From: sip:null-%00-null@example.com;tag=839923423
                Max-Forwards: 70
                Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd
                CSeq: 14398234 REGISTER
                Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw
                Contact: <sip:%00@host5.example.com>
                Contact: <sip:%00%00@host5.example.com>
                L:0

                """);
        assertThat(response.status()).as("Parley is no registrar").isEqualTo(405);
    }

    @Test
    void esc02_a_percent_that_escapes_nothing_is_read_and_the_unknown_method_answered_405() throws Exception {
        SipMessage.Response response = exchange("""
                RE%47IST%45R sip:registrar.example.com SIP/2.0
                To: "%Z%45" <sip:resource@example.com>
                From: "%Z%45" <sip:resource@example.com>;tag=f232jadfj23
                Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf
                Via: SIP/2.0/TCP host.example.com;rport;branch=z9hG4bK209%fzsnel234
                CSeq: 29344 RE%47IST%45R
                Max-Forwards: 70
                Contact: <sip:alias1@host1.example.com>
                C%6Fntact: <sip:alias2@host2.example.com>
                Contact: <sip:alias3@host3.example.com>
                l: 0

                """);
        assertThat(response.status()).isEqualTo(405);
    }

    @Test
    void lwsdisp_a_display_name_without_space_before_its_bracket_is_read() throws Exception {
        SipMessage.Response response = exchange("""
                OPTIONS sip:user@example.com SIP/2.0
                To: sip:user@example.com
                From: caller<sip:caller@example.com>;tag=323
                Max-Forwards: 70
                Call-ID: lwsdisp.1234abcd@funky.example.com
                CSeq: 60 OPTIONS
                Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw
                l: 0

                """);
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void longreq_long_header_values_and_many_vias_are_read_and_every_via_returned() throws Exception {
        String longName = "I".repeat(300);
        String tag = "12982982982" + "k".repeat(150);
        StringBuilder vias = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            vias.append("Via: SIP/2.0/TCP sip")
                    .append(i)
                    .append(".example.com;branch=z9hG4bK")
                    .append("a".repeat(40))
                    .append(i)
                    .append('\n');
        }
        SipMessage.Response response =
                exchange("""
                INVITE sip:user@example.com SIP/2.0
                To: "%s" <sip:user@example.com>;tag=%s
                From: sip:caller@example.net;tag=333
                Max-Forwards: 70
                Call-ID: longreq.%s
                CSeq: 1 INVITE
                Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKlongreq1
                %sContact: <sip:amazinglylongcallername%s@host5.example.net>
                X-Unknown-Header: %s
                Content-Type: application/sdp
                Content-Length: @LENGTH@

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.1
                s=-
                c=IN IP4 192.0.2.1
                t=0 0
                m=audio 49217 RTP/AVP 0
                """.formatted(longName, tag, "o".repeat(300), vias, "x".repeat(200), "y".repeat(1_000)));
        // A To tag again (the RFC's request is inside a dialog): read through, answered 481 with all 31 Vias.
        assertThat(response.status()).isEqualTo(481);
        assertThat(response.headers().all("Via")).hasSize(31);
    }

    @Test
    void dblreq_octets_after_the_content_length_are_discarded() throws Exception {
        SipMessage.Response response = exchange("""
                REGISTER sip:example.com SIP/2.0
                To: sip:j.user@example.com
                From: sip:j.user@example.com;tag=43251j3j324
                Max-Forwards: 8
                I: dblreq.0ha0isndaksdj99sdfafnl3lk233412
                Contact: sip:j.user@host.example.com
                CSeq: 8 REGISTER
                Via: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKkdjuw23492
                Content-Length: 0

                INVITE sip:joe@example.com SIP/2.0
                t: sip:joe@example.com
                From: sip:caller@example.net;tag=141334
                Max-Forwards: 8
                Call-ID: dblreq.0ha0isnda977644900765@192.0.2.15
                CSeq: 8 INVITE
                Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234
                Content-Type: application/sdp
                Content-Length: 0

                """);
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.cseq().method()).isEqualTo("REGISTER");
        assertThat(events.invited()).as("the INVITE behind it was never read").isEmpty();
    }

    @Test
    void semiuri_a_semicolon_in_the_user_part_is_read() throws Exception {
        SipMessage.Response response = exchange("""
                OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0
                To: sip:j_user@example.com
                From: sip:caller@example.org;tag=33242
                Max-Forwards: 3
                Call-ID: semiuri.0ha0isndaksdj
                CSeq: 8 OPTIONS
                Accept: application/sdp, application/pkcs7-mime,
                        multipart/mixed, multipart/signed,
                        message/sip, message/sipfrag
                Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw
                l: 0

                """);
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void transports_unknown_transports_further_down_are_returned_as_they_came() throws Exception {
        SipMessage.Response response = exchange("""
                OPTIONS sip:user@example.com SIP/2.0
                To: sip:user@example.com
                From: <sip:caller@example.com>;tag=323
                Max-Forwards: 70
                Call-ID:  transports.kijh4akdnaqjkwendsasfdj
                Accept: application/sdp
                CSeq: 60 OPTIONS
                Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw
                Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf
                Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj
                Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en
                Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee
                l: 0

                """);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().all("Via")).hasSize(5);
        assertThat(response.headers().all("Via").get(3)).contains("SIP/2.0/UNKNOWN t4.example.com");
    }

    @Test
    void mpart01_a_multipart_message_is_read_and_its_method_answered_405() throws Exception {
        SipMessage.Response response = exchange("""
                MESSAGE sip:kumiko@example.org SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-;rport
                Max-Forwards: 70
                Route: <sip:127.0.0.1:5080>
                Identity: r5mwreLuyDRYBi/0TiPwEsY3rEVsk/G2WxhgTV1PF7hHuLIK0YWVKZhKv9Mj8UeXqkMVbnVq37CD+813gvYjcBUaZngQmXc9WNZSDNGCzA+fWl9MEUHWIZo1CeJebdY/XlgKeTa0Olvq0rt70Q5jiSfbqMJmQFteeivUhkMWYUA=
                Contact: <sip:fluffy@127.0.0.1:5070>
                To: <sip:kumiko@example.org>
                From: <sip:fluffy@example.com>;tag=2fb0dcc9
                Call-ID: 3d9485ad0c49859b@Zmx1ZmZ5LW1hYy0xNi5sb2NhbA..
                CSeq: 1 MESSAGE
                Content-Transfer-Encoding: binary
                Content-Type: multipart/mixed;boundary=7a9cbec02ceef655
                Date: Sat, 15 Oct 2005 04:44:56 GMT
                User-Agent: SIPimp.org/0.2.5 (curses)
                Content-Length: @LENGTH@

                --7a9cbec02ceef655
                Content-Type: text/plain
                Content-Transfer-Encoding: binary

                Hello
                --7a9cbec02ceef655
                Content-Type: application/octet-stream
                Content-Transfer-Encoding: binary

                0\u0082\u0001R\u0006\u0009*\u0086H\u0086
                --7a9cbec02ceef655--
                """);
        assertThat(response.status()).isEqualTo(405);
    }

    @Test
    void unreason_and_noreason_unusual_and_empty_reason_phrases_are_responses() throws Exception {
        String head =
                "Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923\r\nCall-ID: unreason.1234ksdfak3j2erwedfsASdf\r\n"
                        + "CSeq: 35 INVITE\r\nFrom: sip:user@example.com;tag=11141343\r\nTo: sip:user@example.edu;tag=2229\r\n"
                        + "Content-Length: 0\r\n\r\n";
        byte[] unusual =
                ("SIP/2.0 200 = 2**3 * 5**2 \u043d\u043e \u0441\u0442\u043e \u0434\u0435\u0432\u044f\u043d\u043e\u0441\u0442\u043e"
                                + " \u0434\u0435\u0432\u044f\u0442\u044c - \u043f\u0440\u043e\u0441\u0442\u043e\u0435\r\n"
                                + head)
                        .getBytes(StandardCharsets.UTF_8);
        SipMessage.Response parsed = (SipMessage.Response) SipParser.parse(unusual, unusual.length);
        assertThat(parsed.status()).isEqualTo(200);
        assertThat(parsed.reason()).startsWith("= 2**3 * 5**2 \u043d\u043e");
        byte[] empty = ("SIP/2.0 100 \r\n" + head).getBytes(StandardCharsets.UTF_8);
        SipMessage.Response none = (SipMessage.Response) SipParser.parse(empty, empty.length);
        assertThat(none.status()).isEqualTo(100);
        assertThat(none.reason()).isEmpty();
        // Sent to Parley, which asked for neither: no transaction, nothing answered.
        assertNothingAnswered(new String(unusual, StandardCharsets.UTF_8));
        assertNothingAnswered(new String(empty, StandardCharsets.UTF_8));
    }

    // 3.1.2 Invalid messages

    @Test
    void badinv01_empty_header_separators_in_via_and_contact_are_400() throws Exception {
        assertThat(exchange("""
                INVITE sip:user@example.com SIP/2.0
                To: sip:j.user@example.com
                From: sip:caller@example.net;tag=134161461246
                Max-Forwards: 7
                Call-ID: badinv01.0ha0isndaksdjasdf3234nas
                CSeq: 8 INVITE
                Via: SIP/2.0/UDP 192.0.2.15;;,;,,
                Contact: "Joe" <sip:joe@example.org>;;;;
                Content-Length: @LENGTH@
                Content-Type: application/sdp

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.15
                s=-
                c=IN IP4 192.0.2.15
                t=0 0
                m=audio 49217 RTP/AVP 0
                """).status()).isEqualTo(400);
    }

    @Test
    void clerr_ncl_and_scalar02_impossible_lengths_and_overlarge_numbers_are_400() throws Exception {
        String longer = """
                INVITE sip:user@example.com SIP/2.0
                Max-Forwards: 80
                To: sip:j.user@example.com
                From: sip:caller@example.net;tag=93942939o2
                Contact: <sip:caller@hungry.example.net>
                Call-ID: clerr.0ha0isndaksdjweiafasdk3
                CSeq: 8 INVITE
                Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523
                Content-Type: application/sdp
                Content-Length: 9999

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.155
                s=-
                c=IN IP4 192.0.2.155
                t=0 0
                m=audio 49217 RTP/AVP 0
                """;
        assertThat(exchange(longer).status()).as("clerr").isEqualTo(400);
        String negative = """
                INVITE sip:user@example.com SIP/2.0
                Max-Forwards: 254
                To: sip:j.user@example.com
                From: sip:caller@example.net;tag=32394234
                Call-ID: ncl.0ha0isndaksdj2193423r542w35
                CSeq: 0 INVITE
                Via: SIP/2.0/UDP 192.0.2.53;branch=z9hG4bKkdjuw
                Contact: <sip:caller@example53.example.net>
                Content-Type: application/sdp
                Content-Length: -999

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.53
                s=-
                c=IN IP4 192.0.2.53
                t=0 0
                m=audio 49217 RTP/AVP 0
                """;
        assertThat(exchange(negative).status()).as("ncl").isEqualTo(400);
        String overlarge = """
                REGISTER sip:example.com SIP/2.0
                Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3
                To: <sip:user@example.com>
                From: <sip:user@example.com>;tag=239232jh3
                CSeq: 36893488147419103232 REGISTER
                Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32
                Max-Forwards: 300
                Expires: 1%s
                Contact: <sip:user@host129.example.com>
                  ;expires=280297596632815
                Content-Length: 0

                """.formatted("0".repeat(100));
        assertThat(exchange(overlarge).status()).as("scalar02").isEqualTo(400);
    }

    @Test
    void scalarlg_and_bigcode_responses_with_overlarge_numbers_are_dropped() throws Exception {
        assertNothingAnswered("""
                SIP/2.0 503 Service Unavailable
                Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bKzzxdiwo34sw;received=192.0.2.129
                To: <sip:user@example.com>
                From: <sip:other@example.net>;tag=2easdjfejw
                CSeq: 9292394834772304023312 OPTIONS
                Call-ID: scalarlg.noase0of0234hn2qofoaf0232aewf2394r
                Retry-After: 949302838503028349304023988
                Warning: 1812 overture "In Progress"
                Content-Length: 0

                """);
        assertNothingAnswered("""
                SIP/2.0 4294967301 better not break the receiver
                Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe
                Call-ID: bigcode.asdof3uj203asdnf3429uasdhfas3ehjasdfas9i
                CSeq: 353494 INVITE
                From: <sip:user@example.com>;tag=39ansfi3
                To: <sip:user@example.edu>;tag=902jndnke3
                Content-Length: 0
                Contact: <sip:user@host105.example.com>

                """);
    }

    @Test
    void quotbal_ltgtruri_lwsruri_and_escruri_broken_quotes_and_request_uris_are_400() throws Exception {
        String unbalanced = """
                INVITE sip:user@example.com SIP/2.0
                To: "Mr. J. User <sip:j.user@example.com>
                From: sip:caller@example.net;tag=93334
                Max-Forwards: 10
                Call-ID: quotbal.aksdj
                Contact: <sip:caller@host59.example.net>
                CSeq: 8 INVITE
                Via: SIP/2.0/UDP 192.0.2.59:5050;branch=z9hG4bKkdjuw39234
                Content-Type: application/sdp
                Content-Length: 0

                """;
        assertThat(exchange(unbalanced).status()).as("quotbal").isEqualTo(400);
        for (String requestLine : List.of(
                "INVITE <sip:user@example.com> SIP/2.0",
                "INVITE sip:user@example.com; lr SIP/2.0",
                "INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0")) {
            String text = requestLine + "\n" + """
                    To: sip:user@example.com
                    From: sip:caller@example.net;tag=39291
                    Max-Forwards: 23
                    Call-ID: ruri.1@192.0.2.5
                    CSeq: 1 INVITE
                    Via: SIP/2.0/UDP 192.0.2.5;branch=z9hG4bK%s
                    Contact: <sip:caller@host5.example.net>
                    Content-Length: 0

                    """.formatted(Integer.toHexString(requestLine.hashCode()));
            assertThat(exchange(text).status()).as(requestLine).isEqualTo(400);
        }
    }

    @Test
    void lwsstart_and_trws_extra_spaces_in_the_request_line_are_tolerated() throws Exception {
        for (String requestLine :
                List.of("OPTIONS  sip:user@example.com  SIP/2.0", "OPTIONS sip:remote-target@example.com SIP/2.0  ")) {
            String text = requestLine + "\n" + """
                    To: <sip:remote-target@example.com>
                    From: <sip:local-resource@example.com>;tag=329429089
                    Call-ID: trws.oicu34958239neffasdhr2345r
                    Accept: application/sdp
                    CSeq: 238923 OPTIONS
                    Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bK%s
                    Max-Forwards: 70
                    Content-Length: 0

                    """.formatted(Integer.toHexString(requestLine.hashCode()));
            // The RFC allows either refusing these or reading past the spaces; Parley reads past them.
            assertThat(exchange(text).status()).as(requestLine).isEqualTo(200);
        }
    }

    @Test
    void baddate_a_date_parley_does_not_need_is_ignored() throws Exception {
        SipMessage.Response response = exchange("""
                INVITE sip:user@example.com SIP/2.0
                To: sip:user@example.com
                From: sip:caller@example.net;tag=2234923
                Max-Forwards: 70
                Call-ID: baddate.239423mnsadf3j23lj42--sedfnm234
                CSeq: 1392934 INVITE
                Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw
                Date: Fri, 01 Jan 2010 16:00:00 EST
                Contact: <sip:caller@host5.example.net>
                Content-Type: application/sdp
                Content-Length: @LENGTH@

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.5
                s=-
                c=IN IP4 192.0.2.5
                t=0 0
                m=audio 49217 RTP/AVP 0
                """);
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void regbadct_badaspec_and_baddn_malformed_name_addresses_are_400() throws Exception {
        String contactWithHeaders = """
                REGISTER sip:example.com SIP/2.0
                To: sip:user@example.com
                From: sip:user@example.com;tag=998332
                Max-Forwards: 70
                Call-ID: regbadct.k345asrl3fdbv@10.0.0.1
                CSeq: 1 REGISTER
                Via: SIP/2.0/UDP 135.180.130.133:5060;branch=z9hG4bKkdjuw
                Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E
                l: 0

                """;
        assertThat(exchange(contactWithHeaders).status()).as("regbadct").isEqualTo(400);
        String spacesInBrackets = """
                OPTIONS sip:user@example.org SIP/2.0
                Via: SIP/2.0/UDP host4.example.com:5060;branch=z9hG4bKkdju43234
                Max-Forwards: 70
                From: "Bell, Alexander" <sip:a.g.bell@example.com>;tag=433423
                To: "Watson, Thomas" < sip:t.watson@example.org >
                Call-ID: badaspec.sdf0234n2nds0a099u23h3hnnw009cdkne3
                Accept: application/sdp
                CSeq: 3923239 OPTIONS
                l: 0

                """;
        assertThat(exchange(spacesInBrackets).status()).as("badaspec").isEqualTo(400);
        String unquotedComma = """
                OPTIONS sip:t.watson@example.org SIP/2.0
                Via:     SIP/2.0/UDP c.example.com:5060;branch=z9hG4bKkdjuw
                Max-Forwards:      70
                From:    Bell, Alexander <sip:a.g.bell@example.com>;tag=43
                To:      Watson, Thomas <sip:t.watson@example.org>
                Call-ID: baddn.31415@c.example.com
                Accept: application/sdp
                CSeq:    3923239 OPTIONS
                l: 0

                """;
        assertThat(exchange(unquotedComma).status()).as("baddn").isEqualTo(400);
    }

    @Test
    void badvers_another_sip_version_is_505() throws Exception {
        assertThat(exchange("""
                OPTIONS sip:t.watson@example.org SIP/7.0
                Via:     SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw
                Max-Forwards:     70
                From:    A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe
                To:      T. Watson <sip:t.watson@example.org>
                Call-ID: badvers.31417@c.example.com
                CSeq:    1 OPTIONS
                l: 0

                """).status()).isEqualTo(505);
    }

    @Test
    void mismatch01_and_mismatch02_a_cseq_naming_another_method_is_400() throws Exception {
        for (String method : List.of("OPTIONS", "NEWMETHOD")) {
            String text = method + """
                     sip:user@example.com SIP/2.0
                    To: sip:j.user@example.com
                    From: sip:caller@example.net;tag=34525
                    Max-Forwards: 6
                    Call-ID: mismatch.%s.0ha0isndaksdj
                    CSeq: 8 INVITE
                    Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw-%s
                    l: 0

                    """.formatted(method, method);
            assertThat(exchange(text).status()).as(method).isEqualTo(400);
        }
    }

    // 3.2 Transaction layer semantics

    @Test
    void badbranch_a_branch_of_the_magic_cookie_alone_is_matched_as_rfc_2543_says() throws Exception {
        String text = """
                OPTIONS sip:user@example.com SIP/2.0
                To: sip:user@example.com
                From: sip:caller@example.org;tag=33242
                Max-Forwards: 3
                Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK
                Accept: application/sdp
                Call-ID: badbranch.sadonfo23i420jv0as0derf3j3n
                CSeq: %d OPTIONS
                l: 0

                """;
        SipMessage.Response first = exchange(text.formatted(8));
        SipMessage.Response second = exchange(text.formatted(9));
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.cseq().number())
                .as("a new request, not the first one's answer again")
                .isEqualTo(9);
    }

    // 3.3 Application layer semantics

    @Test
    void insuf_missing_call_id_from_and_to_are_400() throws Exception {
        assertThat(exchange("""
                INVITE sip:user@example.com SIP/2.0
                CSeq: 193942 INVITE
                Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf
                Content-Type: application/sdp
                l: @LENGTH@

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.95
                s=-
                c=IN IP4 192.0.2.95
                t=0 0
                m=audio 49217 RTP/AVP 0
                """).status()).isEqualTo(400);
    }

    @Test
    void unkscm_and_novelsc_request_uris_of_other_schemes_are_416() throws Exception {
        for (String uri : List.of("nobodyKnowsThisScheme:totallyopaquecontent", "soap.beep://192.0.2.103:3002")) {
            String text = "OPTIONS " + uri + " SIP/2.0\n"
                    + """
                    To: sip:user@example.com
                    From: sip:caller@example.net;tag=384
                    Max-Forwards: 3
                    Call-ID: unkscm.%s
                    CSeq: 3923423 OPTIONS
                    Via: SIP/2.0/TCP host9.example.com;branch=z9hG4bKkdjuw39234-%s
                    Content-Length: 0

                    """.formatted(Integer.toHexString(uri.hashCode()), Integer.toHexString(uri.hashCode()));
            assertThat(exchange(text).status()).as(uri).isEqualTo(416);
        }
    }

    @Test
    void unksm2_regaut01_cparam_and_regescrt_registers_are_read_and_answered_405() throws Exception {
        List<String> registers = List.of("""
                REGISTER sip:example.com SIP/2.0
                To: isbn:2983792873
                From: <http://www.example.com>;tag=3234233
                Call-ID: unksm2.daksdj@hyphenated-host.example.com
                CSeq: 234902 REGISTER
                Max-Forwards: 70
                Via: SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bKkdjuw-unksm2
                Contact: <name:John_Smith>
                l: 0

                """, """
                REGISTER sip:example.com SIP/2.0
                To: sip:j.user@example.com
                From: sip:j.user@example.com;tag=87321hj23128
                Max-Forwards: 8
                Call-ID: regaut01.0ha0isndaksdj
                CSeq: 9338 REGISTER
                Via: SIP/2.0/TCP 192.0.2.253;branch=z9hG4bKkdjuw-regaut01
                Authorization: NoOneKnowsThisScheme opaque-data=here
                Content-Length:0

                """, """
                REGISTER sip:example.com SIP/2.0
                Via: SIP/2.0/UDP saturn.example.com:5060;branch=z9hG4bKkdjuw-cparam01
                Max-Forwards: 70
                From: sip:watson@example.com;tag=DkfVgjkrtMwaerKKpe
                To: sip:watson@example.com
                Call-ID: cparam01.70710@saturn.example.com
                CSeq: 2 REGISTER
                Contact: sip:+19725552222@gw1.example.net;unknownparam
                l: 0

                """, """
                REGISTER sip:example.com SIP/2.0
                Via: SIP/2.0/UDP saturn.example.com:5060;branch=z9hG4bKkdjuw-cparam02
                Max-Forwards: 70
                From: sip:watson@example.com;tag=838293
                To: sip:watson@example.com
                Call-ID: cparam02.70710@saturn.example.com
                CSeq: 3 REGISTER
                Contact: <sip:+19725552222@gw1.example.net;unknownparam>
                l: 0

                """, """
                REGISTER sip:example.com SIP/2.0
                To: sip:user@example.com
                From: sip:user@example.com;tag=8
                Max-Forwards: 70
                Call-ID: regescrt.k345asrl3fdbv@192.0.2.1
                CSeq: 14398234 REGISTER
                Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw-regescrt
                M: <sip:user@example.com?Route=%3Csip:sip.example.com%3E>
                L:0

                """);
        for (String register : registers) {
            assertThat(exchange(register).status())
                    .as(register.lines().skip(3).findFirst().orElseThrow())
                    .isEqualTo(405);
        }
    }

    @Test
    void bext01_an_extension_required_is_420_naming_the_required_ones() throws Exception {
        SipMessage.Response response = exchange("""
                OPTIONS sip:user@example.com SIP/2.0
                To: sip:j_user@example.com
                From: sip:caller@example.net;tag=242etr
                Max-Forwards: 6
                Call-ID: bext01.0ha0isndaksdj
                Require: nothingSupportsThis, nothingSupportsThisEither
                Proxy-Require: noProxiesSupportThis, nothingSupportsThisEither
                CSeq: 8 OPTIONS
                Via: SIP/2.0/TLS fold-and-staple.example.com;branch=z9hG4bKkdjuw
                Content-Length: 0

                """);
        assertThat(response.status()).isEqualTo(420);
        assertThat(response.headers().first("Unsupported")).contains("nothingSupportsThis, nothingSupportsThisEither");
    }

    @Test
    void invut_and_sdp01_a_body_parley_cannot_read_is_415_and_an_answer_it_cannot_give_406() throws Exception {
        SipMessage.Response unknownBody = exchange("""
                INVITE sip:user@example.com SIP/2.0
                Contact: <sip:caller@host5.example.net>
                To: sip:j.user@example.com
                From: sip:caller@example.net;tag=8392034
                Max-Forwards: 70
                Call-ID: invut.0ha0isndaksdjadsfij34n23d
                CSeq: 235448 INVITE
                Via: SIP/2.0/UDP somehost.example.com;branch=z9hG4bKkdjuw
                Content-Type: application/unknownformat
                Content-Length: @LENGTH@

                <audio>
                 <pcmu port="443"/>
                </audio>
                """);
        assertThat(unknownBody.status()).isEqualTo(415);
        assertThat(unknownBody.headers().first("Accept")).contains("application/sdp");
        SipMessage.Response unacceptable = exchange("""
                INVITE sip:user@example.com SIP/2.0
                To: sip:j_user@example.com
                Contact: <sip:caller@host15.example.net>
                From: sip:caller@example.net;tag=234
                Max-Forwards: 5
                Call-ID: sdp01.ndaksdj9342dasdd
                Accept: text/nobodyknowsthis
                CSeq: 8 INVITE
                Via: SIP/2.0/UDP 60.63.78.111;branch=z9hG4bKkdjuw
                Content-Type: application/sdp
                Content-Length: @LENGTH@

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.5
                s=-
                c=IN IP4 192.0.2.5
                t=0 0
                m=audio 49217 RTP/AVP 0
                """);
        assertThat(unacceptable.status()).isEqualTo(406);
        assertThat(events.invited()).isEmpty();
    }

    @Test
    void multi01_single_value_headers_given_twice_are_400() throws Exception {
        assertThat(exchange("""
                INVITE sip:user@company.com SIP/2.0
                Contact: <sip:caller@host25.example.net>
                Via: SIP/2.0/UDP 192.0.2.25;branch=z9hG4bKkdjuw
                Max-Forwards: 70
                CSeq: 5 INVITE
                Call-ID: multi01.98asdh@192.0.2.1
                CSeq: 59 INVITE
                Call-ID: multi01.98asdh@192.0.2.2
                From: sip:caller@example.com;tag=3413415
                To: sip:user@example.com
                To: sip:other@example.net
                From: sip:caller@example.net;tag=2923420123
                Content-Type: application/sdp
                l: @LENGTH@
                Contact: <sip:caller@host36.example.net>
                Max-Forwards: 5

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.25
                s=-
                c=IN IP4 192.0.2.25
                t=0 0
                m=audio 49217 RTP/AVP 0
                """).status()).isEqualTo(400);
    }

    @Test
    void mcl01_conflicting_content_lengths_are_400_on_udp_and_close_a_tcp_connection() throws Exception {
        String text = """
                OPTIONS sip:user@example.com SIP/2.0
                Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bK293423
                To: sip:user@example.com
                From: sip:other@example.net;tag=3923942
                Call-ID: mcl01.fhn2323orihawfdoa3o4r52o3irsdf
                CSeq: 15932 OPTIONS
                Content-Length: 13
                Max-Forwards: 60
                Content-Length: 5
                Content-Type: text/plain

                There's no way to know how many octets are supposed to be here.
                """;
        assertThat(exchange(text).status()).as("UDP").isEqualTo(400);
        try (Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), tcp.local().getPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(message(text.replace("SIP/2.0/UDP", "SIP/2.0/TCP")));
            InputStream in = socket.getInputStream();
            String answered = new String(in.readAllBytes(), StandardCharsets.UTF_8); // to the close
            assertThat(answered).startsWith("SIP/2.0 400 ");
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was left open after a message that cannot be framed", e);
        }
    }

    @Test
    void bcast_a_response_nobody_asked_for_is_dropped_not_forwarded() throws Exception {
        assertNothingAnswered("""
                SIP/2.0 200 OK
                Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923
                Via: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23
                Call-ID: bcast.0384840201234ksdfak3j2erwedfsASdf
                CSeq: 35 INVITE
                From: sip:user@example.com;tag=11141343
                To: sip:user@example.edu;tag=2229
                Content-Length: 0
                Contact: <sip:user@host28.example.com>

                """);
    }

    @Test
    void zeromf_an_options_with_no_hops_left_is_answered_by_parley_itself() throws Exception {
        assertThat(exchange("""
                OPTIONS sip:user@example.com SIP/2.0
                Call-ID: zeromf.33aei8aowefkj3e@192.0.2.2
                CSeq: 3923 OPTIONS
                Via: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bK-zeromf
                Max-Forwards: 0
                To: <sip:user@example.com>
                From: <sip:caller@example.net>;tag=1234
                Content-Length: 0

                """).status()).isEqualTo(200);
    }

    // 3.4 Backward compatibility

    @Test
    void inv2543_an_invite_of_rfc_2543_without_branch_tag_or_max_forwards_is_a_call() throws Exception {
        SipMessage.Response response = exchange("""
                INVITE sip:UserB@example.com SIP/2.0
                Via: SIP/2.0/UDP iftgw.example.com
                From: <sip:+13035551111@ift.client.example.net;user=phone>
                Record-Route: <sip:UserB@example.com;maddr=ss1.example.com>
                To: sip:+16505552222@ss1.example.net;user=phone
                Call-ID: inv2543.1717@ift.client.example.com
                CSeq: 56 INVITE
                Content-Type: application/sdp
                Content-Length: @LENGTH@

                v=0
                o=mhandley 29739 7272939 IN IP4 192.0.2.5
                s=-
                c=IN IP4 192.0.2.5
                t=0 0
                m=audio 492170 RTP/AVP 0
                """);
        assertThat(response.status()).isEqualTo(200);
        assertThat(events.nextInvited()).isNotNull();
    }

    // and then

    @Test
    void after_every_torture_message_a_normal_call_still_works() throws Exception {
        for (var test : List.of(
                (ThrowingRunnable) this::wsinv_a_short_tortuous_invite_is_read_and_answered_481_for_the_dialog_it_names,
                this::intmeth_a_method_of_every_token_character_is_read_and_answered_405,
                this::clerr_ncl_and_scalar02_impossible_lengths_and_overlarge_numbers_are_400,
                this::scalarlg_and_bigcode_responses_with_overlarge_numbers_are_dropped,
                this::quotbal_ltgtruri_lwsruri_and_escruri_broken_quotes_and_request_uris_are_400,
                this::multi01_single_value_headers_given_twice_are_400,
                this::mcl01_conflicting_content_lengths_are_400_on_udp_and_close_a_tcp_connection)) {
            test.run();
        }
        String invite = """
                INVITE sip:room@127.0.0.1 SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-normal1;rport
                Max-Forwards: 70
                From: <sip:alice@127.0.0.1>;tag=alice1
                To: <sip:room@127.0.0.1>
                Call-ID: normal-call-1
                CSeq: 1 INVITE
                Contact: <sip:alice@127.0.0.1:%d>
                Content-Type: application/sdp
                Content-Length: @LENGTH@

                """.formatted(peer.getLocalPort(), peer.getLocalPort()) + SDP.replace("\r\n", "\n");
        SipMessage.Response ok = exchange(invite);
        assertThat(ok.status()).isEqualTo(200);
        String tag = ok.headers().first("To").orElseThrow().replaceAll(".*;tag=", "");
        String inDialog = """
                %s sip:parley@127.0.0.1 SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-normal-%s;rport
                Max-Forwards: 70
                From: <sip:alice@127.0.0.1>;tag=alice1
                To: <sip:room@127.0.0.1>;tag=%s
                Call-ID: normal-call-1
                CSeq: %d %s
                Content-Length: 0

                """;
        send(message(inDialog.formatted("ACK", peer.getLocalPort(), "ack", tag, 1, "ACK")));
        SipMessage.Response bye = exchange(inDialog.formatted("BYE", peer.getLocalPort(), "bye", tag, 2, "BYE"));
        assertThat(bye.status()).isEqualTo(200);
        assertThat(events.next("ended")).isEqualTo("ended: remote hangup");
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
