package dev.parley.voice.calls;

import dev.parley.domain.Leg;
import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.RtpSocket;
import dev.parley.voice.ncco.NccoAction;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One call leg running on this node, either direction: its leg as last recorded, its media, and what
 * its NCCO is doing. The NCCO's thread waits here, woken by the call's end, a key press, the end of a
 * prompt, or a transfer that replaces the NCCO. Thread-safe.
 */
final class CallSession {
    /** Ends the call on the SIP side (BYE, or CANCEL while it rings). */
    private final Runnable signalHangup;

    volatile Leg leg;
    volatile RtpSocket rtp;
    /** The leg's RTP media port (its jitter buffer and sender), once the codec is agreed. */
    volatile dev.parley.voice.media.RtpPort rtpPort;
    /** The leg in the mixer: every frame it hears leaves through here. */
    volatile Bridge.Participant participant;
    /** The mixer room the leg is in (its conversation's id). */
    volatile String room;
    /** The payload type the peer agreed for RFC 4733 events, or null when it takes none. */
    volatile Integer telephoneEvent;

    /** The leg's conversation ends when it leaves ({@code endOnExit}). */
    volatile boolean endOnExit;

    /** Whether the call's end has been recorded: once, whichever side ended it. */
    final AtomicBoolean finished = new AtomicBoolean();
    /** Keys pressed and not yet taken by an {@code input} action. */
    final LinkedBlockingQueue<Character> digits = new LinkedBlockingQueue<>();

    final AtomicInteger dtmfSequence = new AtomicInteger();
    final CountDownLatch established = new CountDownLatch(1);

    /** Waits this long or more wait until something happens. */
    static final long FOREVER = Long.MAX_VALUE;

    private boolean ended;
    private List<NccoAction> transferTo;

    CallSession(Runnable signalHangup) {
        this.signalHangup = signalHangup;
    }

    /**
     * A {@code connect} with {@code eventType: synchronous} placed this leg: a final status other than
     * {@code completed} goes to its event URL synchronously (whose NCCO answer is used), not the outbox.
     */
    volatile boolean failureAnsweredSynchronously;

    /** A WebSocket leg whose application closed the socket (the Voice API's {@code disconnected}). */
    volatile boolean disconnected;

    /** Why Parley ended the call on its own (a media timeout), for its hangup record; null: normal. */
    volatile String hangupCause;

    void signalHangup() {
        signalHangup.run();
    }

    /** Ends the call for {@code cause}, which its {@code sip:hangup} event gives as the reason. */
    void signalHangup(String cause) {
        hangupCause = cause;
        signalHangup.run();
    }

    /** The call is over: whatever waits wakes up. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    synchronized boolean isEnded() {
        return ended;
    }

    /** Something a waiting action may be waiting for happened (a key, a prompt's end). */
    synchronized void wake() {
        notifyAll();
    }

    /** A transfer: the running action stops and {@code next} runs instead of the rest of the NCCO. */
    synchronized void transfer(List<NccoAction> next) {
        transferTo = List.copyOf(next);
        notifyAll();
    }

    /** The NCCO a transfer asked for since the last call, or null. */
    synchronized List<NccoAction> takeTransfer() {
        List<NccoAction> next = transferTo;
        transferTo = null;
        return next;
    }

    /** Whether the running action should stop: the call ended or a transfer is waiting. */
    synchronized boolean interrupted() {
        return ended || transferTo != null;
    }

    /**
     * Waits until {@code done} holds, the action is interrupted, or {@code millis} pass; returns
     * whether {@code done} holds. Whoever makes {@code done} true must call {@link #wake()}.
     */
    synchronized boolean awaitUntil(BooleanSupplier done, long millis) {
        boolean forever = millis > TimeUnit.DAYS.toMillis(365);
        long deadline = forever ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            while (!done.getAsBoolean() && !ended && transferTo == null) {
                if (forever) {
                    wait();
                    continue;
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return done.getAsBoolean();
    }
}
