package dev.parley.voice.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Text to speech with espeak-ng (a Debian package, run as a subprocess): the text goes in on stdin
 * (never on the command line, where a leading dash would be an option), SSML when it starts with
 * {@code <speak>}; the WAV it writes is read by the JDK and resampled to 8 kHz for G.711.
 */
public final class TextToSpeech {
    /** Voice API languages to espeak-ng voices; anything else speaks US English. */
    private static final Map<String, String> VOICES = Map.ofEntries(
            Map.entry("en-us", "en-us"),
            Map.entry("en-gb", "en-gb"),
            Map.entry("en-au", "en"),
            Map.entry("de-de", "de"),
            Map.entry("fr-fr", "fr"),
            Map.entry("es-es", "es"),
            Map.entry("it-it", "it"),
            Map.entry("nl-nl", "nl"),
            Map.entry("pt-br", "pt-br"),
            Map.entry("pt-pt", "pt"),
            Map.entry("sv-se", "sv"));

    private final String command;

    public TextToSpeech(String command) {
        this.command = command;
    }

    /** 8 kHz 16-bit mono samples of {@code text} spoken in {@code language} (null: en-US). */
    public short[] speak(String text, String language) {
        Path wav = null;
        try {
            wav = Files.createTempFile("parley-tts", ".wav");
            String voice = VOICES.getOrDefault(language == null ? "en-us" : language.toLowerCase(Locale.ROOT), "en-us");
            List<String> args = new ArrayList<>(List.of(command, "--stdin", "-v", voice, "-w", wav.toString()));
            if (text.stripLeading().startsWith("<speak")) {
                args.add("-m");
            }
            Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
            process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("espeak-ng took longer than 20 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("espeak-ng failed: "
                        + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            return read(wav);
        } catch (IOException e) {
            throw new UncheckedIOException("text to speech needs espeak-ng (" + command + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while speaking", e);
        } finally {
            if (wav != null) {
                wav.toFile().delete();
            }
        }
    }

    /** A 16-bit PCM WAV file's samples, resampled to 8 kHz. */
    static short[] read(Path wav) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
            AudioFormat format = in.getFormat();
            if (format.getSampleSizeInBits() != 16 || format.getChannels() != 1) {
                throw new IOException("expected 16-bit mono audio, got " + format);
            }
            ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes())
                    .order(format.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            short[] samples = new short[bytes.remaining() / 2];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = bytes.getShort();
            }
            return RateConverter.convert(samples, Math.round(format.getSampleRate()), Bridge.RATE);
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not a WAV file", e);
        }
    }
}
