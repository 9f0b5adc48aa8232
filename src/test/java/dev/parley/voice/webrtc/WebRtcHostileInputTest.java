package dev.parley.voice.webrtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.WebRtcPeer;
import dev.parley.voice.webrtc.dtls.DtlsCertificate;
import dev.parley.voice.webrtc.ice.IceCredentials;
import dev.parley.voice.webrtc.stun.StunMessage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A leg's WebRTC transport against peers that misbehave: malformed STUN, DTLS and RTP from an address
 * that never completed a check, SRTP that fails authentication. None of it reaches the leg or changes
 * its state, and a well-behaved peer still connects and is heard both ways afterwards.
 */
class WebRtcHostileInputTest {
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate();

    private final LinkedBlockingQueue<byte[]> heard = new LinkedBlockingQueue<>();
    private final CountDownLatch connected = new CountDownLatch(1);
    private WebRtcTransport transport;
    private String answer;

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
    }

    /** Parley's side for {@code peer}'s offer. */
    private void answerFor(WebRtcPeer peer) throws Exception {
        BrowserOffer offer = BrowserOffer.parse(peer.offer()).orElseThrow();
        IceCredentials credentials = IceCredentials.random();
        transport = WebRtcTransport.open(
                new InetSocketAddress("127.0.0.1", 0), credentials, CERTIFICATE, offer, new WebRtcTransport.Listener() {
                    @Override
                    public void connected() {
                        connected.countDown();
                    }

                    @Override
                    public void rtp(byte[] packet, int length) {
                        heard.add(packet);
                    }

                    @Override
                    public void failed(String reason) {}
                });
        answer = ParleySdp.answer(
                transport.local(),
                credentials.ufrag(),
                credentials.password(),
                CERTIFICATE.fingerprint(),
                offer.mid(),
                ParleySdp.Codec.PCMU,
                null,
                7);
    }

    private static byte[] rtp(int sequence) {
        byte[] packet = new byte[12 + 160];
        ByteBuffer.wrap(packet)
                .put((byte) 0x80)
                .put((byte) 0)
                .putShort((short) sequence)
                .putInt(sequence * 160)
                .putInt(99);
        return packet;
    }

    @Test
    void a_well_behaved_peer_is_checked_keyed_and_heard_both_ways() throws Exception {
        try (WebRtcPeer peer = new WebRtcPeer()) {
            answerFor(peer);
            assertThat(peer.check(answer, true)).isEqualTo(StunMessage.BINDING_SUCCESS);
            peer.handshake(answer);
            assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
            peer.sendRtp(rtp(1));
            assertThat(heard.poll(5, TimeUnit.SECONDS))
                    .as("Parley hears the peer")
                    .isNotNull();
            byte[] back = rtp(7);
            transport.sendRtp(back, back.length);
            assertThat(peer.receiveRtp())
                    .as("the peer hears Parley")
                    .hasValueSatisfying(p -> assertThat(p).isEqualTo(back));
            assertThat(transport.rejected()).isZero();
        }
    }

    @Test
    void dtls_and_rtp_from_an_address_that_never_completed_a_check_are_dropped() throws Exception {
        try (WebRtcPeer peer = new WebRtcPeer();
                WebRtcPeer stranger = new WebRtcPeer()) {
            answerFor(peer);
            InetSocketAddress parley = WebRtcPeer.candidate(answer);
            byte[] clientHello = new byte[100];
            clientHello[0] = 22; // a DTLS handshake record, from nowhere checked
            clientHello[1] = (byte) 0xFE;
            clientHello[2] = (byte) 0xFD;
            stranger.sendTo(clientHello, parley);
            stranger.sendTo(rtp(1), parley);
            // The stranger's check with the wrong password is refused (401), and still admits nothing.
            byte[] wrong = new StunMessage.Builder(StunMessage.BINDING_REQUEST, new byte[12]).encode("x".getBytes());
            stranger.sendTo(wrong, parley);
            // the well-behaved peer, after all that, connects: the stranger's datagrams changed nothing
            assertThat(peer.check(answer, true)).isEqualTo(StunMessage.BINDING_SUCCESS);
            peer.handshake(answer);
            assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(transport.rejected()).as("the stranger's DTLS and RTP").isEqualTo(2);
            assertThat(transport.ice().admits(stranger.local())).isFalse();
        }
    }

    @Test
    void malformed_stun_is_dropped_and_harms_nothing() throws Exception {
        try (WebRtcPeer peer = new WebRtcPeer()) {
            answerFor(peer);
            InetSocketAddress parley = WebRtcPeer.candidate(answer);
            Random random = new Random(7);
            for (int i = 0; i < 200; i++) {
                byte[] junk = new byte[1 + random.nextInt(600)];
                random.nextBytes(junk);
                junk[0] = (byte) random.nextInt(4); // looks like STUN by its first byte
                if (junk.length >= 8 && i % 2 == 0) {
                    ByteBuffer.wrap(junk, 4, 4).putInt(StunMessage.MAGIC_COOKIE); // and by its cookie
                }
                peer.sendTo(junk, parley);
            }
            assertThat(peer.check(answer, true)).isEqualTo(StunMessage.BINDING_SUCCESS);
            peer.handshake(answer);
            assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void srtp_that_fails_authentication_is_refused_and_the_next_good_packet_is_heard() throws Exception {
        try (WebRtcPeer peer = new WebRtcPeer()) {
            answerFor(peer);
            assertThat(peer.check(answer, true)).isEqualTo(StunMessage.BINDING_SUCCESS);
            peer.handshake(answer);
            assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
            byte[] forged = rtp(5);
            forged = java.util.Arrays.copyOf(forged, forged.length + 10); // a tag of zeros: not ours
            peer.send(forged);
            peer.sendRtp(rtp(6));
            byte[] first = heard.poll(5, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(((first[2] & 0xFF) << 8) | (first[3] & 0xFF))
                    .as("the good packet, not the forged one")
                    .isEqualTo(6);
            assertThat(transport.rejected()).isEqualTo(1);
        }
    }

    @Test
    void a_leg_whose_browser_never_completes_ice_fails_at_the_handshake_limit_and_gives_its_port_back()
            throws Exception {
        try (WebRtcPeer silent = new WebRtcPeer()) {
            BrowserOffer offer = BrowserOffer.parse(silent.offer()).orElseThrow();
            LinkedBlockingQueue<String> failures = new LinkedBlockingQueue<>();
            WebRtcTransport never = WebRtcTransport.open(
                    new InetSocketAddress("127.0.0.1", 0),
                    IceCredentials.random(),
                    CERTIFICATE,
                    offer,
                    new WebRtcTransport.Listener() {
                        @Override
                        public void connected() {}

                        @Override
                        public void rtp(byte[] packet, int length) {}

                        @Override
                        public void failed(String reason) {
                            failures.add(reason);
                        }
                    },
                    java.time.Duration.ofSeconds(1));
            InetSocketAddress port = never.local();
            assertThat(failures.poll(30, TimeUnit.SECONDS)).as("the leg failed").startsWith("DTLS");
            never.close();
            try (java.nio.channels.DatagramChannel again = java.nio.channels.DatagramChannel.open()) {
                again.bind(port); // the port is free again
                assertThat(again.getLocalAddress()).isEqualTo(port);
            }
        }
    }
}
