package dev.parley.voice.sip;

/** RFC 3261 §17 timer values. */
final class Timers {
    private Timers() {}

    /** T1: the round-trip estimate retransmissions start from. */
    static final long T1_MS = 500;

    /** T2: the longest interval between retransmissions. */
    static final long T2_MS = 4_000;

    /** 64·T1: how long a transaction lives (and how long a 200 is resent without an ACK). */
    static final long TRANSACTION_MS = 64 * T1_MS;
}
