package dev.parley.voice.media;

import dev.parley.domain.CallQuality;

/**
 * What a leg's incoming RTP stream looked like, measured as RFC 3550 measures it for receiver reports:
 * packets expected from the extended sequence numbers against packets received (§A.3), interarrival
 * jitter (§A.8, kept as its lowest and highest value over the call), losses in bursts of two or more,
 * and packets out of order. {@link #quality} turns them into the figures a call-quality report gives.
 * Fed by the leg's receive thread, read once the call ends. Thread-safe.
 */
public final class ReceptionStats {
    private static final int MAX_DROPOUT = 3_000;

    private final int clockRate;
    private long received;
    private long outOfOrder;
    private long lostInBursts;
    private int baseSequence = -1;
    private int maxSequence;
    private long cycles;
    private boolean haveTransit;
    private double transit;
    private double jitter;
    private double jitterMin = Double.MAX_VALUE;
    private double jitterMax;
    private long ssrc = -1;
    private long expectedPrior;
    private long receivedPrior;
    /** The middle 32 bits of the NTP time of the sender's last SR, and when it came (nanoTime). */
    private long lastSenderReport = -1;

    private long lastSenderReportAt;

    /** Stats for a stream whose RTP timestamps run at {@code clockRate} Hz. */
    public ReceptionStats(int clockRate) {
        this.clockRate = clockRate;
    }

    /** A packet of {@code ssrc} with {@code sequence} and {@code timestamp} arrived at {@code arrivalNanos}. */
    public synchronized void received(long ssrc, int sequence, long timestamp, long arrivalNanos) {
        this.ssrc = ssrc;
        received(sequence, timestamp, arrivalNanos);
    }

    /** A packet with {@code sequence} and {@code timestamp} arrived at {@code arrivalNanos}. */
    public synchronized void received(int sequence, long timestamp, long arrivalNanos) {
        received++;
        if (baseSequence < 0) {
            baseSequence = sequence;
            maxSequence = sequence;
        } else {
            int delta = (sequence - maxSequence) & 0xFFFF;
            if (delta == 0 || delta >= 0x10000 - MAX_DROPOUT) {
                outOfOrder++; // a duplicate or a late packet
            } else if (delta < MAX_DROPOUT) {
                if (delta > 2) {
                    lostInBursts += delta - 1;
                }
                if (sequence < maxSequence) {
                    cycles += 0x10000;
                }
                maxSequence = sequence;
            } else {
                // the sender restarted its numbering: count from here
                baseSequence = sequence;
                maxSequence = sequence;
                cycles = 0;
                received = 1;
            }
        }
        double arrival = arrivalNanos * (clockRate / 1e9);
        double now = arrival - timestamp;
        if (haveTransit) {
            jitter += (Math.abs(now - transit) - jitter) / 16;
            double ms = jitter * 1_000 / clockRate;
            jitterMin = Math.min(jitterMin, ms);
            jitterMax = Math.max(jitterMax, ms);
        }
        transit = now;
        haveTransit = true;
    }

    /** The sender's SR came at {@code arrivalNanos}, its NTP time {@code ntp} (64-bit): for LSR and DLSR. */
    public synchronized void senderReport(long ntp, long arrivalNanos) {
        lastSenderReport = (ntp >>> 16) & 0xFFFF_FFFFL;
        lastSenderReportAt = arrivalNanos;
    }

    /**
     * An RFC 3550 §6.4.1 report block on the stream now (24 bytes), or null before any packet came:
     * the fraction lost since the last block, cumulative loss, the extended highest sequence number,
     * interarrival jitter, and LSR/DLSR from the sender's last SR.
     */
    public synchronized byte[] reportBlock(long nowNanos) {
        if (baseSequence < 0) {
            return null;
        }
        long extendedMax = cycles + maxSequence;
        long expected = extendedMax - baseSequence + 1;
        long lost = Math.max(0, Math.min(0x7FFFFF, expected - received));
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long delay = lastSenderReport < 0 ? 0 : (nowNanos - lastSenderReportAt) * 65_536 / 1_000_000_000L;
        return java.nio.ByteBuffer.allocate(24)
                .putInt((int) ssrc)
                .putInt((Math.min(fraction, 255) << 24) | (int) lost)
                .putInt((int) extendedMax)
                .putInt((int) jitter)
                .putInt(lastSenderReport < 0 ? 0 : (int) lastSenderReport)
                .putInt((int) delay)
                .array();
    }

    /**
     * The figures of a call-quality report: packets received, their loss, the jitter range, and a
     * MOS and quality percentage from ITU-T G.107's E-model for G.711 with loss concealment
     * (Bpl 25.1), with delay taken as the jitter buffer's (the one-way delay is not measured).
     */
    public synchronized CallQuality quality() {
        long expected = baseSequence < 0 ? 0 : cycles + maxSequence - baseSequence + 1;
        long lost = Math.max(0, expected - received);
        double lossPercent = expected == 0 ? 0 : 100.0 * lost / expected;
        double burstRate = lost == 0 ? 0 : Math.min(1.0, (double) lostInBursts / lost);
        double minMs = jitterMin == Double.MAX_VALUE ? 0 : jitterMin;
        double delayMs = 40 + 2 * jitterMax;
        double delayImpairment = delayMs < 177.3 ? 0.024 * delayMs : 0.024 * delayMs + 0.11 * (delayMs - 177.3);
        double equipmentImpairment = 95 * lossPercent / (lossPercent + 25.1);
        double r = Math.max(0, Math.min(100, 93.2 - delayImpairment - equipmentImpairment));
        double mos = r <= 0 ? 1 : Math.min(4.5, 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r));
        return new CallQuality(
                received, lost, lossPercent, minMs, jitterMax, lossPercent / 100, burstRate, lost + outOfOrder, mos, r);
    }
}
