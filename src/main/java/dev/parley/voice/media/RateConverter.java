package dev.parley.voice.media;

/**
 * Streaming sample-rate conversion by a rational factor (16 ↔ 24 kHz for WebSocket legs, 22.05 kHz
 * speech and any WAV rate to the mixer's 16 kHz): a polyphase FIR, conceptually upsampling by {@code
 * up}, low-pass filtering below the lower rate's Nyquist frequency (Kaiser-windowed sinc, about 80 dB
 * stop band) and keeping every {@code down}-th sample, computed without the zeros. The filter keeps
 * its input history across blocks, so a stream converted frame by frame is the same as converted
 * whole: no clicks at frame edges. Delays by {@link #TAPS_PER_PHASE}/2 input samples. Not
 * thread-safe: one per stream and direction.
 */
public final class RateConverter {
    /** Filter length in input samples: 32 gives a transition band of about a tenth of the lower rate. */
    static final int TAPS_PER_PHASE = 32;

    private static final double KAISER_BETA = 8.0;

    private final int up;
    private final int down;
    /** {@code phases[p][k]}: tap {@code p + k * up} of the prototype filter, times {@code up}. */
    private final double[][] phases;
    /** The last {@code TAPS_PER_PHASE - 1} input samples, oldest first. */
    private final double[] history = new double[TAPS_PER_PHASE - 1];
    /** Where the next output falls, in upsampled samples from the start of the next input block. */
    private long next;

    public RateConverter(int fromRate, int toRate) {
        int gcd = gcd(fromRate, toRate);
        this.up = toRate / gcd;
        this.down = fromRate / gcd;
        this.phases = design(up, down);
    }

    /** Converts the next block of the stream; the output length follows the rates (320 in at 16 kHz, 480 out at 24). */
    public short[] convert(short[] in) {
        double[] samples = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            samples[i] = in[i];
        }
        double[] out = convert(samples);
        short[] clipped = new short[out.length];
        for (int i = 0; i < out.length; i++) {
            clipped[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(out[i])));
        }
        return clipped;
    }

    private double[] convert(double[] in) {
        int keep = history.length;
        double[] buffer = new double[keep + in.length];
        System.arraycopy(history, 0, buffer, 0, keep);
        System.arraycopy(in, 0, buffer, keep, in.length);
        long end = (long) in.length * up;
        int count = next >= end ? 0 : (int) ((end - next + down - 1) / down);
        double[] out = new double[count];
        for (int n = 0; n < count; n++) {
            int base = (int) (next / up); // the newest input sample under the filter
            double[] taps = phases[(int) (next % up)];
            double sum = 0;
            for (int k = 0; k < taps.length; k++) {
                sum += taps[k] * buffer[keep + base - k];
            }
            out[n] = sum;
            next += down;
        }
        next -= end;
        System.arraycopy(buffer, buffer.length - keep, history, 0, keep);
        return out;
    }

    /**
     * A whole signal converted at once (a prompt, a WAV file): the filter's delay is taken out and its
     * tail flushed, so the output is as long as the input at the new rate and lines up with it.
     */
    public static short[] convert(short[] in, int fromRate, int toRate) {
        if (fromRate == toRate || in.length == 0) {
            return in.clone();
        }
        RateConverter converter = new RateConverter(fromRate, toRate);
        int delayIn = TAPS_PER_PHASE / 2;
        short[] padded = java.util.Arrays.copyOf(in, in.length + delayIn);
        short[] converted = converter.convert(padded);
        int skip = (int) ((long) delayIn * toRate / fromRate);
        int length = (int) ((long) in.length * toRate / fromRate);
        return java.util.Arrays.copyOfRange(
                converted, Math.min(skip, converted.length), Math.min(skip + length, converted.length));
    }

    private static double[][] design(int up, int down) {
        int length = up * TAPS_PER_PHASE;
        // the cut-off, in cycles per upsampled sample: just below the lower rate's Nyquist frequency
        double cutoff = 0.5 / Math.max(up, down) * 0.9;
        double middle = (length - 1) / 2.0;
        double[][] phases = new double[up][TAPS_PER_PHASE];
        double i0Beta = besselI0(KAISER_BETA);
        double sum = 0;
        for (int j = 0; j < length; j++) {
            double t = j - middle;
            double sinc = t == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
            double ratio = t / (middle + 1);
            double window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - ratio * ratio))) / i0Beta;
            phases[j % up][j / up] = sinc * window;
            sum += sinc * window;
        }
        for (double[] phase : phases) { // unity gain at DC
            for (int k = 0; k < phase.length; k++) {
                phase[k] *= up / sum;
            }
        }
        return phases;
    }

    /** The modified Bessel function of the first kind, order 0 (for the Kaiser window). */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
