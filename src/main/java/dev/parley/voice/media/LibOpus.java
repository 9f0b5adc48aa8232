package dev.parley.voice.media;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's libopus (Debian {@code libopus0}) through the JDK's foreign-function API: a mono
 * encoder and decoder at the mixer's 16 kHz, 20 ms a frame (docs/DECISIONS.md: measured 5-6 times
 * cheaper than the pure-Java Concentus). {@link #available()} says whether the library loaded; where it
 * did not, App legs speak G.711. Each codec's native state is freed by {@code close}; a codec is used
 * by one thread at a time (the mixer's tick), and its methods lock it so a close from another thread
 * never frees state in use.
 */
public final class LibOpus {
    private static final Logger LOG = LoggerFactory.getLogger(LibOpus.class);
    private static final int RATE = Bridge.RATE;
    private static final int FRAME = Bridge.FRAME;
    private static final int MAX_PACKET = 1_500;
    private static final int OPUS_APPLICATION_VOIP = 2048;
    private static final int OPUS_SET_BITRATE = 4002;
    private static final int OPUS_SET_COMPLEXITY = 4010;
    private static final int OPUS_SET_INBAND_FEC = 4012;
    private static final int OPUS_SET_PACKET_LOSS_PERC = 4014;

    /** The bit rate Parley encodes at: wideband voice. */
    static final int BITRATE = 32_000;
    /**
     * Complexity 1 of 10: half the encoding cost of 5 (docs/BENCHMARKS.md), for speech at 32 kb/s still
     * SILK's full wideband. A node encodes every Opus leg's own mix, and at 5 a 2-core node's encoders
     * fell behind at 100 legs (3 % of mixed frames dropped unsent, mouth-to-ear p99 over 100 ms).
     */
    static final int COMPLEXITY = 1;

    private static final Optional<Functions> FUNCTIONS = load();

    private LibOpus() {}

    private record Functions(
            MethodHandle encoderCreate,
            MethodHandle encoderCtl,
            MethodHandle encode,
            MethodHandle encoderDestroy,
            MethodHandle decoderCreate,
            MethodHandle decode,
            MethodHandle decoderDestroy) {}

    private static Optional<Functions> load() {
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup opus = SymbolLookup.libraryLookup("libopus.so.0", Arena.global());
            var address = ValueLayout.ADDRESS;
            var integer = ValueLayout.JAVA_INT;
            return Optional.of(new Functions(
                    linker.downcallHandle(
                            opus.find("opus_encoder_create").orElseThrow(),
                            FunctionDescriptor.of(address, integer, integer, integer, address)),
                    linker.downcallHandle(
                            opus.find("opus_encoder_ctl").orElseThrow(),
                            FunctionDescriptor.of(integer, address, integer, integer),
                            Linker.Option.firstVariadicArg(2)),
                    linker.downcallHandle(
                            opus.find("opus_encode").orElseThrow(),
                            FunctionDescriptor.of(integer, address, address, integer, address, integer)),
                    linker.downcallHandle(
                            opus.find("opus_encoder_destroy").orElseThrow(), FunctionDescriptor.ofVoid(address)),
                    linker.downcallHandle(
                            opus.find("opus_decoder_create").orElseThrow(),
                            FunctionDescriptor.of(address, integer, integer, address)),
                    linker.downcallHandle(
                            opus.find("opus_decode").orElseThrow(),
                            FunctionDescriptor.of(integer, address, address, integer, address, integer, integer)),
                    linker.downcallHandle(
                            opus.find("opus_decoder_destroy").orElseThrow(), FunctionDescriptor.ofVoid(address))));
        } catch (IllegalArgumentException | IllegalCallerException | java.util.NoSuchElementException e) {
            LOG.warn("libopus (Debian libopus0) is not loadable: App legs speak G.711 only ({})", e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether libopus loaded (and native access is allowed). */
    public static boolean available() {
        return FUNCTIONS.isPresent();
    }

    /** A new mono encoder at 16 kHz for speech; fails when libopus is not {@link #available()}. */
    public static Encoder encoder() {
        return new Encoder(FUNCTIONS.orElseThrow(() -> new IllegalStateException("libopus is not available")));
    }

    /** A new mono decoder at 16 kHz; fails when libopus is not {@link #available()}. */
    public static Decoder decoder() {
        return new Decoder(FUNCTIONS.orElseThrow(() -> new IllegalStateException("libopus is not available")));
    }

    /** Encodes 20 ms frames. */
    public static final class Encoder implements AutoCloseable {
        private final Functions opus;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment pcm = arena.allocate(ValueLayout.JAVA_SHORT, FRAME);
        private final MemorySegment packet = arena.allocate(MAX_PACKET);
        private MemorySegment state;

        private Encoder(Functions opus) {
            this.opus = opus;
            try {
                MemorySegment error = arena.allocate(ValueLayout.JAVA_INT);
                state = (MemorySegment) opus.encoderCreate().invokeExact(RATE, 1, OPUS_APPLICATION_VOIP, error);
                if (state.equals(MemorySegment.NULL)) {
                    throw new IllegalStateException(
                            "opus_encoder_create failed: " + error.get(ValueLayout.JAVA_INT, 0));
                }
                ctl(OPUS_SET_BITRATE, BITRATE);
                ctl(OPUS_SET_COMPLEXITY, COMPLEXITY);
                ctl(OPUS_SET_INBAND_FEC, 1);
                ctl(OPUS_SET_PACKET_LOSS_PERC, 5);
            } catch (Throwable e) {
                arena.close();
                throw new IllegalStateException("cannot make an Opus encoder", e);
            }
        }

        private void ctl(int request, int value) throws Throwable {
            int ignored = (int) opus.encoderCtl().invokeExact(state, request, value);
        }

        /** One 20 ms frame of 16 kHz samples (missing ones silent) as an Opus packet; empty when closed. */
        public synchronized byte[] encode(short[] frame) {
            if (state == null) {
                return new byte[0];
            }
            MemorySegment.copy(frame, 0, pcm, ValueLayout.JAVA_SHORT, 0, Math.min(FRAME, frame.length));
            try {
                int length = (int) opus.encode().invokeExact(state, pcm, FRAME, packet, MAX_PACKET);
                if (length < 0) {
                    return new byte[0];
                }
                return packet.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
            } catch (Throwable e) {
                throw new IllegalStateException("opus_encode failed", e);
            }
        }

        @Override
        public synchronized void close() {
            if (state != null) {
                try {
                    opus.encoderDestroy().invokeExact(state);
                } catch (Throwable e) {
                    LOG.debug("opus_encoder_destroy failed", e);
                }
                state = null;
                arena.close();
            }
        }
    }

    /** Decodes packets into 20 ms frames at 16 kHz, and conceals lost ones. */
    public static final class Decoder implements AutoCloseable {
        private final Functions opus;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment pcm = arena.allocate(ValueLayout.JAVA_SHORT, FRAME * 6);
        private final MemorySegment packet = arena.allocate(MAX_PACKET);
        private MemorySegment state;

        private Decoder(Functions opus) {
            this.opus = opus;
            try {
                MemorySegment error = arena.allocate(ValueLayout.JAVA_INT);
                state = (MemorySegment) opus.decoderCreate().invokeExact(RATE, 1, error);
                if (state.equals(MemorySegment.NULL)) {
                    throw new IllegalStateException(
                            "opus_decoder_create failed: " + error.get(ValueLayout.JAVA_INT, 0));
                }
            } catch (Throwable e) {
                arena.close();
                throw new IllegalStateException("cannot make an Opus decoder", e);
            }
        }

        /**
         * One packet's audio (its length follows the packet's duration: 20 ms is 320 samples); with
         * {@code data} null, libopus conceals a lost frame of 20 ms. Null when the packet is corrupt or
         * the decoder closed.
         */
        public synchronized short[] decode(byte[] data) {
            if (state == null || (data != null && data.length > MAX_PACKET)) {
                return null;
            }
            try {
                int samples;
                if (data == null) {
                    samples = (int) opus.decode().invokeExact(state, MemorySegment.NULL, 0, pcm, FRAME, 0);
                } else {
                    MemorySegment.copy(data, 0, packet, ValueLayout.JAVA_BYTE, 0, data.length);
                    samples = (int) opus.decode().invokeExact(state, packet, data.length, pcm, FRAME * 6, 0);
                }
                return samples <= 0 ? null : pcm.asSlice(0, 2L * samples).toArray(ValueLayout.JAVA_SHORT);
            } catch (Throwable e) {
                throw new IllegalStateException("opus_decode failed", e);
            }
        }

        @Override
        public synchronized void close() {
            if (state != null) {
                try {
                    opus.decoderDestroy().invokeExact(state);
                } catch (Throwable e) {
                    LOG.debug("opus_decoder_destroy failed", e);
                }
                state = null;
                arena.close();
            }
        }
    }
}
