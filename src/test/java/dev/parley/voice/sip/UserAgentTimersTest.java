package dev.parley.voice.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.ManualClock;
import dev.parley.fixtures.RecordingTransport;
import dev.parley.voice.sip.message.Responses;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.message.SipParser;
import dev.parley.voice.sip.transport.SipTransport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parley's user agents on the transaction layer, with a transport that loses whatever the test does
 * not deliver and a clock the test moves: lost BYE, lost 2xx, lost ACK, Timer F on our BYE, Timer B on
 * an unanswered INVITE, Timer L on an unacknowledged answer, and CANCEL racing a 200 both ways. Each
 * call ends once.
 */
class UserAgentTimersTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5070);
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    private final ManualClock clock = new ManualClock();
    private final RecordingTransport udp = new RecordingTransport("UDP", clock);
    private final SipEndpoint endpoint = new SipEndpoint(clock);
    private final CallEvents events = new CallEvents();

    UserAgentTimersTest() {
        endpoint.useTransports(udp, null);
        endpoint.accept(events);
    }

    private static SipMessage parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            return SipParser.parse(bytes, bytes.length);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void deliver(SipMessage message) {
        endpoint.received(new SipTransport.Inbound(message, PEER, udp));
    }

    /** A caller's request in call-1: a new branch per transaction, Parley's tag once it has one. */
    private static SipMessage.Request callerRequest(
            String method, String branch, long cseq, String toTag, String body) {
        return (SipMessage.Request) parse(method + " sip:room@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + branch + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=alice1\r\n"
                + "To: <sip:room@127.0.0.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: call-1\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Contact: <sip:alice@127.0.0.1:5070>\r\n"
                + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    }

    private IncomingCall incoming() {
        deliver(callerRequest("INVITE", "z9hG4bK-inv1", 1, null, SDP));
        assertThat(events.invited()).hasSize(1);
        return events.invited().get(0);
    }

    private String parleyTag() {
        SipMessage.Response ok = udp.responses(200).get(0);
        return ok.headers().first("To").orElseThrow().replaceAll(".*;tag=", "");
    }

    /** An incoming call answered and acknowledged. */
    private IncomingCall established() {
        IncomingCall call = incoming();
        call.answer(SDP.getBytes(StandardCharsets.UTF_8));
        deliver(callerRequest("ACK", "z9hG4bK-ack1", 1, parleyTag(), ""));
        assertThat(events.heard()).containsExactly("invited alice -> room", "established");
        return call;
    }

    /** Answers Parley's request as the peer would. */
    private static SipMessage.Response answer(SipMessage.Request request, int status, String body) {
        SipMessage.Response response =
                Responses.to(request, PEER, status, "bob1", body == null ? null : body.getBytes());
        response = SipEndpoint.with(response, "Contact", "<sip:bob@127.0.0.1:5070>");
        return body == null ? response : SipEndpoint.with(response, "Content-Type", "application/sdp");
    }

    private OutgoingCall dial() {
        return endpoint.dial(
                new OutgoingCall.Dial("sip:bob@127.0.0.1:5070", "parley", List.of(), SDP.getBytes(), null), events);
    }

    @Test
    void our_lost_bye_is_resent_until_answered_and_the_call_ends_once() {
        IncomingCall call = established();
        call.hangup();
        clock.advance(1_600); // the first two BYEs were lost
        List<SipMessage.Request> byes = udp.requests("BYE");
        assertThat(byes).hasSize(3);
        assertThat(byes)
                .extracting(SipMessage::topVia)
                .extracting(v -> v.branch())
                .containsOnly(byes.get(0).topVia().branch());
        deliver(answer(byes.get(2), 200, null));
        clock.advance(60_000);
        assertThat(udp.requests("BYE")).hasSize(3);
        assertThat(events.heard()).containsExactly("invited alice -> room", "established", "ended: local hangup");
        assertThat(endpoint.openTransactions()).isZero();
        assertThat(endpoint.openCalls()).isZero();
    }

    @Test
    void our_bye_that_nobody_answers_gives_up_by_timer_f_and_the_call_ends_once() {
        IncomingCall call = established();
        call.hangup();
        clock.advance(31_999);
        assertThat(endpoint.openTransactions()).as("the BYE still waits").isPositive();
        clock.advance(1);
        assertThat(udp.requests("BYE")).hasSize(11);
        assertThat(events.heard()).containsExactly("invited alice -> room", "established", "ended: local hangup");
        assertThat(endpoint.openTransactions()).isZero();
    }

    @Test
    void a_lost_2xx_is_resent_until_the_ack_and_the_call_is_established_once() {
        IncomingCall call = incoming();
        call.answer(SDP.getBytes(StandardCharsets.UTF_8));
        clock.advance(1_600); // two 200s lost
        assertThat(udp.responses(200)).hasSize(3);
        deliver(callerRequest("ACK", "z9hG4bK-ack1", 1, parleyTag(), ""));
        deliver(callerRequest("ACK", "z9hG4bK-ack1", 1, parleyTag(), "")); // the caller's ACK, twice
        clock.advance(60_000);
        assertThat(udp.responses(200)).hasSize(3);
        assertThat(events.heard()).containsExactly("invited alice -> room", "established");
    }

    @Test
    void an_answer_never_acknowledged_ends_the_call_with_bye_after_64_t1() {
        IncomingCall call = incoming();
        call.answer(SDP.getBytes(StandardCharsets.UTF_8));
        clock.advance(32_000);
        assertThat(events.heard()).containsExactly("invited alice -> room", "ended: no ACK");
        assertThat(udp.requests("BYE")).hasSize(1);
    }

    @Test
    void a_retransmitted_bye_is_answered_200_again_and_ends_the_call_once() {
        established();
        SipMessage.Request bye = callerRequest("BYE", "z9hG4bK-bye1", 2, parleyTag(), "");
        deliver(bye);
        deliver(bye); // our 200 was lost
        assertThat(udp.responses(200).stream().filter(r -> r.cseq().method().equals("BYE")))
                .hasSize(2);
        assertThat(events.heard()).containsExactly("invited alice -> room", "established", "ended: remote hangup");
    }

    @Test
    void a_cancel_that_crosses_our_200_gets_200_and_leaves_the_answered_call_up() {
        IncomingCall call = incoming();
        call.answer(SDP.getBytes(StandardCharsets.UTF_8));
        deliver(callerRequest("CANCEL", "z9hG4bK-inv1", 1, null, ""));
        deliver(callerRequest("ACK", "z9hG4bK-ack1", 1, parleyTag(), ""));
        assertThat(udp.responses(487)).isEmpty();
        assertThat(udp.sent().stream()
                        .filter(s -> s.status() == 200)
                        .map(s -> ((SipMessage.Response) s.message()).cseq().method()))
                .contains("CANCEL", "INVITE");
        assertThat(events.heard()).containsExactly("invited alice -> room", "established");
    }

    @Test
    void a_cancel_while_ringing_is_answered_487_for_the_invite_which_its_ack_ends() {
        IncomingCall call = incoming();
        call.ringing();
        deliver(callerRequest("CANCEL", "z9hG4bK-inv1", 1, null, ""));
        assertThat(udp.responses(487)).hasSize(1);
        clock.advance(600); // the caller's ACK lost: the 487 comes again
        assertThat(udp.responses(487)).hasSize(2);
        deliver(callerRequest(
                "ACK",
                "z9hG4bK-inv1",
                1,
                udp.responses(487).get(0).headers().first("To").orElseThrow().replaceAll(".*;tag=", ""),
                ""));
        clock.advance(60_000);
        assertThat(udp.responses(487)).hasSize(2);
        assertThat(events.heard()).containsExactly("invited alice -> room", "cancelled");
        assertThat(endpoint.openTransactions()).isZero();
        assertThat(endpoint.openCalls()).isZero();
    }

    @Test
    void an_outgoing_invite_nobody_answers_fails_408_by_timer_b() {
        dial();
        clock.advance(32_000);
        assertThat(udp.requests("INVITE")).hasSize(7);
        assertThat(events.heard()).containsExactly("failed 408");
    }

    @Test
    void our_lost_ack_is_sent_again_when_the_2xx_comes_again() {
        dial();
        SipMessage.Request invite = udp.requests("INVITE").get(0);
        deliver(answer(invite, 200, SDP));
        deliver(answer(invite, 200, SDP)); // the callee never had our ACK
        List<SipMessage.Request> acks = udp.requests("ACK");
        assertThat(acks).hasSize(2);
        assertThat(acks.get(0).topVia().branch())
                .as("a 2xx's ACK has a branch of its own")
                .isNotEqualTo(invite.topVia().branch());
        assertThat(acks.get(0).uri()).as("sent to the callee's Contact").isEqualTo("sip:bob@127.0.0.1:5070");
        assertThat(events.heard()).containsExactly("answered pcmu/8000");
    }

    @Test
    void a_200_that_crosses_our_cancel_is_acked_and_ended_with_bye() {
        OutgoingCall call = dial();
        SipMessage.Request invite = udp.requests("INVITE").get(0);
        deliver(answer(invite, 180, null));
        call.hangup();
        SipMessage.Request cancel = udp.requests("CANCEL").get(0);
        assertThat(cancel.topVia().branch()).isEqualTo(invite.topVia().branch());
        deliver(answer(invite, 200, SDP)); // the callee answered before our CANCEL reached it
        deliver(answer(cancel, 481, null));
        assertThat(udp.requests("ACK")).hasSize(1);
        SipMessage.Request bye = udp.requests("BYE").get(0);
        deliver(answer(bye, 200, null));
        clock.advance(60_000);
        assertThat(events.heard()).containsExactly("ringing", "failed 487");
        assertThat(endpoint.openTransactions()).isZero();
        assertThat(endpoint.openCalls()).isZero();
    }

    @Test
    void a_cancelled_call_the_callee_never_finishes_fails_487_after_64_t1() {
        OutgoingCall call = dial();
        SipMessage.Request invite = udp.requests("INVITE").get(0);
        deliver(answer(invite, 180, null));
        call.hangup();
        clock.advance(32_000);
        assertThat(events.heard()).containsExactly("ringing", "failed 487");
    }
}
