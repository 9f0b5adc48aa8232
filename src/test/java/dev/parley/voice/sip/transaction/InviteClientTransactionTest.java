package dev.parley.voice.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.ManualClock;
import dev.parley.fixtures.RecordingTransport;
import dev.parley.voice.sip.message.Responses;
import dev.parley.voice.sip.message.SipHeaders;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.transport.SipTransport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The INVITE client transaction (RFC 3261 §17.1.1, RFC 6026) on a transport that records what it
 * sends and a clock the test moves: Timer A's retransmissions, Timer B's timeout, the ACK of a
 * refusal (sent again when the refusal comes again), every 2xx handed up for the dialog to ACK, and
 * the wait for a final answer after a CANCEL.
 */
class InviteClientTransactionTest {
    private static final InetSocketAddress CALLEE = new InetSocketAddress("127.0.0.1", 5070);

    private final ManualClock clock = new ManualClock();
    private final List<String> heard = new ArrayList<>();
    private boolean terminated;

    private final InviteClientTransaction.Listener listener = new InviteClientTransaction.Listener() {
        @Override
        public void provisional(SipMessage.Response response) {
            heard.add("provisional " + response.status());
        }

        @Override
        public void accepted(SipMessage.Response response) {
            heard.add("accepted " + response.status());
        }

        @Override
        public void rejected(SipMessage.Response response) {
            heard.add("rejected " + response.status());
        }

        @Override
        public void timedOut() {
            heard.add("timed out at " + clock.now());
        }
    };

    private static SipMessage.Request invite(SipTransport transport) {
        SipHeaders h = SipHeaders.empty()
                .with("Via", transport.via("inv1"))
                .with("Max-Forwards", "70")
                .with("From", "<sip:parley@127.0.0.1>;tag=p1")
                .with("To", "<sip:bob@127.0.0.1:5070>")
                .with("Call-ID", "call-1")
                .with("CSeq", "1 INVITE")
                .with("Route", "<sip:proxy.example;lr>");
        return new SipMessage.Request("INVITE", "sip:bob@127.0.0.1:5070", h, null);
    }

    private InviteClientTransaction start(RecordingTransport transport) {
        InviteClientTransaction transaction = new InviteClientTransaction(
                invite(transport), transport, CALLEE, clock, listener, () -> terminated = true);
        transaction.start();
        return transaction;
    }

    private static SipMessage.Response response(InviteClientTransaction transaction, int status) {
        return Responses.to(transaction.invite(), CALLEE, status, "bob1", null);
    }

    @Test
    void an_invite_nobody_answers_is_resent_by_timer_a_and_times_out_by_timer_b() {
        RecordingTransport udp = new RecordingTransport("UDP", clock);
        start(udp);
        clock.advance(40_000);
        // T1, doubling without a cap: 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s; Timer B at 64·T1
        assertThat(udp.sentAt(sent -> sent.method().equals("INVITE")))
                .containsExactly(0L, 500L, 1_500L, 3_500L, 7_500L, 15_500L, 31_500L);
        assertThat(heard).containsExactly("timed out at 32000");
        assertThat(terminated).isTrue();
    }

    @Test
    void a_provisional_answer_stops_retransmission_and_timer_b() {
        RecordingTransport udp = new RecordingTransport("UDP", clock);
        InviteClientTransaction transaction = start(udp);
        clock.advance(600);
        transaction.responded(response(transaction, 180));
        clock.advance(60_000);
        assertThat(udp.sentAt(sent -> true)).containsExactly(0L, 500L);
        assertThat(heard).containsExactly("provisional 180");
    }

    @Test
    void a_refusal_is_acked_here_reported_once_and_acked_again_when_it_comes_again() {
        RecordingTransport udp = new RecordingTransport("UDP", clock);
        InviteClientTransaction transaction = start(udp);
        transaction.responded(response(transaction, 486));
        clock.advance(1_000);
        transaction.responded(response(transaction, 486)); // our ACK was lost
        List<SipMessage.Request> acks = udp.requests("ACK");
        assertThat(acks).hasSize(2);
        SipMessage.Request ack = acks.get(0);
        assertThat(ack.topVia().branch())
                .as("the INVITE's branch")
                .isEqualTo(transaction.invite().topVia().branch());
        assertThat(ack.uri()).isEqualTo("sip:bob@127.0.0.1:5070");
        assertThat(ack.headers().first("To")).get().asString().contains("tag=bob1");
        assertThat(ack.headers().first("CSeq")).contains("1 ACK");
        assertThat(ack.headers().all("Route")).containsExactly("<sip:proxy.example;lr>");
        assertThat(heard).containsExactly("rejected 486");
        clock.advance(31_000);
        assertThat(terminated).as("gone after Timer D (32 s)").isTrue();
    }

    @Test
    void every_2xx_is_handed_up_so_that_a_lost_ack_is_sent_again() {
        RecordingTransport udp = new RecordingTransport("UDP", clock);
        InviteClientTransaction transaction = start(udp);
        transaction.responded(response(transaction, 200));
        clock.advance(500);
        transaction.responded(response(transaction, 200)); // the callee did not get the dialog's ACK
        assertThat(heard).containsExactly("accepted 200", "accepted 200");
        assertThat(udp.requests("ACK"))
                .as("a 2xx's ACK is the dialog's, not the transaction's")
                .isEmpty();
        assertThat(udp.sentAt(sent -> sent.method().equals("INVITE"))).containsExactly(0L);
        clock.advance(32_000);
        assertThat(terminated).as("gone after Timer M").isTrue();
    }

    @Test
    void after_a_cancel_a_final_answer_is_awaited_64_t1_and_then_it_times_out() {
        RecordingTransport udp = new RecordingTransport("UDP", clock);
        InviteClientTransaction transaction = start(udp);
        transaction.responded(response(transaction, 180));
        clock.advance(10_000);
        transaction.cancelling();
        clock.advance(32_000);
        assertThat(heard).containsExactly("provisional 180", "timed out at 42000");
    }

    @Test
    void over_tcp_nothing_is_resent_and_timer_b_still_ends_it() {
        RecordingTransport tcp = new RecordingTransport("TCP", clock);
        start(tcp);
        clock.advance(40_000);
        assertThat(tcp.sentAt(sent -> true)).containsExactly(0L);
        assertThat(heard).containsExactly("timed out at 32000");
    }
}
