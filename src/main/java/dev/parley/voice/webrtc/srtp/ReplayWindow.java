package dev.parley.voice.webrtc.srtp;

/**
 * Which packet indexes have been accepted lately (RFC 3711 §3.3.2): a 64-packet window below the
 * highest seen. An index older than the window, or seen already, is a replay. Not thread-safe: one
 * per SSRC, used by the thread that receives it.
 */
final class ReplayWindow {
    private static final int SIZE = 64;
    private long highest = -1;
    private long seen; // bit i: highest - i was accepted

    boolean isReplay(long index) {
        if (highest < 0 || index > highest) {
            return false;
        }
        long behind = highest - index;
        return behind >= SIZE || (seen & (1L << behind)) != 0;
    }

    void accept(long index) {
        if (index > highest) {
            long ahead = index - highest;
            seen = highest < 0 || ahead >= SIZE ? 1 : (seen << ahead) | 1;
            highest = index;
        } else {
            seen |= 1L << (highest - index);
        }
    }
}
