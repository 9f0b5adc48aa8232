package dev.parley.voice.sip.transaction;

/** RFC 3261 §17 timer values (Table 4); every transaction timer is derived from these. */
public final class Timers {
    private Timers() {}

    /** T1: the round-trip estimate retransmissions start from. */
    public static final long T1_MS = 500;

    /** T2: the longest interval between retransmissions of a non-INVITE request or an INVITE response. */
    public static final long T2_MS = 4_000;

    /** T4: how long a message may still be in the network (the wait of Timers I and K over UDP). */
    public static final long T4_MS = 5_000;

    /** 64·T1: how long a transaction waits for an answer or an ACK (Timers B, F, H, J, L, M). */
    public static final long TRANSACTION_MS = 64 * T1_MS;

    /** Timer D over UDP: how long retransmitted final responses to an INVITE are ACKed again. */
    public static final long TIMER_D_MS = 32_000;
}
