package dev.parley.voice.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Audio;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bridge over real loopback sockets: mix-minus (each of two legs hears the other's tone and not its
 * own), mute and earmuff, and a prompt played to a leg alone.
 */
class BridgeTest {
    /** One leg in the mix: its RTP socket, the peer port its audio goes to, and its participant. */
    private static final class Leg implements AutoCloseable {
        final DatagramSocket peer;
        final RtpSocket rtp;
        final RtpPort port;
        final Bridge.Participant participant;

        Leg() throws Exception {
            peer = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            peer.setSoTimeout(5_000);
            rtp = RtpSocket.open(RtpPorts.anyOnLoopback(), (InetSocketAddress) peer.getLocalSocketAddress(), p -> {});
            port = new RtpPort(new RtpSender(rtp, 0), new Bridge.Stats());
            participant = new Bridge.Participant("leg-" + peer.getLocalPort(), port);
        }

        /** Queues 800 ms of a tone as if the leg's caller had sent it. */
        void says(double frequency, int ssrc) {
            for (int k = 0; k < 40; k++) {
                port.received(new RtpPacket(false, 0, k, 160L * k, ssrc, toneFrame(frequency, k)));
            }
        }

        /** Reads {@code frames} RTP packets at the peer and decodes them (μ-law). */
        short[] hears(int frames) throws Exception {
            short[] samples = new short[frames * RtpSender.SAMPLES_PER_FRAME];
            int n = 0;
            byte[] buffer = new byte[2048];
            for (int i = 0; i < frames; i++) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                peer.receive(packet);
                for (byte b : RtpPacket.parse(packet.getData(), packet.getLength())
                        .orElseThrow()
                        .payload()) {
                    samples[n++] = G711.ulawToLinear(b);
                }
            }
            return java.util.Arrays.copyOf(samples, n);
        }

        @Override
        public void close() {
            rtp.close();
            peer.close();
        }
    }

    private static byte[] toneFrame(double frequency, int frame) {
        byte[] payload = new byte[RtpSender.SAMPLES_PER_FRAME];
        for (int i = 0; i < payload.length; i++) {
            int n = frame * payload.length + i;
            payload[i] = G711.linearToUlaw((short) (8_000 * Math.sin(2 * Math.PI * frequency * n / 8_000)));
        }
        return payload;
    }

    @Test
    void each_leg_hears_the_other_and_not_itself() throws Exception {
        try (Bridge bridge = new Bridge();
                Leg a = new Leg();
                Leg b = new Leg()) {
            a.says(1_000, 1);
            b.says(440, 2);
            bridge.join("room", a.participant);
            bridge.join("room", b.participant);
            short[] heardByA = a.hears(30);
            short[] heardByB = b.hears(30);
            assertThat(Audio.power(heardByA, 440)).as("A hears B").isGreaterThan(100 * Audio.power(heardByA, 1_000));
            assertThat(Audio.power(heardByB, 1_000)).as("B hears A").isGreaterThan(100 * Audio.power(heardByB, 440));
            assertThat(bridge.ticks()).isPositive();
        }
    }

    @Test
    void a_muted_leg_is_heard_by_nobody_and_an_earmuffed_one_hears_nobody() throws Exception {
        try (Bridge bridge = new Bridge();
                Leg a = new Leg();
                Leg b = new Leg()) {
            a.participant.mute(true);
            b.participant.earmuff(true);
            a.says(1_000, 1);
            b.says(440, 2);
            bridge.join("room", a.participant);
            bridge.join("room", b.participant);
            short[] heardByA = a.hears(30);
            short[] heardByB = b.hears(30);
            assertThat(Audio.power(heardByA, 440)).as("A is muted, not deaf").isGreaterThan(1e9);
            assertThat(Audio.power(heardByB, 1_000) + Audio.power(heardByB, 440))
                    .as("B is earmuffed, and A muted: B hears nothing")
                    .isLessThan(1e6);
        }
    }

    @Test
    void can_hear_and_can_speak_narrow_what_each_leg_hears() throws Exception {
        try (Bridge bridge = new Bridge();
                Leg a = new Leg();
                Leg b = new Leg();
                Leg c = new Leg()) {
            c.participant.canHear(java.util.Set.of(a.participant.id())); // C hears only A
            b.participant.canSpeak(java.util.Set.of(a.participant.id())); // only A hears B
            a.says(1_000, 1);
            b.says(440, 2);
            c.says(700, 3);
            bridge.join("room", a.participant);
            bridge.join("room", b.participant);
            bridge.join("room", c.participant);
            short[] heardByA = a.hears(30);
            short[] heardByB = b.hears(30);
            short[] heardByC = c.hears(30);
            assertThat(Audio.power(heardByA, 440)).as("A hears B").isGreaterThan(1e9);
            assertThat(Audio.power(heardByA, 700)).as("A hears C").isGreaterThan(1e9);
            assertThat(Audio.power(heardByB, 1_000)).as("B hears A").isGreaterThan(1e9);
            assertThat(Audio.power(heardByB, 700)).as("B hears C").isGreaterThan(1e9);
            assertThat(Audio.power(heardByC, 1_000)).as("C hears A").isGreaterThan(1e9);
            assertThat(Audio.power(heardByC, 440))
                    .as("C does not hear B")
                    .isLessThan(Audio.power(heardByC, 1_000) / 1_000);
            assertThat(Audio.power(heardByC, 700)).as("nor itself").isLessThan(Audio.power(heardByC, 1_000) / 1_000);
        }
    }

    @Test
    void a_leg_that_talks_starts_speaking_and_stops_after_its_silence() throws Exception {
        var heard = new java.util.concurrent.LinkedBlockingQueue<String>();
        try (Bridge bridge = new Bridge((participant, on) -> heard.add(participant.id() + (on ? " on" : " off")));
                Leg a = new Leg()) {
            a.says(1_000, 1); // 800 ms of tone, then nothing
            bridge.join("room", a.participant);
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(a.participant.id() + " on");
            assertThat(heard.poll(5, TimeUnit.SECONDS)).isEqualTo(a.participant.id() + " off");
        }
    }

    @Test
    void a_leg_alone_hears_its_prompt_to_the_end() throws Exception {
        try (Bridge bridge = new Bridge();
                Leg alone = new Leg()) {
            short[] tone = new short[Bridge.RATE / 2]; // half a second of 1 kHz, at the mixer's rate
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (short) (8_000 * Math.sin(2 * Math.PI * 1_000 * i / Bridge.RATE));
            }
            var played = alone.participant.prompt.start(tone, 1.0, 1);
            bridge.join("room", alone.participant);
            short[] heard = alone.hears(25);
            assertThat(Audio.power(heard, 1_000)).isGreaterThan(100 * Audio.power(heard, 440));
            assertThat(played.get(5, TimeUnit.SECONDS)).as("played to the end").isTrue();
            assertThat(alone.participant.prompt.playing()).isFalse();
        }
    }
}
