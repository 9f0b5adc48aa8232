package dev.parley.voice.media;

import dev.parley.outbound.OutboundGate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;

/**
 * Fetches the audio of an NCCO {@code stream} (or a music-on-hold URL): a WAV file (16-bit PCM, μ-law or
 * A-law, any rate, mono or stereo mixed down) decoded by the JDK and resampled to 8 kHz. MP3 is not
 * decoded here (no MP3 codec in the JDK): it is refused with a reason, not played as noise. Fetched
 * through the {@link OutboundGate}: a refused URL fails with {@link dev.parley.outbound.OutboundRefused}.
 * Thread-safe.
 */
public final class WavFetcher implements AutoCloseable {
    /** The largest file fetched: about 50 minutes of 8 kHz 16-bit audio. */
    static final int MAX_BYTES = 50 * 1024 * 1024;

    private final OutboundGate gate;
    private final HttpClient http;

    public WavFetcher(OutboundGate gate) {
        this.gate = gate;
        this.http = gate.httpClient("media", Duration.ofSeconds(5), 16, true);
    }

    /** The audio at {@code url} as 8 kHz 16-bit mono samples. */
    public short[] fetch(String url) throws IOException {
        ContentResponse response;
        try {
            var request = http.newRequest(gate.target(java.net.URI.create(url))).timeout(20, TimeUnit.SECONDS);
            response =
                    new CompletableResponseListener(request, MAX_BYTES).send().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + url, e);
        } catch (ExecutionException e) {
            var refused = dev.parley.outbound.OutboundRefused.in(e);
            if (refused.isPresent()) {
                throw refused.get();
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TimeoutException) {
                throw new IOException("fetching " + url + " took longer than 20 s", cause);
            }
            throw new IOException("fetching " + url + " failed: " + cause.getMessage(), cause);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a URL Parley can fetch: " + url, e);
        }
        if (response.getStatus() / 100 != 2) {
            throw new IOException("fetching " + url + " answered HTTP " + response.getStatus());
        }
        return decode(response.getContent());
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(WavFetcher.class).debug("media client did not stop cleanly", e);
        }
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
