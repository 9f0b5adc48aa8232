// A single-file program (JDK 22+: the foreign-function API is final there), run by bench/opus.sh.

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.Random;

/**
 * What Opus costs per App leg (issue 23): 20 ms mono frames at 16 kHz, 32 kb/s VOIP, encoded and
 * decoded by Concentus (pure Java, Maven Central) and by the system's libopus through the JDK's
 * foreign-function API, after a warm-up. Prints per-frame percentiles, CPU per second of audio and
 * the legs one core carries (encode + decode, as the mixer needs per leg).
 */
public final class OpusCost {
    private static final int RATE = 16_000;
    private static final int FRAME = RATE / 50;
    private static final int OPUS_APPLICATION_VOIP = 2048;
    private static final int OPUS_SET_BITRATE = 4002;
    private static final int OPUS_SET_COMPLEXITY = 4010;

    private OpusCost() {}

    /** Encodes {@code pcm} into {@code out}, returning the packet's length. */
    interface Codec {
        int encode(short[] pcm, byte[] out) throws Exception;

        void decode(byte[] packet, int length, short[] pcm) throws Exception;
    }

    public static void main(String[] args) throws Throwable {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int complexity = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        short[][] frames = speechLike(seconds * 50);
        System.out.printf("== %d s of 16 kHz mono in 20 ms frames, 32 kb/s VOIP, complexity %d%n", seconds, complexity);
        measure("concentus 1.0.2", concentus(complexity), frames);
        measure("libopus (system, FFM)", libopus(complexity), frames);
    }

    private static void measure(String name, Codec codec, short[][] frames) throws Exception {
        byte[] packet = new byte[1_500];
        short[] decoded = new short[FRAME];
        for (int i = 0; i < Math.min(frames.length, 500); i++) { // warm-up: 10 s
            codec.decode(packet, codec.encode(frames[i], packet), decoded);
        }
        long[] encode = new long[frames.length];
        long[] decode = new long[frames.length];
        long bytes = 0;
        for (int i = 0; i < frames.length; i++) {
            long start = System.nanoTime();
            int length = codec.encode(frames[i], packet);
            long middle = System.nanoTime();
            codec.decode(packet, length, decoded);
            long end = System.nanoTime();
            encode[i] = middle - start;
            decode[i] = end - middle;
            bytes += length;
        }
        double seconds = frames.length / 50.0;
        double encodeMsPerSecond = Arrays.stream(encode).sum() / 1e6 / seconds;
        double decodeMsPerSecond = Arrays.stream(decode).sum() / 1e6 / seconds;
        System.out.printf(
                "%-24s encode p50 %5.1f µs p99 %5.1f µs, %5.1f ms/s | decode p50 %5.1f µs p99 %5.1f µs, %4.1f ms/s"
                        + " | %5.1f kb/s | %4.0f legs per core%n",
                name,
                percentile(encode, 0.5) / 1e3,
                percentile(encode, 0.99) / 1e3,
                encodeMsPerSecond,
                percentile(decode, 0.5) / 1e3,
                percentile(decode, 0.99) / 1e3,
                decodeMsPerSecond,
                bytes * 8 / seconds / 1_000,
                1_000 / (encodeMsPerSecond + decodeMsPerSecond));
    }

    private static double percentile(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    /** Voice-like input: a few harmonics that glide, with noise, in bursts (speech is not a sine). */
    private static short[][] speechLike(int count) {
        Random random = new Random(1);
        short[][] frames = new short[count][FRAME];
        double phase = 0;
        for (int f = 0; f < count; f++) {
            boolean talking = (f / 50) % 3 != 2;
            double pitch = 120 + 60 * Math.sin(f / 40.0);
            for (int i = 0; i < FRAME; i++) {
                phase += 2 * Math.PI * pitch / RATE;
                double voice = talking ? Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase) : 0;
                frames[f][i] = (short) (6_000 * voice + 300 * random.nextGaussian());
            }
        }
        return frames;
    }

    private static Codec concentus(int complexity) throws Exception {
        OpusEncoder encoder = new OpusEncoder(RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        encoder.setBitrate(32_000);
        encoder.setComplexity(complexity);
        OpusDecoder decoder = new OpusDecoder(RATE, 1);
        return new Codec() {
            @Override
            public int encode(short[] pcm, byte[] out) throws Exception {
                return encoder.encode(pcm, 0, FRAME, out, 0, out.length);
            }

            @Override
            public void decode(byte[] packet, int length, short[] pcm) throws Exception {
                decoder.decode(packet, 0, length, pcm, 0, FRAME, false);
            }
        };
    }

    private static Codec libopus(int complexity) throws Throwable {
        Linker linker = Linker.nativeLinker();
        Arena arena = Arena.ofAuto();
        SymbolLookup opus = SymbolLookup.libraryLookup("libopus.so.0", arena);
        MethodHandle encoderCreate = linker.downcallHandle(
                opus.find("opus_encoder_create").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS));
        MethodHandle encoderCtl = linker.downcallHandle(
                opus.find("opus_encoder_ctl").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                Linker.Option.firstVariadicArg(2));
        MethodHandle encode = linker.downcallHandle(
                opus.find("opus_encode").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT));
        MethodHandle decoderCreate = linker.downcallHandle(
                opus.find("opus_decoder_create").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        MethodHandle decode = linker.downcallHandle(
                opus.find("opus_decode").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT));
        MemorySegment error = arena.allocate(ValueLayout.JAVA_INT);
        MemorySegment encoder = (MemorySegment) encoderCreate.invokeExact(RATE, 1, OPUS_APPLICATION_VOIP, error);
        int ignored = (int) encoderCtl.invokeExact(encoder, OPUS_SET_BITRATE, 32_000);
        ignored = (int) encoderCtl.invokeExact(encoder, OPUS_SET_COMPLEXITY, complexity);
        MemorySegment decoder = (MemorySegment) decoderCreate.invokeExact(RATE, 1, error);
        MemorySegment pcmIn = arena.allocate(ValueLayout.JAVA_SHORT, FRAME);
        MemorySegment pcmOut = arena.allocate(ValueLayout.JAVA_SHORT, FRAME);
        MemorySegment data = arena.allocate(1_500);
        return new Codec() {
            @Override
            public int encode(short[] pcm, byte[] out) throws Exception {
                MemorySegment.copy(pcm, 0, pcmIn, ValueLayout.JAVA_SHORT, 0, FRAME);
                try {
                    int length = (int) encode.invokeExact(encoder, pcmIn, FRAME, data, 1_500);
                    MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, out, 0, length);
                    return length;
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void decode(byte[] packet, int length, short[] pcm) throws Exception {
                MemorySegment.copy(packet, 0, data, ValueLayout.JAVA_BYTE, 0, length);
                try {
                    int samples = (int) decode.invokeExact(decoder, data, length, pcmOut, FRAME, 0);
                    MemorySegment.copy(pcmOut, ValueLayout.JAVA_SHORT, 0, pcm, 0, samples);
                } catch (Throwable e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }
}
