package dev.parley.voice.sip.transaction;

import dev.parley.voice.sip.message.RequestChecks;
import dev.parley.voice.sip.message.Responses;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.message.SipText;
import dev.parley.voice.sip.transport.SipTransport;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transaction layer between the transports and the user agent core: every message a transport
 * reads comes here first. A request that cannot be matched safely (no usable Via, CSeq ...) is
 * answered 400 without a transaction; a retransmission goes to its transaction, which answers it
 * again; a new request opens a server transaction and goes up to the {@link Core}. Responses go to
 * the client transaction of their branch and method, or up as strays. Thread-safe.
 */
public final class Transactions {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Transactions.class);

    /** The user agent core above this layer. */
    public interface Core {
        /** A new request (never an ACK), to be answered through its transaction. */
        void request(ServerTransaction transaction);

        /** An ACK that is not a refusal's (those stay in their transaction): a 2xx's, or a stray one. */
        void ack(SipMessage.Request ack, SipTransport.Inbound inbound);

        /** A response no client transaction waits for (a 2xx retransmitted after Timer M, a late one). */
        void stray(SipMessage.Response response, SipTransport.Inbound inbound);
    }

    private final SipTimers timers;
    private final Core core;
    /** Server transactions by §17.2.3 key. */
    private final Map<String, ServerTransaction> servers = new ConcurrentHashMap<>();
    /** INVITE server transactions by Call-ID and CSeq number: how the ACK of a 2xx (a new branch) finds one. */
    private final Map<String, InviteServerTransaction> invitesBySequence = new ConcurrentHashMap<>();
    /** Client transactions by §17.1.3 key. */
    private final Map<String, Object> clients = new ConcurrentHashMap<>();

    public Transactions(SipTimers timers, Core core) {
        this.timers = timers;
        this.core = core;
    }

    /** Handles one message from a transport; never throws for what a peer sent. */
    public void received(SipTransport.Inbound inbound) {
        switch (inbound.message()) {
            case SipMessage.Request request -> request(request, inbound);
            case SipMessage.Response response -> response(response, inbound);
        }
    }

    private void request(SipMessage.Request request, SipTransport.Inbound inbound) {
        Optional<String> malformation = RequestChecks.malformation(request);
        if (malformation.isPresent()) {
            LOG.debug("400 to {} from {}: {}", request.method(), inbound.source(), malformation.get());
            if (!request.method().equals("ACK") && !request.headers().all("Via").isEmpty()) {
                inbound.transport()
                        .send(
                                Responses.to(request, inbound.source(), 400, SipText.randomTag(), null),
                                inbound.source());
            }
            return;
        }
        String key = TransactionKeys.server(request);
        ServerTransaction existing = servers.get(key);
        if (request.method().equals("ACK")) {
            ack(request, inbound, existing);
            return;
        }
        if (existing != null) {
            existing.retransmitted(inbound);
            return;
        }
        ServerTransaction transaction = open(request, inbound, key);
        if (servers.putIfAbsent(key, transaction) != null) {
            servers.get(key).retransmitted(inbound); // the same request, read twice at once
            return;
        }
        if (transaction instanceof InviteServerTransaction invite) {
            invitesBySequence.put(sequence(request), invite);
            invite.trying();
        }
        core.request(transaction);
    }

    private ServerTransaction open(SipMessage.Request request, SipTransport.Inbound inbound, String key) {
        return request.method().equals("INVITE")
                ? new InviteServerTransaction(request, inbound, timers, () -> forget(key))
                : new NonInviteServerTransaction(request, inbound, timers, () -> forget(key));
    }

    /** A server transaction is over (it ends once, and no other can take its key while it is open). */
    private void forget(String key) {
        if (servers.remove(key) instanceof InviteServerTransaction invite) {
            invitesBySequence.remove(sequence(invite.request()), invite);
        }
    }

    /**
     * An ACK: a refusal's has the INVITE's branch and ends in its transaction; a 2xx's has a branch of
     * its own and stops the 2xx's retransmission by Call-ID and CSeq number, then goes up.
     */
    private void ack(SipMessage.Request ack, SipTransport.Inbound inbound, ServerTransaction byBranch) {
        InviteServerTransaction invite =
                byBranch instanceof InviteServerTransaction same ? same : invitesBySequence.get(sequence(ack));
        if (invite != null && !invite.acknowledged() && invite == byBranch) {
            return; // a refusal's ACK, or a repeated one: the transaction's alone
        }
        core.ack(ack, inbound);
    }

    private static String sequence(SipMessage.Request request) {
        return request.callId() + " " + request.cseq().number();
    }

    /** The INVITE transaction a CANCEL names (RFC 3261 §9.2), if it is still open. */
    public Optional<InviteServerTransaction> cancelled(SipMessage.Request cancel) {
        return servers.get(TransactionKeys.cancelled(cancel)) instanceof InviteServerTransaction invite
                ? Optional.of(invite)
                : Optional.empty();
    }

    private void response(SipMessage.Response response, SipTransport.Inbound inbound) {
        Object transaction = clients.get(TransactionKeys.client(response));
        if (transaction instanceof InviteClientTransaction invite) {
            invite.responded(response);
        } else if (transaction instanceof NonInviteClientTransaction other) {
            other.responded(response);
        } else {
            core.stray(response, inbound);
        }
    }

    /** Sends an INVITE through a new client transaction (its top Via's branch must be fresh). */
    public InviteClientTransaction sendInvite(
            SipMessage.Request invite,
            SipTransport transport,
            InetSocketAddress to,
            InviteClientTransaction.Listener listener) {
        String key = TransactionKeys.client(invite.topVia().branch(), "INVITE");
        InviteClientTransaction transaction =
                new InviteClientTransaction(invite, transport, to, timers, listener, () -> clients.remove(key));
        clients.put(key, transaction);
        transaction.start();
        return transaction;
    }

    /**
     * Sends a request other than INVITE and ACK through a new client transaction: resent over UDP until
     * a final response, given up after 64·T1; {@code outcome} hears the final response once (null: none).
     */
    public void sendNonInvite(
            SipMessage.Request request,
            SipTransport transport,
            InetSocketAddress to,
            NonInviteClientTransaction.Outcome outcome) {
        String key = TransactionKeys.client(request.topVia().branch(), request.method());
        NonInviteClientTransaction transaction =
                new NonInviteClientTransaction(request, transport, to, timers, outcome, () -> clients.remove(key));
        clients.put(key, transaction);
        transaction.start();
    }

    /** Transactions open both ways (for metrics and tests). */
    public int open() {
        return servers.size() + clients.size();
    }
}
