package dev.parley.voice.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.ManualClock;
import dev.parley.fixtures.RecordingTransport;
import dev.parley.voice.sip.message.SipHeaders;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.transport.SipTransport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The non-INVITE client transaction (RFC 3261 §17.1.2) on a transport that records what it sends and
 * timers on a clock the test moves: Timer E's doubling retransmissions, Timer F's 408, the final
 * response that ends it (and its retransmissions, absorbed), the provisional one that slows it to T2,
 * and no retransmissions over a reliable transport.
 */
class NonInviteClientTransactionTest {
    private final ManualClock clock = new ManualClock();
    private final List<Integer> finals = new ArrayList<>();
    private boolean terminated;

    private NonInviteClientTransaction bye(SipTransport transport) {
        SipHeaders h = SipHeaders.empty()
                .with("Via", "SIP/2.0/" + transport.name() + " 127.0.0.1:5060;branch=z9hG4bK-bye1")
                .with("From", "<sip:parley@127.0.0.1>;tag=a")
                .with("To", "<sip:caller@127.0.0.1>;tag=b")
                .with("Call-ID", "call-1")
                .with("CSeq", "2 BYE");
        SipMessage.Request request = new SipMessage.Request("BYE", "sip:caller@127.0.0.1", h, null);
        return new NonInviteClientTransaction(
                request,
                transport,
                new InetSocketAddress("127.0.0.1", 5070),
                clock,
                response -> finals.add(response == null ? 408 : response.status()),
                () -> terminated = true);
    }

    private static SipMessage.Response response(int status) {
        SipHeaders h = SipHeaders.empty()
                .with("Via", "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-bye1")
                .with("Call-ID", "call-1")
                .with("CSeq", "2 BYE");
        return new SipMessage.Response(status, "", h, null);
    }

    @Test
    void a_bye_nobody_answers_is_resent_by_timer_e_and_ends_408_by_timer_f() {
        RecordingTransport udp = new RecordingTransport("UDP", clock);
        bye(udp).start();
        clock.advance(40_000);
        // T1 = 500 ms, doubling to T2 = 4 s: 0, 0.5, 1.5, 3.5, 7.5, then every 4 s until 32 s
        assertThat(udp.sentAt(sent -> true))
                .containsExactly(
                        0L, 500L, 1_500L, 3_500L, 7_500L, 11_500L, 15_500L, 19_500L, 23_500L, 27_500L, 31_500L);
        assertThat(finals).containsExactly(408);
        assertThat(terminated).isTrue();
    }

    @Test
    void a_lost_bye_is_resent_and_the_final_answer_ends_it_once() {
        RecordingTransport udp = new RecordingTransport("UDP", clock);
        NonInviteClientTransaction transaction = bye(udp);
        transaction.start();
        clock.advance(1_200); // the first BYE was lost: one retransmission so far
        assertThat(udp.sentAt(sent -> true)).containsExactly(0L, 500L);
        transaction.responded(response(200));
        transaction.responded(response(200)); // the peer's retransmission of it
        clock.advance(40_000);
        assertThat(udp.sentAt(sent -> true)).as("nothing sent after the answer").containsExactly(0L, 500L);
        assertThat(finals).containsExactly(200);
        assertThat(terminated).as("gone after Timer K").isTrue();
    }

    @Test
    void a_provisional_answer_slows_retransmission_to_t2() {
        RecordingTransport udp = new RecordingTransport("UDP", clock);
        NonInviteClientTransaction transaction = bye(udp);
        transaction.start();
        clock.advance(100);
        transaction.responded(response(100));
        clock.advance(10_000 - 100);
        // the retransmission already due at 0.5 s keeps its time; after it, one every T2
        assertThat(udp.sentAt(sent -> true)).containsExactly(0L, 500L, 4_500L, 8_500L);
        transaction.responded(response(481));
        assertThat(finals).containsExactly(481);
    }

    @Test
    void over_a_reliable_transport_nothing_is_resent_and_timer_f_still_ends_it() {
        RecordingTransport tcp = new RecordingTransport("TCP", clock);
        bye(tcp).start();
        clock.advance(40_000);
        assertThat(tcp.sentAt(sent -> true)).containsExactly(0L);
        assertThat(finals).containsExactly(408);
    }
}
