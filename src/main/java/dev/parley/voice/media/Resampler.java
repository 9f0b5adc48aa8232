package dev.parley.voice.media;

/**
 * Sample-rate conversion for speech: a moving-average low-pass (so nothing above the new Nyquist
 * frequency folds back in) followed by linear interpolation. Good enough for a voice prompt; the
 * mixer's own 8/16 kHz conversion gets a proper FIR with the conference work.
 */
public final class Resampler {
    private Resampler() {}

    public static short[] resample(short[] in, int fromRate, int toRate) {
        if (fromRate == toRate || in.length == 0) {
            return in.clone();
        }
        double[] filtered = new double[in.length];
        int window = Math.max(1, (int) Math.ceil((double) fromRate / toRate));
        double sum = 0;
        for (int i = 0; i < in.length; i++) {
            sum += in[i];
            if (i >= window) {
                sum -= in[i - window];
            }
            filtered[i] = sum / Math.min(i + 1, window);
        }
        int length = (int) ((long) in.length * toRate / fromRate);
        short[] out = new short[length];
        double step = (double) fromRate / toRate;
        for (int i = 0; i < length; i++) {
            double position = i * step;
            int index = (int) position;
            double fraction = position - index;
            double a = filtered[Math.min(index, in.length - 1)];
            double b = filtered[Math.min(index + 1, in.length - 1)];
            out[i] = (short) Math.round(a + (b - a) * fraction);
        }
        return out;
    }
}
