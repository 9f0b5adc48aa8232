package dev.parley.domain;

/**
 * The figures of a call-quality report on what a leg received: packets, their loss, the jitter range
 * (milliseconds), loss and burst rates (fractions), flaws (lost or out of order), and the MOS and
 * quality percentage derived from them.
 */
public record CallQuality(
        long packets,
        long lost,
        double lossPercent,
        double jitterMinMs,
        double jitterMaxMs,
        double lossRate,
        double burstRate,
        long flaws,
        double mos,
        double qualityPercent) {}
