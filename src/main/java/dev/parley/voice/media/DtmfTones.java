package dev.parley.voice.media;

/**
 * Keys as the tones a telephone plays (ITU-T Q.23): each digit 100 ms of its row and column
 * frequencies, then 60 ms of silence, at the mixer's rate. What a Client SDK's key presses become in
 * the mix, since they arrive as events, not as RFC 4733 packets.
 */
public final class DtmfTones {
    private static final int[] ROWS = {697, 770, 852, 941};
    private static final int[] COLUMNS = {1209, 1336, 1477, 1633};
    private static final String KEYS = "123A456B789C*0#D";
    private static final int TONE_MS = 100;
    private static final int GAP_MS = 60;

    private DtmfTones() {}

    /** The tones of {@code digits} (anything not a key is skipped) at {@link Bridge#RATE}. */
    public static short[] of(String digits) {
        int tone = Bridge.RATE * TONE_MS / 1_000;
        int each = tone + Bridge.RATE * GAP_MS / 1_000;
        String keys = digits.toUpperCase(java.util.Locale.ROOT)
                .chars()
                .filter(c -> KEYS.indexOf(c) >= 0)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        short[] samples = new short[keys.length() * each];
        for (int k = 0; k < keys.length(); k++) {
            int index = KEYS.indexOf(keys.charAt(k));
            double low = ROWS[index / 4];
            double high = COLUMNS[index % 4];
            for (int i = 0; i < tone; i++) {
                double t = (double) i / Bridge.RATE;
                samples[k * each + i] =
                        (short) (6_000 * (Math.sin(2 * Math.PI * low * t) + Math.sin(2 * Math.PI * high * t)));
            }
        }
        return samples;
    }

    /** Whether {@code key} is one of the sixteen keys. */
    public static boolean isKey(char key) {
        return KEYS.indexOf(Character.toUpperCase(key)) >= 0;
    }
}
