package dev.parley.voice.sip.transaction;

import dev.parley.voice.sip.message.SipHeaders;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.transport.SipTransport;
import java.net.InetSocketAddress;

/**
 * An INVITE we send (RFC 3261 §17.1.1 with RFC 6026's Accepted state). Over UDP it is sent again after
 * T1, 2·T1, 4·T1 ... (Timer A) until a response; with none in 64·T1 (Timer B) it ends as 408. A
 * refusal is ACKed here, and its retransmissions ACKed again for 32 s (Timer D) but reported once.
 * Every 2xx, retransmissions included, goes to the user for 64·T1 (Timer M): the dialog ACKs each.
 * After a CANCEL, a final response is awaited for 64·T1 (§9.1). Thread-safe; the listener is told
 * outside the lock.
 */
public final class InviteClientTransaction {
    /** What the transaction's user hears. */
    public interface Listener {
        /** A 1xx: each one that comes while no final response has. */
        void provisional(SipMessage.Response response);

        /** A 2xx: the first and every retransmission or fork of it; the user sends the ACK. */
        void accepted(SipMessage.Response response);

        /** A 3xx-6xx, once (already ACKed). */
        void rejected(SipMessage.Response response);

        /** Nothing came in 64·T1 (Timer B), or no final response in 64·T1 after a CANCEL. */
        void timedOut();
    }

    private enum State {
        CALLING,
        PROCEEDING,
        ACCEPTED,
        COMPLETED,
        TERMINATED
    }

    private final SipMessage.Request invite;
    private final SipTransport transport;
    private final InetSocketAddress to;
    private final SipTimers timers;
    private final Listener listener;
    private final Runnable terminated;
    private final boolean reliable;
    private State state = State.CALLING;
    private long interval = Timers.T1_MS;
    private SipTimers.Timer timerA;
    private SipTimers.Timer timerB;
    private SipMessage.Request ack;

    /** {@code terminated} runs once, when the transaction is over and may be forgotten. */
    public InviteClientTransaction(
            SipMessage.Request invite,
            SipTransport transport,
            InetSocketAddress to,
            SipTimers timers,
            Listener listener,
            Runnable terminated) {
        this.invite = invite;
        this.transport = transport;
        this.to = to;
        this.timers = timers;
        this.listener = listener;
        this.terminated = terminated;
        this.reliable = !transport.name().equals("UDP");
    }

    public SipMessage.Request invite() {
        return invite;
    }

    public synchronized void start() {
        transport.send(invite, to);
        if (!reliable) {
            timerA = timers.schedule(this::retransmit, interval);
        }
        timerB = timers.schedule(this::timedOut, Timers.TRANSACTION_MS);
    }

    /** Our CANCEL went out: the final response it provokes is awaited 64·T1 more (RFC 3261 §9.1). */
    public synchronized void cancelling() {
        if (state == State.CALLING || state == State.PROCEEDING) {
            SipTimers.cancel(timerB);
            timerB = timers.schedule(this::timedOut, Timers.TRANSACTION_MS);
        }
    }

    private synchronized void retransmit() {
        if (state != State.CALLING) {
            return;
        }
        transport.send(invite, to);
        interval = 2 * interval; // Timer A doubles without bound; Timer B ends it first
        timerA = timers.schedule(this::retransmit, interval);
    }

    private void timedOut() {
        synchronized (this) {
            if (state != State.CALLING && state != State.PROCEEDING) {
                return;
            }
            state = State.TERMINATED;
            SipTimers.cancel(timerA);
        }
        listener.timedOut();
        terminated.run();
    }

    /** A response whose branch and CSeq method are this transaction's. */
    public void responded(SipMessage.Response response) {
        int status = response.status();
        synchronized (this) {
            switch (state) {
                case CALLING, PROCEEDING -> {
                    SipTimers.cancel(timerA);
                    if (status < 200) {
                        if (state == State.CALLING) {
                            state = State.PROCEEDING;
                            SipTimers.cancel(timerB); // from here the user decides how long to wait (CANCEL)
                        }
                    } else if (status < 300) {
                        state = State.ACCEPTED;
                        SipTimers.cancel(timerB);
                        timers.schedule(this::terminate, Timers.TRANSACTION_MS); // Timer M
                    } else {
                        state = State.COMPLETED;
                        SipTimers.cancel(timerB);
                        ack = ackFor(response);
                        transport.send(ack, to);
                        timers.schedule(this::terminate, reliable ? 0 : Timers.TIMER_D_MS);
                    }
                }
                case ACCEPTED -> {
                    if (status < 200 || status >= 300) {
                        return;
                    }
                }
                case COMPLETED -> {
                    if (status >= 300) {
                        transport.send(ack, to); // the refusal came again: our ACK was lost
                    }
                    return;
                }
                case TERMINATED -> {
                    return;
                }
            }
        }
        if (status < 200) {
            listener.provisional(response);
        } else if (status < 300) {
            listener.accepted(response);
        } else {
            listener.rejected(response);
        }
    }

    /**
     * The ACK of a refusal (RFC 3261 §17.1.1.3): the INVITE's Request-URI, top Via, From, Call-ID,
     * CSeq number and Route, the response's To (with the tag it added).
     */
    private SipMessage.Request ackFor(SipMessage.Response response) {
        SipHeaders h = SipHeaders.empty()
                .with("Via", invite.headers().first("Via").orElseThrow())
                .with("Max-Forwards", "70")
                .with("From", invite.headers().first("From").orElse(""))
                .with("To", response.headers().first("To").orElse(""))
                .with("Call-ID", invite.callId())
                .with("CSeq", invite.cseq().number() + " ACK");
        for (String route : invite.headers().all("Route")) {
            h = h.with("Route", route);
        }
        return new SipMessage.Request("ACK", invite.uri(), h, null);
    }

    private void terminate() {
        synchronized (this) {
            if (state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATED;
        }
        terminated.run();
    }
}
