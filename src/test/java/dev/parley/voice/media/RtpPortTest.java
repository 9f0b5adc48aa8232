package dev.parley.voice.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Audio;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** A SIP leg's media port at its tick: frames come out at 16 kHz, and a lost frame is concealed once. */
class RtpPortTest {
    private static byte[] toneFrame(int k) {
        byte[] payload = new byte[RtpSender.SAMPLES_PER_FRAME];
        for (int i = 0; i < payload.length; i++) {
            int n = k * payload.length + i;
            payload[i] = G711.linearToUlaw((short) (8_000 * Math.sin(2 * Math.PI * 1_000 * n / 8_000)));
        }
        return payload;
    }

    @Test
    void a_lost_frame_is_the_last_at_half_level_once_then_silence() throws Exception {
        try (RtpSocket rtp = RtpSocket.open(RtpPorts.anyOnLoopback(), new InetSocketAddress("127.0.0.1", 9), p -> {})) {
            Bridge.Stats stats = new Bridge.Stats();
            RtpPort port = new RtpPort(new RtpSender(rtp, 0), stats);
            // What arrives before each tick: a little ahead of playout, and 4 and 5 never come.
            int[][] arriving = {{0, 1}, {2, 3}, {6}, {7}, {8}, {}, {}, {}, {}};
            short[][] frames = new short[9][];
            for (int tick = 0; tick < 9; tick++) {
                for (int k : arriving[tick]) {
                    port.received(new RtpPacket(false, 0, k, 160L * k, 1, toneFrame(k)));
                }
                frames[tick] = port.take();
            }
            assertThat(frames[0]).hasSize(Bridge.FRAME);
            assertThat(Audio.power(frames[3], 1_000, Bridge.RATE)).isGreaterThan(1e9);
            double full = Audio.power(frames[3], 1_000, Bridge.RATE);
            double concealed = Audio.power(frames[4], 1_000, Bridge.RATE);
            assertThat(concealed)
                    .as("frame 4 is frame 3 at half level (a quarter of its power)")
                    .isBetween(full / 8, full / 2);
            assertThat(frames[5]).as("a second loss is silence").isNull();
            assertThat(frames[6]).hasSize(Bridge.FRAME);
            assertThat(stats.lostFrames()).isEqualTo(2);
        }
    }
}
