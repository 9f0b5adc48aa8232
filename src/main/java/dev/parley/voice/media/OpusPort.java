package dev.parley.voice.media;

import java.util.concurrent.ThreadLocalRandom;

/**
 * An App leg's media port when the browser speaks Opus (RFC 7587): packets go through a jitter buffer
 * and are decoded by libopus straight to the mixer's 16 kHz (no resampling), a lost one concealed by the
 * decoder; the mix is encoded to one Opus packet per 20 ms and sent as RTP on the 48 kHz clock RFC 7587
 * fixes (960 a frame), whatever the rate coded. One encoder and one decoder per leg, since mix-minus
 * gives every leg a mix of its own. Encoding, the costly half, runs on the node's encoder threads
 * ({@link #ENCODERS}, one per core), never on the mixer's tick: the tick hands each leg its frame and
 * goes on, and a leg's frames are encoded and sent in order. Thread-safe: packets arrive on the
 * transport's thread, ticks on the mixer's.
 */
public final class OpusPort implements MediaPort, AutoCloseable {
    /** RTP timestamp units in 20 ms at Opus's fixed 48 kHz clock. */
    private static final int TICKS_PER_FRAME = 960;

    private final Playout playout;
    private final Bridge.Stats stats;
    private final RtpOutlet outlet;
    private final int payloadType;
    private final long ssrc;
    private final LibOpus.Encoder encoder = LibOpus.encoder();
    private final LibOpus.Decoder decoder = LibOpus.decoder();
    /** The node's Opus encoder threads, one per core (docs/THREADS.md). */
    private static final java.util.concurrent.ExecutorService ENCODERS =
            java.util.concurrent.Executors.newFixedThreadPool(
                    Runtime.getRuntime().availableProcessors(),
                    Thread.ofPlatform().name("parley-opus-encoder-", 0).daemon().factory());
    /** Frames a leg may have waiting for its encoder; beyond, the oldest is dropped (a late frame is noise). */
    private static final int MAX_WAITING = 5;

    private final java.util.concurrent.ConcurrentLinkedQueue<short[]> waiting =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean encoding = new java.util.concurrent.atomic.AtomicBoolean();
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private long timestamp = ThreadLocalRandom.current().nextLong(1L << 32);
    private boolean first = true;

    /** Sends through {@code outlet} with the browser's Opus {@code payloadType} and the SDP's {@code ssrc}. */
    public OpusPort(RtpOutlet outlet, int payloadType, long ssrc, Bridge.Stats stats) {
        this.outlet = outlet;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.playout = new Playout(stats);
        this.stats = stats;
    }

    /** A packet the leg sent: buffered by sequence number if it is Opus. */
    public void received(RtpPacket packet) {
        if (packet.payloadType() == payloadType) {
            playout.put(packet.sequence(), packet.payload());
        }
    }

    @Override
    public short[] take() {
        byte[] payload = playout.take();
        if (payload == Playout.LOST) {
            return fit(decoder.decode(null)); // libopus's concealment
        }
        if (payload == null) {
            return null;
        }
        return fit(decoder.decode(payload));
    }

    /** A decoded packet as one mixer frame: a longer packet's first 20 ms, a shorter one padded. */
    private static short[] fit(short[] samples) {
        if (samples == null || samples.length == Bridge.FRAME) {
            return samples;
        }
        short[] frame = new short[Bridge.FRAME];
        System.arraycopy(samples, 0, frame, 0, Math.min(samples.length, Bridge.FRAME));
        return frame;
    }

    /** On the mixer's tick: the leg's frame goes to its encoder, and the tick goes on. */
    @Override
    public void send(int[] frame) {
        short[] pcm = new short[Bridge.FRAME];
        for (int i = 0; i < pcm.length && i < frame.length; i++) {
            pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, frame[i]));
        }
        waiting.add(pcm);
        if (waiting.size() > MAX_WAITING && waiting.poll() != null) {
            stats.unsent();
        }
        if (encoding.compareAndSet(false, true)) {
            ENCODERS.execute(this::encodeWaiting);
        }
    }

    /** Encodes and sends the leg's waiting frames in order; one run at a time per leg. */
    private void encodeWaiting() {
        while (true) {
            for (short[] pcm = waiting.poll(); pcm != null; pcm = waiting.poll()) {
                encodeAndSend(pcm);
            }
            encoding.set(false);
            // A frame that came after the last poll and before the flag cleared runs here, or in the run its sender
            // started.
            if (waiting.isEmpty() || !encoding.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private synchronized void encodeAndSend(short[] pcm) {
        byte[] packet = encoder.encode(pcm);
        if (packet.length == 0) {
            return; // closed
        }
        outlet.send(new RtpPacket(first, payloadType, sequence, timestamp, ssrc, packet));
        first = false;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + TICKS_PER_FRAME) & 0xFFFFFFFFL;
    }

    @Override
    public void close() {
        encoder.close();
        decoder.close();
    }
}
