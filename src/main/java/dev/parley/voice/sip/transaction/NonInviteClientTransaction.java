package dev.parley.voice.sip.transaction;

import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.transport.SipTransport;
import java.net.InetSocketAddress;

/**
 * A request Parley sends outside INVITE (BYE, CANCEL, OPTIONS ...), as the non-INVITE client
 * transaction of RFC 3261 §17.1.2: over UDP it is sent again after T1, 2·T1, 4·T1 ... at most every T2
 * (every T2 once a provisional response came: Timer E) until a final response; with none after 64·T1
 * (Timer F) it ends as 408. A final response is reported once; retransmitted ones are absorbed for T4
 * (Timer K). Thread-safe.
 */
public final class NonInviteClientTransaction {
    private final SipMessage.Request request;
    private final SipTransport transport;
    private final InetSocketAddress to;
    private final SipTimers timers;
    private final Outcome completed;
    private final Runnable terminated;
    private final boolean reliable;

    private enum State {
        TRYING,
        PROCEEDING,
        COMPLETED,
        TERMINATED
    }

    private State state = State.TRYING;
    private long interval = Timers.T1_MS;
    private SipTimers.Timer timerE;
    private SipTimers.Timer timerF;

    /** What the transaction's user hears, once: the final response, or null when none came (Timer F). */
    @FunctionalInterface
    public interface Outcome {
        void finished(SipMessage.Response response);
    }

    /**
     * {@code completed} hears the final response once (null after Timer F: no answer, as good as a 408);
     * {@code terminated} runs when the transaction is over and may be forgotten.
     */
    public NonInviteClientTransaction(
            SipMessage.Request request,
            SipTransport transport,
            InetSocketAddress to,
            SipTimers timers,
            Outcome completed,
            Runnable terminated) {
        this.request = request;
        this.transport = transport;
        this.to = to;
        this.timers = timers;
        this.completed = completed;
        this.terminated = terminated;
        this.reliable = !transport.name().equals("UDP");
    }

    /** The key responses are matched by (RFC 3261 §17.1.3): the branch and the CSeq method. */
    public static String key(String branch, String method) {
        return branch + " " + method;
    }

    public synchronized void start() {
        transport.send(request, to);
        if (!reliable) {
            timerE = timers.schedule(this::retransmit, interval);
        }
        timerF = timers.schedule(this::timedOut, 64 * Timers.T1_MS);
    }

    private synchronized void retransmit() {
        if (state != State.TRYING && state != State.PROCEEDING) {
            return;
        }
        transport.send(request, to);
        interval = state == State.PROCEEDING ? Timers.T2_MS : Math.min(2 * interval, Timers.T2_MS);
        timerE = timers.schedule(this::retransmit, interval);
    }

    private void timedOut() {
        synchronized (this) {
            if (state != State.TRYING && state != State.PROCEEDING) {
                return;
            }
            state = State.TERMINATED;
            SipTimers.cancel(timerE);
        }
        completed.finished(null);
        terminated.run();
    }

    /** A response to this transaction's request. */
    public void responded(SipMessage.Response response) {
        synchronized (this) {
            if (state == State.COMPLETED || state == State.TERMINATED) {
                return; // a retransmitted final: absorbed
            }
            if (response.status() < 200) {
                if (state == State.TRYING) {
                    state = State.PROCEEDING;
                    interval = Timers.T2_MS; // the next retransmission already scheduled keeps its time
                }
                return;
            }
            state = State.COMPLETED;
            SipTimers.cancel(timerE);
            SipTimers.cancel(timerF);
            timers.schedule(this::terminate, reliable ? 0 : Timers.T4_MS);
        }
        completed.finished(response);
    }

    private void terminate() {
        synchronized (this) {
            state = State.TERMINATED;
        }
        terminated.run();
    }
}
