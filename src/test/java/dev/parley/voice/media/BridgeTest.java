package dev.parley.voice.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bridge's mix-minus over real loopback sockets: each of two legs hears the other's tone and not its
 * own.
 */
class BridgeTest {
    private static byte[] toneFrame(double frequency, int frame) {
        byte[] payload = new byte[RtpSender.SAMPLES_PER_FRAME];
        for (int i = 0; i < payload.length; i++) {
            int n = frame * payload.length + i;
            payload[i] = G711.linearToUlaw((short) (8_000 * Math.sin(2 * Math.PI * frequency * n / 8_000)));
        }
        return payload;
    }

    private static double power(List<Short> samples, double frequency) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / 8_000);
        double s1 = 0;
        double s2 = 0;
        for (short sample : samples) {
            double s0 = sample + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }

    /** Reads {@code frames} RTP packets from {@code peer} and decodes them (μ-law). */
    private static List<Short> hear(DatagramSocket peer, int frames) throws Exception {
        List<Short> samples = new ArrayList<>();
        byte[] buffer = new byte[2048];
        for (int i = 0; i < frames; i++) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            peer.receive(packet);
            for (byte b : RtpPacket.parse(packet.getData(), packet.getLength())
                    .orElseThrow()
                    .payload()) {
                samples.add(G711.ulawToLinear(b));
            }
        }
        return samples;
    }

    @Test
    void each_leg_hears_the_other_and_not_itself() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (Bridge bridge = new Bridge();
                DatagramSocket peerA = new DatagramSocket(0, loopback);
                DatagramSocket peerB = new DatagramSocket(0, loopback);
                RtpSocket legA =
                        RtpSocket.open("127.0.0.1", (InetSocketAddress) peerA.getLocalSocketAddress(), p -> {});
                RtpSocket legB =
                        RtpSocket.open("127.0.0.1", (InetSocketAddress) peerB.getLocalSocketAddress(), p -> {})) {
            peerA.setSoTimeout(5_000);
            peerB.setSoTimeout(5_000);
            Bridge.Participant a = new Bridge.Participant(new RtpSender(legA, 0));
            Bridge.Participant b = new Bridge.Participant(new RtpSender(legB, 0));
            for (int k = 0; k < 40; k++) {
                a.received(new RtpPacket(false, 0, k, 160L * k, 1, toneFrame(1_000, k)));
                b.received(new RtpPacket(false, 0, k, 160L * k, 2, toneFrame(440, k)));
            }
            bridge.join("room", a);
            bridge.join("room", b);
            List<Short> heardByA = hear(peerA, 30);
            List<Short> heardByB = hear(peerB, 30);
            assertThat(power(heardByA, 440)).as("A hears B").isGreaterThan(100 * power(heardByA, 1_000));
            assertThat(power(heardByB, 1_000)).as("B hears A").isGreaterThan(100 * power(heardByB, 440));
            assertThat(bridge.ticks()).isPositive();
        }
    }

    @Test
    void a_muted_leg_is_heard_by_nobody_and_an_earmuffed_one_hears_nobody() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (Bridge bridge = new Bridge();
                DatagramSocket peerA = new DatagramSocket(0, loopback);
                DatagramSocket peerB = new DatagramSocket(0, loopback);
                RtpSocket legA =
                        RtpSocket.open("127.0.0.1", (InetSocketAddress) peerA.getLocalSocketAddress(), p -> {});
                RtpSocket legB =
                        RtpSocket.open("127.0.0.1", (InetSocketAddress) peerB.getLocalSocketAddress(), p -> {})) {
            peerA.setSoTimeout(5_000);
            peerB.setSoTimeout(5_000);
            Bridge.Participant a = new Bridge.Participant(new RtpSender(legA, 0));
            Bridge.Participant b = new Bridge.Participant(new RtpSender(legB, 0));
            a.mute(true);
            b.earmuff(true);
            for (int k = 0; k < 40; k++) {
                a.received(new RtpPacket(false, 0, k, 160L * k, 1, toneFrame(1_000, k)));
                b.received(new RtpPacket(false, 0, k, 160L * k, 2, toneFrame(440, k)));
            }
            bridge.join("room", a);
            bridge.join("room", b);
            List<Short> heardByA = hear(peerA, 30);
            List<Short> heardByB = hear(peerB, 30);
            assertThat(power(heardByA, 440)).as("A is muted, not deaf").isGreaterThan(1e9);
            assertThat(power(heardByB, 1_000) + power(heardByB, 440))
                    .as("B is earmuffed, and A muted: B hears nothing")
                    .isLessThan(1e6);
        }
    }

    @Test
    void a_leg_alone_hears_its_prompt_to_the_end() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (Bridge bridge = new Bridge();
                DatagramSocket peer = new DatagramSocket(0, loopback);
                RtpSocket leg =
                        RtpSocket.open("127.0.0.1", (InetSocketAddress) peer.getLocalSocketAddress(), p -> {})) {
            peer.setSoTimeout(5_000);
            Bridge.Participant alone = new Bridge.Participant(new RtpSender(leg, 0));
            short[] tone = new short[8_000 / 2]; // half a second of 1 kHz
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (short) (8_000 * Math.sin(2 * Math.PI * 1_000 * i / 8_000));
            }
            var played = alone.prompt.start(tone, 1.0, 1);
            bridge.join("room", alone);
            List<Short> heard = hear(peer, 25);
            assertThat(power(heard, 1_000)).isGreaterThan(100 * power(heard, 440));
            assertThat(played.get(5, java.util.concurrent.TimeUnit.SECONDS))
                    .as("played to the end")
                    .isTrue();
            assertThat(alone.prompt.playing()).isFalse();
        }
    }
}
