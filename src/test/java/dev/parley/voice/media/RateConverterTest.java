package dev.parley.voice.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Audio;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Rational sample-rate conversion: a tone keeps its frequency and level, what the lower rate cannot
 * carry is filtered out rather than folded back, and a stream converted frame by frame equals the
 * same stream converted whole.
 */
class RateConverterTest {
    private static short[] tone(double frequency, int rate, int samples) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) (8_000 * Math.sin(2 * Math.PI * frequency * i / rate));
        }
        return out;
    }

    private static short[] framewise(RateConverter converter, short[] in, int frame) {
        short[] out = new short[0];
        for (int at = 0; at < in.length; at += frame) {
            short[] converted = converter.convert(Arrays.copyOfRange(in, at, at + frame));
            int length = out.length;
            out = Arrays.copyOf(out, length + converted.length);
            System.arraycopy(converted, 0, out, length, converted.length);
        }
        return out;
    }

    @Test
    void twenty_four_khz_frames_become_sixteen_khz_frames_and_back_keeping_a_tone() {
        RateConverter down = new RateConverter(24_000, 16_000);
        RateConverter up = new RateConverter(16_000, 24_000);
        short[] in = tone(1_000, 24_000, 480 * 50);
        short[] at16 = new short[0];
        short[] back = new short[0];
        for (int k = 0; k < 50; k++) {
            short[] frame = down.convert(Arrays.copyOfRange(in, 480 * k, 480 * (k + 1)));
            assertThat(frame).as("20 ms at 16 kHz").hasSize(320);
            short[] again = up.convert(frame);
            assertThat(again).as("20 ms at 24 kHz").hasSize(480);
            at16 = concat(at16, frame);
            back = concat(back, again);
        }
        short[] settled16 = Arrays.copyOfRange(at16, 320, at16.length);
        double tone16 = Audio.power(settled16, 1_000, 16_000);
        double original = Audio.power(tone(1_000, 16_000, settled16.length), 1_000, 16_000);
        assertThat(tone16).as("the tone keeps its level").isBetween(0.8 * original, 1.25 * original);
        for (double other : new double[] {500, 1_500, 2_000, 3_000}) {
            assertThat(Audio.power(settled16, other, 16_000))
                    .as("no distortion at %s Hz (frame edges would put it there)", other)
                    .isLessThan(tone16 / 10_000);
        }
        short[] settled24 = Arrays.copyOfRange(back, 480, back.length);
        assertThat(Audio.power(settled24, 1_000, 24_000))
                .as("and back at 24 kHz")
                .isGreaterThan(10_000 * Audio.power(settled24, 2_000, 24_000));
    }

    @Test
    void what_sixteen_khz_cannot_carry_is_filtered_out_not_folded_back() {
        short[] in = tone(10_000, 24_000, 24_000); // would alias to 6 kHz
        short[] out = RateConverter.convert(in, 24_000, 16_000);
        assertThat(out).hasSize(16_000);
        double folded = Audio.power(out, 6_000, 16_000);
        double kept = Audio.power(RateConverter.convert(tone(6_000, 24_000, 24_000), 24_000, 16_000), 6_000, 16_000);
        assertThat(folded).as("at least 60 dB down").isLessThan(kept / 1e6);
    }

    @Test
    void a_stream_converted_frame_by_frame_equals_it_converted_at_once() {
        short[] speech = tone(440, 22_050, 22_050);
        for (int i = 0; i < speech.length; i++) { // a second, unrelated component
            speech[i] += (short) (3_000 * Math.sin(2 * Math.PI * 1_330 * i / 22_050.0));
        }
        short[] whole = new RateConverter(22_050, 16_000).convert(speech);
        short[] frames = framewise(new RateConverter(22_050, 16_000), speech, 441);
        assertThat(frames).isEqualTo(whole);
        assertThat(RateConverter.convert(speech, 22_050, 16_000))
                .as("a whole signal keeps its length")
                .hasSize(16_000);
    }

    private static short[] concat(short[] a, short[] b) {
        short[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
