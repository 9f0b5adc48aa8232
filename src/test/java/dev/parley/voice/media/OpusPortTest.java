package dev.parley.voice.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Audio;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Opus port over the system's libopus: a 1 kHz mix encoded by one port is heard as 1 kHz when
 * another port decodes it, on the 48 kHz RTP clock of RFC 7587; a lost packet is concealed, not
 * silent; a closed port sends nothing and frees its codecs once.
 */
class OpusPortTest {
    @Test
    void a_tone_survives_encode_and_decode_at_16_khz_on_the_48_khz_clock() {
        assertThat(LibOpus.available()).as("libopus0 is installed (Debian)").isTrue();
        List<RtpPacket> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        Bridge.Stats stats = new Bridge.Stats();
        try (OpusPort speaker = new OpusPort(sent::add, 111, 42, stats);
                OpusPort listener = new OpusPort(packet -> {}, 111, 43, stats)) {
            for (int f = 0; f < 50; f++) {
                int[] frame = new int[Bridge.FRAME];
                for (int i = 0; i < frame.length; i++) {
                    frame[i] = (int) (8_000 * Math.sin(2 * Math.PI * 1_000 * (f * Bridge.FRAME + i) / Bridge.RATE));
                }
                speaker.send(frame);
                awaitSent(sent, f + 1); // encoded off the caller's thread, in order
            }
            assertThat(sent).hasSize(50);
            assertThat(sent.get(1).timestamp() - sent.get(0).timestamp()).isEqualTo(960);
            assertThat(sent.get(1).sequence() - sent.get(0).sequence()).isEqualTo(1);
            assertThat(sent.get(0).payload().length).as("a compressed packet").isLessThan(200);
            short[] heard = new short[Bridge.FRAME * 40];
            int at = 0;
            for (int f = 0; f < 50; f++) {
                listener.received(sent.get(f)); // a packet, then its tick, as in a call
                short[] frame = listener.take();
                if (frame != null && f >= 10 && at < heard.length) {
                    System.arraycopy(frame, 0, heard, at, frame.length);
                    at += frame.length;
                }
            }
            assertThat(Audio.power(heard, 1_000, Bridge.RATE))
                    .as("1 kHz heard after Opus")
                    .isGreaterThan(100 * Audio.power(heard, 440, Bridge.RATE));
        }
    }

    @Test
    void a_lost_packet_is_concealed_by_the_decoder() {
        List<RtpPacket> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        Bridge.Stats stats = new Bridge.Stats();
        try (OpusPort speaker = new OpusPort(sent::add, 111, 42, stats);
                OpusPort listener = new OpusPort(packet -> {}, 111, 43, stats)) {
            for (int f = 0; f < 10; f++) {
                int[] frame = new int[Bridge.FRAME];
                for (int i = 0; i < frame.length; i++) {
                    frame[i] = (int) (8_000 * Math.sin(2 * Math.PI * 500 * (f * Bridge.FRAME + i) / Bridge.RATE));
                }
                speaker.send(frame);
                awaitSent(sent, f + 1);
            }
            int concealed = 0;
            for (int f = 0; f < 10; f++) {
                if (f != 6) {
                    listener.received(sent.get(f)); // packet 6 is lost
                }
                short[] frame = listener.take();
                if (frame != null) {
                    concealed++;
                }
            }
            assertThat(concealed).as("every frame, the lost one concealed").isGreaterThanOrEqualTo(9);
            assertThat(stats.lostFrames()).isEqualTo(1);
        }
    }

    @Test
    void a_closed_codec_encodes_and_decodes_nothing() {
        LibOpus.Encoder encoder = LibOpus.encoder();
        LibOpus.Decoder decoder = LibOpus.decoder();
        byte[] packet = encoder.encode(new short[Bridge.FRAME]);
        assertThat(decoder.decode(packet)).hasSize(Bridge.FRAME);
        encoder.close();
        encoder.close();
        decoder.close();
        assertThat(encoder.encode(new short[Bridge.FRAME])).isEmpty();
        assertThat(decoder.decode(packet)).isNull();
        OpusPort port = new OpusPort(p -> {}, 111, 42, new Bridge.Stats());
        port.close();
        assertThat(port.take()).isNull();
    }

    private static void awaitSent(List<RtpPacket> sent, int count) {
        try {
            dev.parley.fixtures.Eventually.get(
                    () -> sent.size() >= count ? true : null, java.time.Duration.ofSeconds(5));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
