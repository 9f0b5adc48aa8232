package dev.parley.voice.media;

/**
 * What a leg's media socket has carried, whatever the socket (plain RTP for SIP and phone legs, SRTP for
 * App legs): what the end-of-call records report, and the silence the media timeout watches.
 */
public interface MediaCounters {
    long packetsIn();

    long packetsOut();

    long bytesIn();

    long bytesOut();

    /** {@link System#nanoTime()} when the last packet arrived, or when the socket opened. */
    long lastReceivedNanos();

    /** The peer put the call on hold: its silence is no sign of a dead call. */
    default boolean held() {
        return false;
    }
}
