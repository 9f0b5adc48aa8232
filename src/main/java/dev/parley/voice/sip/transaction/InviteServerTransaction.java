package dev.parley.voice.sip.transaction;

import dev.parley.voice.sip.message.Responses;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.transport.SipTransport;

/**
 * An INVITE we received (RFC 3261 §17.2.1 with RFC 6026's Accepted state). It answers 100 at once;
 * a retransmitted INVITE gets the last response again. A final response is sent again over UDP after
 * T1, 2·T1 ... at most every T2 until the ACK comes: Timer G for a refusal (the ACK is this
 * transaction's own), and for a 2xx too, the duty §13.3.1.4 gives the user agent core, kept here so
 * that nothing above this layer resends. No ACK in 64·T1 (Timer H, Timer L): the transaction ends, and
 * an unacknowledged 2xx is reported. Thread-safe.
 */
public final class InviteServerTransaction implements ServerTransaction {
    private enum State {
        PROCEEDING,
        ACCEPTED,
        COMPLETED,
        CONFIRMED,
        TERMINATED
    }

    private final SipMessage.Request request;
    private final SipTransport.Inbound inbound;
    private final SipTimers timers;
    private final Runnable terminated;
    private final boolean reliable;
    private State state = State.PROCEEDING;
    private SipMessage.Response last;
    private long interval = Timers.T1_MS;
    private SipTimers.Timer timerG;
    private SipTimers.Timer timerHOrL;
    private Runnable unacknowledged = () -> {};

    /** {@code terminated} runs once, when the transaction is over and may be forgotten. */
    public InviteServerTransaction(
            SipMessage.Request request, SipTransport.Inbound inbound, SipTimers timers, Runnable terminated) {
        this.request = request;
        this.inbound = inbound;
        this.timers = timers;
        this.terminated = terminated;
        this.reliable = !inbound.transport().name().equals("UDP");
    }

    @Override
    public SipMessage.Request request() {
        return request;
    }

    @Override
    public SipTransport.Inbound inbound() {
        return inbound;
    }

    /** The 100 (Trying) every INVITE gets at once, so that the caller stops retransmitting it. */
    public void trying() {
        respond(Responses.to(request, inbound.source(), 100, null, null));
    }

    /** A provisional response, or a final refusal (resent until its ACK); a 2xx is {@link #accept}ed. */
    @Override
    public void respond(SipMessage.Response response) {
        if (response.status() >= 200 && response.status() < 300) {
            accept(response, () -> {});
            return;
        }
        synchronized (this) {
            if (state != State.PROCEEDING) {
                return;
            }
            send(response);
            if (response.status() >= 200) {
                state = State.COMPLETED;
                waitForAck();
            }
        }
    }

    /**
     * Sends the 2xx, again until its ACK; {@code unacknowledged} runs when none came in 64·T1 (the
     * user agent then ends the dialog with BYE, RFC 3261 §13.3.1.4).
     */
    public synchronized void accept(SipMessage.Response ok, Runnable unacknowledged) {
        if (state != State.PROCEEDING) {
            return;
        }
        this.unacknowledged = unacknowledged;
        state = State.ACCEPTED;
        send(ok);
        waitForAck();
    }

    @Override
    public synchronized void retransmitted(SipTransport.Inbound from) {
        if (last != null && state != State.CONFIRMED && state != State.TERMINATED) {
            from.transport().send(last, from.source());
        }
    }

    /**
     * The ACK came: resending stops. Returns whether it acknowledged a 2xx, which makes it the user
     * agent's to see (the ACK of a refusal belongs to the transaction alone).
     */
    public boolean acknowledged() {
        synchronized (this) {
            SipTimers.cancel(timerG);
            if (state == State.ACCEPTED) {
                state = State.CONFIRMED; // kept until Timer L, absorbing a late retransmitted INVITE
                return true;
            }
            if (state != State.COMPLETED) {
                return false;
            }
            state = State.CONFIRMED;
            SipTimers.cancel(timerHOrL);
        }
        timers.schedule(this::terminate, reliable ? 0 : Timers.T4_MS); // Timer I
        return false;
    }

    private void send(SipMessage.Response response) {
        last = response;
        inbound.transport().send(response, inbound.source());
    }

    private void waitForAck() {
        if (!reliable) {
            timerG = timers.schedule(this::resend, interval);
        }
        timerHOrL = timers.schedule(this::noAck, Timers.TRANSACTION_MS);
    }

    private synchronized void resend() {
        if (state != State.ACCEPTED && state != State.COMPLETED) {
            return;
        }
        inbound.transport().send(last, inbound.source());
        interval = Math.min(2 * interval, Timers.T2_MS);
        timerG = timers.schedule(this::resend, interval);
    }

    /** Timer H (refusal) or L (2xx): the ACK never came, or the confirmed transaction's time is up. */
    private void noAck() {
        boolean unanswered;
        synchronized (this) {
            if (state == State.TERMINATED) {
                return;
            }
            unanswered = state == State.ACCEPTED;
            SipTimers.cancel(timerG);
        }
        if (unanswered) {
            unacknowledged.run();
        }
        terminate();
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
