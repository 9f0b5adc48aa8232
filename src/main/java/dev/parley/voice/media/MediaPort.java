package dev.parley.voice.media;

/**
 * One leg's audio as the mixer sees it: 20 ms frames at the mixer's 16 kHz, whatever the leg's own
 * codec and rate (G.711 over RTP at 8 kHz, linear PCM over a WebSocket at 8, 16 or 24 kHz). Called
 * from the mixer's tick thread, once each per tick.
 */
public interface MediaPort {
    /** This tick's frame from the leg ({@link Bridge#FRAME} samples), or null when none came in time. */
    short[] take();

    /** Sends the leg its 20 ms of mix ({@link Bridge#FRAME} samples at 16 kHz, not yet clipped). */
    void send(int[] frame);

    /** A mix frame (sums that may overflow) as 16-bit samples, clipped at full scale. */
    static short[] clip(int[] frame) {
        short[] out = new short[frame.length];
        for (int i = 0; i < frame.length; i++) {
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, frame[i]));
        }
        return out;
    }
}
