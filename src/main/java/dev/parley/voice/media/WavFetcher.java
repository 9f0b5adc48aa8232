package dev.parley.voice.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Fetches the audio of an NCCO {@code stream} (or a music-on-hold URL): a WAV file (16-bit PCM, μ-law or
 * A-law, any rate, mono or stereo mixed down) decoded by the JDK and resampled to 8 kHz. MP3 is not
 * decoded here (no MP3 codec in the JDK): it is refused with a reason, not played as noise.
 */
public final class WavFetcher {
    /** The largest file fetched: about 50 minutes of 8 kHz 16-bit audio. */
    static final int MAX_BYTES = 50 * 1024 * 1024;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /** The audio at {@code url} as 8 kHz 16-bit mono samples. */
    public short[] fetch(String url) throws IOException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(20))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("fetching " + url + " answered HTTP " + response.statusCode());
        }
        if (response.body().length > MAX_BYTES) {
            throw new IOException(url + " is larger than " + MAX_BYTES + " bytes");
        }
        return decode(response.body());
    }

    static short[] decode(byte[] file) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(file))) {
            AudioFormat source = in.getFormat();
            AudioFormat pcm = new AudioFormat(
                    AudioFormat.Encoding.PCM_SIGNED,
                    source.getSampleRate(),
                    16,
                    source.getChannels(),
                    2 * source.getChannels(),
                    source.getSampleRate(),
                    false);
            byte[] bytes;
            try (AudioInputStream decoded = AudioSystem.getAudioInputStream(pcm, in)) {
                bytes = decoded.readAllBytes();
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            int channels = source.getChannels();
            short[] mono = new short[bytes.length / (2 * channels)];
            for (int i = 0; i < mono.length; i++) {
                int sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += buffer.getShort();
                }
                mono[i] = (short) (sum / channels);
            }
            return RateConverter.convert(mono, Math.round(source.getSampleRate()), Bridge.RATE);
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not a WAV file Parley can play (MP3 is not supported; use 16-bit WAV)", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("a WAV encoding Parley cannot decode: " + e.getMessage(), e);
        }
    }
}
