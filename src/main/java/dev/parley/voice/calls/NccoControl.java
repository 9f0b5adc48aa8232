package dev.parley.voice.calls;

import dev.parley.voice.ncco.NccoAction;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Where a leg's NCCO thread waits, and what wakes it: the call's end (signalling), a key press (the
 * RTP receive thread, through {@link #digits}), the end of a prompt (the mixer's tick), or a transfer
 * (a REST request) that replaces the NCCO. Guarded by its own monitor, which is only ever held to
 * check or change these few fields: never across I/O, a store write or another lock, so the threads
 * that notify it (the mixer's tick among them) never wait on more than that. Thread-safe.
 */
final class NccoControl {
    /** Waits this long or more wait until something happens. */
    static final long FOREVER = Long.MAX_VALUE;

    /** Keys pressed and not yet taken by an {@code input} action. */
    final LinkedBlockingQueue<Character> digits = new LinkedBlockingQueue<>();

    private boolean ended;
    private List<NccoAction> transferTo;

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
     * whether {@code done} holds. Whoever makes {@code done} true must call {@link #wake()}; {@code
     * done} runs under this monitor, so it must only read (a future's state, a queue's size).
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
