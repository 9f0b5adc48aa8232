package dev.parley.voice.sip.transaction;

import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.transport.SipTransport;

/**
 * A request other than INVITE and ACK that we answer (RFC 3261 §17.2.2): a retransmission before any
 * response is absorbed, after one it gets the last response again; the final response is kept for
 * 64·T1 over UDP (Timer J), so that a retransmitted BYE is answered 200 again rather than 481.
 * Thread-safe.
 */
public final class NonInviteServerTransaction implements ServerTransaction {
    private final SipMessage.Request request;
    private final SipTransport.Inbound inbound;
    private final SipTimers timers;
    private final Runnable terminated;
    private SipMessage.Response last;
    private boolean completed;

    /** {@code terminated} runs when the transaction is over and may be forgotten. */
    public NonInviteServerTransaction(
            SipMessage.Request request, SipTransport.Inbound inbound, SipTimers timers, Runnable terminated) {
        this.request = request;
        this.inbound = inbound;
        this.timers = timers;
        this.terminated = terminated;
    }

    @Override
    public SipMessage.Request request() {
        return request;
    }

    @Override
    public SipTransport.Inbound inbound() {
        return inbound;
    }

    @Override
    public synchronized void respond(SipMessage.Response response) {
        if (completed) {
            return; // one final response per transaction
        }
        last = response;
        inbound.transport().send(response, inbound.source());
        if (response.status() >= 200) {
            completed = true;
            boolean reliable = !inbound.transport().name().equals("UDP");
            timers.schedule(terminated, reliable ? 0 : Timers.TRANSACTION_MS); // Timer J
        }
    }

    @Override
    public synchronized void retransmitted(SipTransport.Inbound from) {
        if (last != null) {
            from.transport().send(last, from.source());
        }
    }
}
