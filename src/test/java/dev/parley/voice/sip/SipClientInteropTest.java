package dev.parley.voice.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Sipp;
import dev.parley.voice.sip.message.SipHeaders;
import dev.parley.voice.sip.transport.TcpLimits;
import dev.parley.voice.sip.transport.TcpSipTransport;
import dev.parley.voice.sip.transport.UdpSipTransport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Parley placing calls (its INVITE client transaction and dialog) against sipp as the callee: answered
 * and hung up by either side, over UDP and TCP; busy; cancelled while ringing; and a digest challenge
 * answered with the configured credentials. What the voice layer hears is recorded in order.
 */
class SipClientInteropTest {
    private final CallEvents heard = new CallEvents();
    private SipEndpoint endpoint;
    private UdpSipTransport udp;
    private TcpSipTransport tcp;

    @BeforeEach
    void start() {
        endpoint = new SipEndpoint();
        endpoint.accept(CallListener.NONE);
        udp = UdpSipTransport.bind(new InetSocketAddress("127.0.0.1", 0), endpoint::received);
        tcp = TcpSipTransport.bind(
                new InetSocketAddress("127.0.0.1", 0), endpoint::received, TcpLimits.of(address -> true));
        endpoint.useTransports(udp, tcp);
    }

    @AfterEach
    void stop() {
        endpoint.close();
        udp.close();
        tcp.close();
    }

    private OutgoingCall dial(String uri, DigestAuth.Credentials credentials, Consumer<OutgoingCall> onAnswer) {
        OutgoingCall.Dial dial = new OutgoingCall.Dial(
                uri,
                "parley-test",
                List.of(new SipHeaders.Field("X-Team", "blue")),
                Sdp.offer("127.0.0.1", 40_002, 7),
                credentials);
        return endpoint.dial(dial, heard.onAnswer(onAnswer));
    }

    private String next() throws InterruptedException {
        return heard.next();
    }

    @Test
    void a_call_answered_by_sipp_and_ended_by_parleys_bye() throws Exception {
        Sipp.Callee callee = Sipp.callee(false, "-sf", Sipp.scenario("callee-answers.xml"));
        dial("sip:bob@127.0.0.1:" + callee.port, null, OutgoingCall::hangup);
        assertThat(next()).isEqualTo("ringing");
        assertThat(next()).isEqualTo("answered pcmu/8000");
        assertThat(next()).isEqualTo("ended: local hangup");
        callee.finish().succeeded();
    }

    @Test
    void a_call_over_tcp_when_the_uri_asks_for_it() throws Exception {
        Sipp.Callee callee = Sipp.callee(true, "-sf", Sipp.scenario("callee-answers.xml"));
        dial("sip:bob@127.0.0.1:" + callee.port + ";transport=tcp", null, OutgoingCall::hangup);
        assertThat(next()).isEqualTo("ringing");
        assertThat(next()).isEqualTo("answered pcmu/8000");
        assertThat(next()).isEqualTo("ended: local hangup");
        callee.finish().succeeded();
    }

    @Test
    void the_callee_hangs_up_with_its_own_bye() throws Exception {
        Sipp.Callee callee = Sipp.callee(false, "-sf", Sipp.scenario("callee-hangs-up.xml"));
        dial("sip:bob@127.0.0.1:" + callee.port, null, call -> {});
        assertThat(next()).isEqualTo("answered pcmu/8000");
        assertThat(next()).isEqualTo("ended: remote hangup");
        callee.finish().succeeded();
    }

    @Test
    void a_busy_callee_fails_the_call_with_486_and_gets_its_ack() throws Exception {
        Sipp.Callee callee = Sipp.callee(false, "-sf", Sipp.scenario("callee-busy.xml"));
        dial("sip:bob@127.0.0.1:" + callee.port, null, call -> {});
        assertThat(next()).isEqualTo("failed 486");
        callee.finish().succeeded();
    }

    @Test
    void hanging_up_while_it_rings_sends_cancel_and_ends_487() throws Exception {
        Sipp.Callee callee = Sipp.callee(false, "-sf", Sipp.scenario("callee-rings.xml"));
        OutgoingCall call = dial("sip:bob@127.0.0.1:" + callee.port, null, c -> {});
        assertThat(next()).isEqualTo("ringing");
        call.hangup();
        assertThat(next()).isEqualTo("failed 487");
        callee.finish().succeeded();
    }

    @Test
    void a_digest_challenge_is_answered_with_the_credentials() throws Exception {
        Sipp.Callee callee = Sipp.callee(false, "-sf", Sipp.scenario("callee-challenges.xml"));
        dial("sip:bob@127.0.0.1:" + callee.port, new DigestAuth.Credentials("alice", "s3cret"), OutgoingCall::hangup);
        assertThat(next()).isEqualTo("answered pcmu/8000");
        assertThat(next()).isEqualTo("ended: local hangup");
        callee.finish().succeeded();
    }

    @Test
    void wrong_credentials_are_refused_by_the_callee() throws Exception {
        Sipp.Callee callee = Sipp.callee(false, "-sf", Sipp.scenario("callee-challenges.xml"));
        dial("sip:bob@127.0.0.1:" + callee.port, new DigestAuth.Credentials("alice", "wrong"), c -> {});
        assertThat(next()).isEqualTo("failed 403");
        callee.finish().succeeded();
    }

    @Test
    void a_target_that_cannot_be_resolved_fails_at_once_with_503() throws Exception {
        OutgoingCall.Dial dial = new OutgoingCall.Dial(
                "sip:nobody@unresolvable.invalid", "parley-test", List.of(), Sdp.offer("127.0.0.1", 1, 1), null);
        endpoint.dial(dial, heard);
        assertThat(next()).isEqualTo("failed 503");
    }
}
