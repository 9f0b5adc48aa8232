package dev.parley.voice.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/** G.711 against the JDK's own μ-law and A-law converters, the reference. */
class G711Test {
    private static short[] jdkDecode(AudioFormat.Encoding encoding) throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        AudioFormat coded = new AudioFormat(encoding, 8000, 8, 1, 1, 8000, false);
        AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(all), coded, all.length);
        AudioInputStream pcm = AudioSystem.getAudioInputStream(AudioFormat.Encoding.PCM_SIGNED, in);
        ByteBuffer bytes = ByteBuffer.wrap(pcm.readAllBytes())
                .order(pcm.getFormat().isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        short[] samples = new short[256];
        for (int i = 0; i < 256; i++) {
            samples[i] = bytes.getShort();
        }
        return samples;
    }

    @Test
    void every_ulaw_and_alaw_byte_decodes_as_the_jdk_decodes_it() throws Exception {
        short[] ulaw = jdkDecode(AudioFormat.Encoding.ULAW);
        short[] alaw = jdkDecode(AudioFormat.Encoding.ALAW);
        for (int i = 0; i < 256; i++) {
            assertThat(G711.ulawToLinear((byte) i)).as("μ-law %d", i).isEqualTo(ulaw[i]);
            assertThat(G711.alawToLinear((byte) i)).as("A-law %d", i).isEqualTo(alaw[i]);
        }
    }

    @Test
    void encoding_then_decoding_keeps_every_sample_within_its_segments_step() {
        for (int sample = Short.MIN_VALUE; sample <= Short.MAX_VALUE; sample += 7) {
            short s = (short) sample;
            int ulaw = G711.ulawToLinear(G711.linearToUlaw(s));
            int alaw = G711.alawToLinear(G711.linearToAlaw(s));
            int step = Math.max(16, Math.abs(sample) / 16 + 8);
            assertThat(Math.abs(ulaw - sample))
                    .as("μ-law %d -> %d", sample, ulaw)
                    .isLessThanOrEqualTo(step * 2);
            assertThat(Math.abs(alaw - sample))
                    .as("A-law %d -> %d", sample, alaw)
                    .isLessThanOrEqualTo(step * 2);
        }
    }

    @Test
    void decoded_codes_encode_back_to_themselves() {
        for (int i = 0; i < 256; i++) {
            byte code = (byte) i;
            if (i != 0x7F) { // μ-law has two zeros (0x7F and 0xFF); encoding picks 0xFF
                assertThat(G711.linearToUlaw(G711.ulawToLinear(code)))
                        .as("μ-law %d", i)
                        .isEqualTo(code);
            }
            assertThat(G711.linearToAlaw(G711.alawToLinear(code)))
                    .as("A-law %d", i)
                    .isEqualTo(code);
        }
    }
}
