package dev.parley.voice.media;

/**
 * Streaming 8 kHz ↔ 16 kHz conversion for one leg and one direction, with a 15-tap half-band FIR
 * low-pass at 4 kHz (Hamming-windowed sinc): upsampling stuffs a zero between samples and filters out
 * the image, downsampling filters out what would fold back, then keeps every other sample. The filter
 * keeps its history across frames, so a stream converts without clicks at frame edges. Adds 7 samples
 * (0.4 ms) of delay at 16 kHz. Not thread-safe: one per leg and direction, used by the mixer's tick.
 */
public final class HalfBand {
    private static final double[] TAPS = taps(15);

    private final double[] history = new double[TAPS.length];
    private int head;

    /** 160 samples at 8 kHz in, 320 at 16 kHz out. */
    public short[] up(short[] in) {
        short[] out = new short[in.length * 2];
        for (int i = 0; i < in.length; i++) {
            out[2 * i] = clip(2 * filter(in[i]));
            out[2 * i + 1] = clip(2 * filter(0));
        }
        return out;
    }

    /** 320 samples at 16 kHz in, 160 at 8 kHz out (not clipped: the sender clips once). */
    public int[] down(int[] in) {
        int[] out = new int[in.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) Math.round(filter(in[2 * i]));
            filter(in[2 * i + 1]);
        }
        return out;
    }

    private double filter(double sample) {
        history[head] = sample;
        double sum = 0;
        int index = head;
        for (double tap : TAPS) {
            sum += tap * history[index];
            index = index == 0 ? history.length - 1 : index - 1;
        }
        head = head + 1 == history.length ? 0 : head + 1;
        return sum;
    }

    private static short clip(double sample) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sample)));
    }

    /** A low-pass at a quarter of the 16 kHz rate (4 kHz), normalised to unity gain at DC. */
    private static double[] taps(int n) {
        double[] taps = new double[n];
        int middle = n / 2;
        double sum = 0;
        for (int k = 0; k < n; k++) {
            int m = k - middle;
            double sinc = m == 0 ? 0.5 : Math.sin(Math.PI * m / 2) / (Math.PI * m);
            double hamming = 0.54 - 0.46 * Math.cos(2 * Math.PI * k / (n - 1));
            taps[k] = sinc * hamming;
            sum += taps[k];
        }
        for (int k = 0; k < n; k++) {
            taps[k] /= sum;
        }
        return taps;
    }
}
