package dev.parley.voice.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.ManualClock;
import dev.parley.fixtures.RecordingTransport;
import dev.parley.voice.sip.message.Responses;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.message.SipParser;
import dev.parley.voice.sip.transport.SipTransport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server side of the transaction layer (RFC 3261 §17.2, RFC 6026) on a transport that records
 * what it sends and a clock the test moves: how requests find their transactions, what a
 * retransmission gets, and Timers G, H, I, J and L.
 */
class ServerTransactionsTest {
    private static final InetSocketAddress CALLER = new InetSocketAddress("127.0.0.1", 5070);

    private final ManualClock clock = new ManualClock();
    private final RecordingTransport udp = new RecordingTransport("UDP", clock);
    private final List<ServerTransaction> requests = new ArrayList<>();
    private final List<SipMessage.Request> acks = new ArrayList<>();
    private final Transactions transactions = new Transactions(clock, new Transactions.Core() {
        @Override
        public void request(ServerTransaction transaction) {
            requests.add(transaction);
        }

        @Override
        public void ack(SipMessage.Request ack, SipTransport.Inbound inbound) {
            acks.add(ack);
        }

        @Override
        public void stray(SipMessage.Response response, SipTransport.Inbound inbound) {}
    });

    private static SipMessage.Request request(String method, String branch, String sentBy, String callId, long cseq) {
        String text = method + " sip:parley@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + sentBy + ";branch=" + branch + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=alice1\r\n"
                + "To: <sip:parley@127.0.0.1>" + (method.equals("ACK") ? ";tag=parley1" : "") + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Content-Length: 0\r\n\r\n";
        try {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return (SipMessage.Request) SipParser.parse(bytes, bytes.length);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void deliver(SipMessage.Request request) {
        deliver(request, CALLER);
    }

    private void deliver(SipMessage.Request request, InetSocketAddress from) {
        transactions.received(new SipTransport.Inbound(request, from, udp));
    }

    private InviteServerTransaction invite() {
        deliver(request("INVITE", "z9hG4bK-inv1", "127.0.0.1:5070", "call-1", 1));
        assertThat(requests).hasSize(1);
        return (InviteServerTransaction) requests.get(0);
    }

    private static SipMessage.Response answer(ServerTransaction transaction, int status) {
        return Responses.to(transaction.request(), CALLER, status, "parley1", null);
    }

    @Test
    void an_invite_is_answered_100_at_once_and_its_retransmission_gets_the_last_response_again() {
        InviteServerTransaction invite = invite();
        assertThat(udp.sent()).extracting(RecordingTransport.Sent::status).containsExactly(100);
        invite.respond(answer(invite, 180));
        deliver(request("INVITE", "z9hG4bK-inv1", "127.0.0.1:5070", "call-1", 1));
        assertThat(udp.sent()).extracting(RecordingTransport.Sent::status).containsExactly(100, 180, 180);
        assertThat(requests).as("the retransmission is not a new request").hasSize(1);
    }

    @Test
    void a_lost_2xx_is_resent_from_t1_doubling_to_t2_until_its_ack_which_goes_up() {
        InviteServerTransaction invite = invite();
        boolean[] unacknowledged = new boolean[1];
        invite.accept(answer(invite, 200), () -> unacknowledged[0] = true);
        clock.advance(12_000); // every 200 so far was lost
        assertThat(udp.sentAt(sent -> sent.status() == 200)).containsExactly(0L, 500L, 1_500L, 3_500L, 7_500L, 11_500L);
        deliver(request("ACK", "z9hG4bK-ack1", "127.0.0.1:5070", "call-1", 1)); // its own branch
        clock.advance(60_000);
        assertThat(udp.sentAt(sent -> sent.status() == 200))
                .as("nothing after the ACK")
                .hasSize(6);
        assertThat(acks).hasSize(1);
        assertThat(unacknowledged[0]).isFalse();
        assertThat(transactions.open()).as("gone after Timer L").isZero();
    }

    @Test
    void a_2xx_never_acknowledged_is_reported_by_timer_l_after_64_t1() {
        InviteServerTransaction invite = invite();
        List<Long> reported = new ArrayList<>();
        invite.accept(answer(invite, 200), () -> reported.add(clock.now()));
        clock.advance(31_999);
        assertThat(reported).isEmpty();
        clock.advance(1);
        assertThat(reported).containsExactly(32_000L);
        assertThat(transactions.open()).isZero();
    }

    @Test
    void a_refusal_is_resent_by_timer_g_until_its_ack_which_stays_in_the_transaction_until_timer_i() {
        InviteServerTransaction invite = invite();
        invite.respond(answer(invite, 486));
        clock.advance(2_000);
        assertThat(udp.sentAt(sent -> sent.status() == 486)).containsExactly(0L, 500L, 1_500L);
        deliver(request("ACK", "z9hG4bK-inv1", "127.0.0.1:5070", "call-1", 1)); // the INVITE's branch
        deliver(request("INVITE", "z9hG4bK-inv1", "127.0.0.1:5070", "call-1", 1)); // a late retransmission
        clock.advance(4_999);
        assertThat(udp.sentAt(sent -> sent.status() == 486))
                .as("absorbed once confirmed")
                .hasSize(3);
        assertThat(acks).as("a refusal's ACK is the transaction's own").isEmpty();
        assertThat(transactions.open()).isEqualTo(1);
        clock.advance(1);
        assertThat(transactions.open()).as("gone after Timer I (T4)").isZero();
    }

    @Test
    void a_refusal_never_acknowledged_ends_the_transaction_by_timer_h() {
        InviteServerTransaction invite = invite();
        invite.respond(answer(invite, 603));
        clock.advance(32_000);
        // T1, doubling to T2: 0, 0.5, 1.5, 3.5, 7.5 and then every 4 s while 64·T1 lasts
        assertThat(udp.sentAt(sent -> sent.status() == 603))
                .containsExactly(
                        0L, 500L, 1_500L, 3_500L, 7_500L, 11_500L, 15_500L, 19_500L, 23_500L, 27_500L, 31_500L);
        assertThat(transactions.open()).isZero();
    }

    @Test
    void over_tcp_nothing_is_resent_and_the_refusals_ack_ends_the_transaction_at_once() {
        RecordingTransport tcp = new RecordingTransport("TCP", clock);
        transactions.received(new SipTransport.Inbound(
                request("INVITE", "z9hG4bK-tcp1", "127.0.0.1:5070", "call-t", 1), CALLER, tcp));
        ServerTransaction invite = requests.get(0);
        invite.respond(answer(invite, 486));
        clock.advance(10_000);
        assertThat(tcp.sentAt(sent -> sent.status() == 486)).containsExactly(0L);
        transactions.received(
                new SipTransport.Inbound(request("ACK", "z9hG4bK-tcp1", "127.0.0.1:5070", "call-t", 1), CALLER, tcp));
        clock.advance(0);
        assertThat(transactions.open()).isZero();
    }

    @Test
    void a_retransmitted_bye_gets_the_same_200_again_and_reaches_the_core_once() {
        deliver(request("BYE", "z9hG4bK-bye1", "127.0.0.1:5070", "call-1", 2));
        ServerTransaction bye = requests.get(0);
        bye.respond(answer(bye, 200));
        clock.advance(1_000);
        deliver(request("BYE", "z9hG4bK-bye1", "127.0.0.1:5070", "call-1", 2)); // our 200 was lost
        assertThat(udp.responses(200)).hasSize(2);
        assertThat(requests).hasSize(1);
        clock.advance(30_999);
        assertThat(transactions.open()).as("kept for 64·T1 (Timer J)").isEqualTo(1);
        clock.advance(1);
        assertThat(transactions.open()).isZero();
    }

    @Test
    void responses_go_back_where_the_request_came_from_and_say_so_in_rport_and_received() {
        // sent-by names port 5070 (and a private address) but the request came from 127.0.0.1:40123
        SipMessage.Request options = request("OPTIONS", "z9hG4bK-nat1", "10.0.0.7:5070", "call-nat", 1);
        options = options.withHeaders(
                options.headers().without("Via").with("Via", "SIP/2.0/UDP 10.0.0.7:5070;branch=z9hG4bK-nat1;rport"));
        InetSocketAddress natted = new InetSocketAddress("127.0.0.1", 40123);
        deliver(options, natted);
        ServerTransaction transaction = requests.get(0);
        transaction.respond(Responses.to(transaction.request(), natted, 200, "parley1", null));
        RecordingTransport.Sent sent = udp.sent().get(0);
        assertThat(sent.to()).isEqualTo(natted);
        assertThat(((SipMessage.Response) sent.message()).headers().first("Via"))
                .contains("SIP/2.0/UDP 10.0.0.7:5070;branch=z9hG4bK-nat1;rport=40123;received=127.0.0.1");
    }

    @Test
    void a_retransmission_before_any_response_is_absorbed() {
        deliver(request("OPTIONS", "z9hG4bK-opt1", "127.0.0.1:5070", "call-o", 1));
        deliver(request("OPTIONS", "z9hG4bK-opt1", "127.0.0.1:5070", "call-o", 1));
        assertThat(requests).hasSize(1);
        assertThat(udp.sent()).isEmpty();
    }

    @Test
    void a_branch_reused_by_another_sender_is_another_transaction() {
        deliver(request("OPTIONS", "z9hG4bK-same", "127.0.0.1:5070", "call-a", 1));
        requests.get(0).respond(answer(requests.get(0), 200));
        InetSocketAddress other = new InetSocketAddress("127.0.0.2", 5080);
        deliver(request("OPTIONS", "z9hG4bK-same", "127.0.0.2:5080", "call-b", 1), other);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).request().callId()).isEqualTo("call-b");
        assertThat(udp.responses(200))
                .as("the first sender's answer was not handed out again")
                .hasSize(1);
    }

    @Test
    void a_request_without_the_magic_cookie_is_matched_as_rfc_2543_says() {
        deliver(request("OPTIONS", "old-1", "127.0.0.1:5070", "call-2543", 1));
        requests.get(0).respond(answer(requests.get(0), 200));
        deliver(request("OPTIONS", "old-1", "127.0.0.1:5070", "call-2543", 1));
        deliver(request("OPTIONS", "old-1", "127.0.0.1:5070", "call-2543", 2)); // a new CSeq: a new request
        assertThat(requests).hasSize(2);
        assertThat(udp.responses(200)).hasSize(2);
    }

    @Test
    void a_cancel_finds_the_invite_it_names_and_no_other() {
        invite();
        SipMessage.Request cancel = request("CANCEL", "z9hG4bK-inv1", "127.0.0.1:5070", "call-1", 1);
        assertThat(transactions.cancelled(cancel)).containsSame((InviteServerTransaction) requests.get(0));
        SipMessage.Request stranger = request("CANCEL", "z9hG4bK-inv1", "127.0.0.9:5070", "call-1", 1);
        assertThat(transactions.cancelled(stranger)).isEmpty();
    }
}
