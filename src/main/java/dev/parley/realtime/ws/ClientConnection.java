package dev.parley.realtime.ws;

import dev.parley.domain.SessionId;
import dev.parley.domain.UserId;
import dev.parley.realtime.PushFrame;
import dev.parley.realtime.Subscriber;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One Client SDK socket. Frames leave one at a time through Jetty's asynchronous send, from a bounded
 * queue: a client too slow to keep up is disconnected (it resumes from its session's position on
 * reconnect) and never slows the dispatcher or other clients. Until login completes, pushed events
 * are held back so the login answer goes first. Tracks acknowledgements to know how far the client
 * has certainly received. Thread-safe.
 */
final class ClientConnection implements Subscriber {
    private final Session socket;
    private final int maxOutstanding;
    private final ReentrantLock lock = new ReentrantLock();
    /** Frames ready to send, in order. */
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    /** Event frames pushed during login, sent after the login answer. */
    private final ArrayDeque<String> held = new ArrayDeque<>();
    /** Positions (= ack ids) of stored events sent or queued and not yet acknowledged, in order. */
    private final ArrayDeque<Long> unacknowledged = new ArrayDeque<>();

    private boolean holding = true;
    private boolean sending;
    private boolean closed;
    private volatile long lastPongMs = System.currentTimeMillis();
    private volatile Login login;

    /** Who this socket is, once logged in. */
    record Login(SessionId sessionId, UserId userId, String userName, String applicationId, long expiresMs) {}

    ClientConnection(Session socket, int maxOutstanding) {
        this.socket = socket;
        this.maxOutstanding = maxOutstanding;
    }

    Login login() {
        return login;
    }

    void loggedIn(Login login) {
        this.login = login;
    }

    @Override
    public UserId userId() {
        Login current = login;
        return current == null ? null : current.userId();
    }

    /** A frame that goes out now, ahead of held events (handshake, login answer, pings). */
    void sendControl(String frame) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            queue.add(frame);
        } finally {
            lock.unlock();
        }
        pump();
    }

    /**
     * The login answer, asking for an acknowledgement with ack id {@code resumeFrom + 1}: until it
     * comes, the client is known to have everything up to {@code resumeFrom} only (the answer carries
     * the events it missed). Live events all lie after that position, so the id is unique on this
     * socket, or shared with the event at that very position, which confirms the same thing.
     */
    void sendLoginAnswer(PushFrame answer, long resumeFrom) {
        long ackId = resumeFrom + 1;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            // First: events pushed during login lie after it, and the deque stays in position order.
            unacknowledged.addFirst(ackId);
            queue.add("42" + ackId + answer.eventArray());
        } finally {
            lock.unlock();
        }
        pump();
    }

    /**
     * Queues an event (held back until the login answer has gone). A stored event's ack id is its
     * position, so its acknowledgement confirms delivery up to there. Called by the dispatcher: never
     * blocks, since Jetty's send is asynchronous.
     */
    @Override
    public void push(PushFrame frame, long position) {
        boolean tooFarBehind;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (position > 0) {
                unacknowledged.add(position);
            }
            if (holding) {
                held.add(frame.packet());
            } else {
                queue.add(frame.packet());
            }
            tooFarBehind = queue.size() + held.size() + unacknowledged.size() > maxOutstanding;
            if (tooFarBehind) {
                closed = true;
                queue.clear();
                held.clear();
            }
        } finally {
            lock.unlock();
        }
        if (tooFarBehind) {
            socket.close(1008, "too far behind; reconnect to resume", Callback.NOOP);
            return;
        }
        pump();
    }

    /** Login answered: held events follow. */
    void release() {
        lock.lock();
        try {
            holding = false;
            queue.addAll(held);
            held.clear();
        } finally {
            lock.unlock();
        }
        pump();
    }

    void acknowledged(long ackId) {
        lock.lock();
        try {
            Long first = unacknowledged.peekFirst();
            if (first != null && first == ackId) {
                unacknowledged.pollFirst();
            } else {
                unacknowledged.removeFirstOccurrence(ackId);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The position up to which this client has acknowledged everything meant for it, given that the
     * dispatcher has routed everything up to {@code routed}.
     */
    long deliveredUpTo(long routed) {
        lock.lock();
        try {
            return unacknowledged.isEmpty() ? routed : unacknowledged.peekFirst() - 1;
        } finally {
            lock.unlock();
        }
    }

    void pong() {
        lastPongMs = System.currentTimeMillis();
    }

    long lastPongMs() {
        return lastPongMs;
    }

    @Override
    public boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Stops sending; the socket closes (or has closed) separately. */
    void markClosed() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            held.clear();
        } finally {
            lock.unlock();
        }
    }

    void close(int status, String reason) {
        markClosed();
        socket.close(status, reason, Callback.NOOP);
    }

    private void pump() {
        String next;
        lock.lock();
        try {
            if (sending || closed || queue.isEmpty()) {
                return;
            }
            next = queue.poll();
            sending = true;
        } finally {
            lock.unlock();
        }
        socket.sendText(next, Callback.from(this::sent, failure -> close(1011, "send failed")));
    }

    private void sent() {
        lock.lock();
        try {
            sending = false;
        } finally {
            lock.unlock();
        }
        pump();
    }
}
