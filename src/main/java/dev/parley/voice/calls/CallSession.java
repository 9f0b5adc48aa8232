package dev.parley.voice.calls;

import dev.parley.domain.Leg;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One call leg running on this node, either direction, in three parts by owner: its record (the leg
 * as last stored, written only on its {@link WriteLane}), its {@link LegMedia media}, and the {@link
 * NccoControl control} its NCCO thread waits on. What is left here is the call's signalling state,
 * written by the SIP or WebSocket side and read by the others. Thread-safe.
 */
final class CallSession {
    private static final AtomicLong SESSIONS = new AtomicLong();

    /** Ends the call on the SIP side (BYE, or CANCEL while it rings). */
    private final Runnable signalHangup;

    /** The leg as last stored: set once before the session is shared, then only by {@link #writes}. */
    volatile Leg leg;

    /** The leg's store writes, in order ({@link LegRecorder} is the only user). */
    final WriteLane writes = new WriteLane(Long.toString(SESSIONS.incrementAndGet()));

    final LegMedia media = new LegMedia();
    final NccoControl ncco = new NccoControl();

    /** Whether the call's end has been recorded: once, whichever side ended it (set on the lane). */
    final AtomicBoolean finished = new AtomicBoolean();

    /** Counted down when the caller's ACK confirms an answered inbound call. */
    final CountDownLatch established = new CountDownLatch(1);

    /**
     * A {@code connect} with {@code eventType: synchronous} placed this leg: a final status other than
     * {@code completed} goes to its event URL synchronously (whose NCCO answer is used), not the outbox.
     */
    volatile boolean failureAnsweredSynchronously;

    /** A WebSocket leg whose application closed the socket (the Voice API's {@code disconnected}). */
    volatile boolean disconnected;

    /** An App leg's own user hung up (its SDK), rather than the call ending around it. */
    volatile boolean hungUpByCaller;

    /** Why Parley ended the call on its own (a media timeout), for its hangup record; null: normal. */
    volatile String hangupCause;

    CallSession(Runnable signalHangup) {
        this.signalHangup = signalHangup;
    }

    void signalHangup() {
        signalHangup.run();
    }

    /** Ends the call for {@code cause}, which its {@code sip:hangup} event gives as the reason. */
    void signalHangup(String cause) {
        hangupCause = cause;
        signalHangup.run();
    }
}
