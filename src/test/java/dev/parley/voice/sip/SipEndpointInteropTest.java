package dev.parley.voice.sip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Sipp;
import dev.parley.fixtures.UdpRelay;
import dev.parley.voice.sip.transport.TcpLimits;
import dev.parley.voice.sip.transport.TcpSipTransport;
import dev.parley.voice.sip.transport.UdpSipTransport;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Parley's SIP endpoint against sipp, an independent SIP stack: OPTIONS, a whole call from sipp's own
 * built-in UAC scenario, a CANCEL while ringing, and a call Parley ends with its own BYE. What the voice
 * layer hears is recorded in order.
 */
class SipEndpointInteropTest {
    private final CallEvents heard = new CallEvents();
    private SipEndpoint endpoint;
    private UdpSipTransport udp;
    private TcpSipTransport tcp;

    private int start(Consumer<IncomingCall> onInvite, Consumer<IncomingCall> onEstablished) {
        endpoint = new SipEndpoint();
        endpoint.accept(heard.onInvite(onInvite).onEstablished(onEstablished));
        udp = UdpSipTransport.bind(new InetSocketAddress("127.0.0.1", 0), endpoint::received);
        tcp = TcpSipTransport.bind(
                new InetSocketAddress("127.0.0.1", 0), endpoint::received, TcpLimits.of(address -> true));
        return udp.local().getPort();
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (udp != null) {
            udp.close();
        }
        if (tcp != null) {
            tcp.close();
        }
    }

    private String next() throws InterruptedException {
        return heard.next();
    }

    private static void answer(IncomingCall call) {
        Sdp offer = call.offer().orElseThrow();
        int codec = offer.g711().orElseThrow();
        call.ringing();
        call.answer(Sdp.answer(
                "127.0.0.1",
                40_000,
                1,
                codec,
                offer.encoding(codec).toUpperCase(java.util.Locale.ROOT),
                offer.telephoneEvent().orElse(null),
                offer.direction()));
    }

    @Test
    void options_is_answered_200_with_what_parley_allows() throws Exception {
        int port = start(call -> {}, call -> {});
        Sipp.run(port, "-sf", Sipp.scenario("options.xml")).succeeded();
        assertThat(heard.heard()).isEmpty();
    }

    @Test
    void sipps_own_caller_completes_a_call_answered_by_parley() throws Exception {
        int port = start(SipEndpointInteropTest::answer, call -> {});
        Sipp.run(port, "-sn", "uac", "-s", "room1", "-d", "200").succeeded();
        assertThat(next()).isEqualTo("invited sipp -> room1");
        assertThat(next()).isEqualTo("established");
        assertThat(next()).isEqualTo("ended: remote hangup");
        assertThat(endpoint.openCalls()).isZero();
    }

    @Test
    void sipps_own_caller_completes_a_call_over_tcp() throws Exception {
        start(SipEndpointInteropTest::answer, call -> {});
        Sipp.run(tcp.local().getPort(), "-t", "t1", "-sn", "uac", "-s", "room4", "-d", "200")
                .succeeded();
        assertThat(next()).isEqualTo("invited sipp -> room4");
        assertThat(next()).isEqualTo("established");
        assertThat(next()).isEqualTo("ended: remote hangup");
    }

    @Test
    void a_caller_that_cancels_while_it_rings_gets_487_and_parley_hears_it() throws Exception {
        int port = start(IncomingCall::ringing, call -> {});
        Sipp.run(port, "-sf", Sipp.scenario("cancel.xml"), "-s", "room2").succeeded();
        assertThat(next()).isEqualTo("invited sipp -> room2");
        assertThat(next()).isEqualTo("cancelled");
    }

    @Test
    void parley_ends_an_answered_call_with_its_own_bye_and_offers_the_callers_first_codec() throws Exception {
        int port = start(SipEndpointInteropTest::answer, IncomingCall::hangup);
        Sipp.run(port, "-sf", Sipp.scenario("parley-hangs-up.xml"), "-s", "room3")
                .succeeded();
        assertThat(next()).isEqualTo("invited sipp -> room3");
        assertThat(next()).isEqualTo("established");
        assertThat(next()).isEqualTo("ended: local hangup");
    }

    @Test
    void parleys_bye_is_resent_when_the_first_is_lost_and_the_caller_ends_cleanly() throws Exception {
        int port = start(SipEndpointInteropTest::answer, IncomingCall::hangup);
        // the network loses Parley's first BYE; sipp, which waits for one, hears only the retransmission
        try (UdpRelay relay = UdpRelay.to(port, UdpRelay.Loss.first(UdpRelay.Direction.TO_PEER, "BYE "))) {
            Sipp.run(relay.port(), "-sf", Sipp.scenario("parley-hangs-up.xml"), "-s", "room5")
                    .succeeded();
            assertThat(relay.lost()).hasSize(1);
            assertThat(relay.lost().getFirst()).startsWith("TO_PEER BYE ");
        }
        assertThat(next()).isEqualTo("invited sipp -> room5");
        assertThat(next()).isEqualTo("established");
        assertThat(next()).isEqualTo("ended: local hangup");
    }
}
