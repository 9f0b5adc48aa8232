package dev.parley.voice.sip.transport;

import dev.parley.voice.sip.message.Responses;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.message.SipParseException;
import dev.parley.voice.sip.message.SipParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP over TCP: a listening socket and one virtual thread per connection that frames the stream into
 * messages by their Content-Length (RFC 3261 §18.3; required on streams, 0 when absent). A connection
 * that sends what cannot be framed is closed, since the stream cannot be trusted after it. Responses go
 * back on the connection the request came in on.
 *
 * <p>Bounded by {@link TcpLimits}: a connection from an address nobody admits is closed at accept, as
 * is one over the limits in all or from its address; a message that does not arrive whole in time (a
 * slow or silent peer) closes its connection, as does silence past the idle timeout; buffers start
 * small and grow only as far as the message in them needs. Thread-safe.
 */
public final class TcpSipTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpSipTransport.class);
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** A connection's buffer to begin with: a whole INVITE with SDP fits in it. */
    static final int INITIAL_BUFFER_BYTES = 4_096;
    /** The most a buffer grows to: one message at the size limit, and what follows it. */
    static final int MAX_BUFFER_BYTES = SipParser.MAX_MESSAGE_BYTES * 2;
    /** How long a connection refused for what it sent is read on (and discarded) before it is closed. */
    private static final java.time.Duration LINGER = java.time.Duration.ofSeconds(2);

    private final ServerSocket server;
    private final Consumer<SipTransport.Inbound> handler;
    private final TcpLimits limits;

    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final java.util.Map<InetAddress, Integer> perSource = new ConcurrentHashMap<>();
    private final java.util.Map<InetSocketAddress, Connection> outbound = new ConcurrentHashMap<>();
    /** Peers Parley connected to: they may connect back whatever the admission rule says. */
    private final Set<InetAddress> dialled = ConcurrentHashMap.newKeySet();

    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private volatile InetAddress advertised;

    private TcpSipTransport(ServerSocket server, Consumer<SipTransport.Inbound> handler, TcpLimits limits) {
        this.server = server;
        this.handler = handler;
        this.limits = limits;
        Thread.ofPlatform()
                .name("parley-sip-tcp-" + server.getLocalPort())
                .daemon()
                .start(this::accept);
    }

    /** Listens on {@code address} (port 0: any free port) within {@code limits}. */
    public static TcpSipTransport bind(
            InetSocketAddress address, Consumer<SipTransport.Inbound> handler, TcpLimits limits) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            // A backlog as deep as the connections allowed: a burst of connects waits to be accepted
            // (or refused) rather than having its SYNs dropped and retried a second later.
            server.bind(address, limits.maxConnections());
            return new TcpSipTransport(server, handler, limits);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for SIP/TCP on " + address, e);
        }
    }

    public InetSocketAddress local() {
        InetAddress address = advertised;
        return address == null
                ? (InetSocketAddress) server.getLocalSocketAddress()
                : new InetSocketAddress(address, server.getLocalPort());
    }

    /** Peers are told to reach us at {@code address} (same port): the bound one may be 0.0.0.0 or private. */
    public void advertise(InetAddress address) {
        advertised = address;
    }

    /** Connections open now, both directions. */
    public int openConnections() {
        return connections.size();
    }

    /** Connections closed at accept: not admitted, or over a limit. */
    public long refusedConnections() {
        return refused.get();
    }

    /** Connections closed because a message took too long or the peer stayed silent too long. */
    public long timedOutConnections() {
        return timedOut.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                String refusal = refusal(socket.getInetAddress());
                if (refusal != null) {
                    refused.incrementAndGet();
                    LOG.debug("SIP/TCP connection from {} refused: {}", socket.getRemoteSocketAddress(), refusal);
                    closeQuietly(socket);
                    continue;
                }
                socket.setTcpNoDelay(true);
                opened(socket);
                Thread.ofVirtual().name("parley-sip-tcp-connection").start(() -> serve(socket));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("SIP/TCP accept failed", e);
                }
            }
        }
    }

    /** Why a connection from {@code source} may not stay, or null when it may. */
    private String refusal(InetAddress source) {
        if (!dialled.contains(source) && !limits.admits().test(source)) {
            return "no SIP domain or trunk admits the address";
        }
        if (connections.size() >= limits.maxConnections()) {
            return "at the limit of " + limits.maxConnections() + " connections";
        }
        if (perSource.getOrDefault(source, 0) >= limits.maxPerSource()) {
            return "at the limit of " + limits.maxPerSource() + " connections from one address";
        }
        return null;
    }

    private void opened(Socket socket) {
        connections.add(socket);
        perSource.merge(socket.getInetAddress(), 1, Integer::sum);
    }

    private void closed(Socket socket) {
        if (connections.remove(socket)) {
            perSource.computeIfPresent(socket.getInetAddress(), (a, n) -> n > 1 ? n - 1 : null);
        }
    }

    /**
     * A connection to {@code peer} for requests Parley sends (one per peer, kept while it stays open);
     * what comes back on it is handled like any other message.
     */
    public SipTransport connect(InetSocketAddress peer) throws IOException {
        Connection open = outbound.get(peer);
        if (open != null && !open.socket.isClosed()) {
            return open;
        }
        dialled.add(peer.getAddress());
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(peer, CONNECT_TIMEOUT_MS);
        opened(socket);
        Connection connection = new Connection(socket, local());
        outbound.put(peer, connection);
        Thread.ofVirtual().name("parley-sip-tcp-connection").start(() -> serve(socket, connection));
        return connection;
    }

    private void serve(Socket socket) {
        serve(socket, new Connection(socket, local()));
    }

    private void serve(Socket socket, Connection connection) {
        long deadlineNanos = limits.messageDeadline().toNanos();
        long idleNanos = limits.idleTimeout().toNanos();
        // Until its first whole message, a connection has one deadline from when it opened.
        long messageDue = System.nanoTime() + deadlineNanos;
        boolean delivered = false;
        // Not try-with-resources: the socket must still be open in the catch that answers a bad message.
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[INITIAL_BUFFER_BYTES];
            int filled = 0;
            while (true) {
                long wait = filled == 0 && delivered ? idleNanos : messageDue - System.nanoTime();
                if (wait <= 0) {
                    throw new SocketTimeoutException("a message took too long to arrive");
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, wait / 1_000_000)));
                if (filled == buffer.length) {
                    if (buffer.length >= MAX_BUFFER_BYTES) {
                        LOG.debug("SIP/TCP peer {} sent a message over the size limit", connection.peer);
                        return;
                    }
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_BUFFER_BYTES));
                }
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    return;
                }
                if (filled == 0 && delivered) {
                    messageDue = System.nanoTime() + deadlineNanos; // a new message begins
                }
                filled += read;
                Delivery delivery = deliverWhole(buffer, filled, connection);
                if (delivery.messages() > 0) {
                    delivered = true;
                    messageDue = System.nanoTime() + deadlineNanos; // for whatever follows them
                }
                filled = delivery.remaining();
                if (filled <= INITIAL_BUFFER_BYTES && buffer.length > INITIAL_BUFFER_BYTES) {
                    buffer = Arrays.copyOf(buffer, INITIAL_BUFFER_BYTES); // back to small once a big one is out
                }
            }
        } catch (SocketTimeoutException e) {
            timedOut.incrementAndGet();
            LOG.debug("closing SIP/TCP connection from {}: {}", connection.peer, e.getMessage());
        } catch (SipParseException e) {
            LOG.debug("closing SIP/TCP connection from {}: {}", connection.peer, e.getMessage());
            SipMessage.Request request = e.request();
            if (request != null
                    && !request.method().equals("ACK")
                    && !request.headers().all("Via").isEmpty()) {
                // answered, then closed: nothing after it on the stream can be trusted
                connection.send(Responses.to(request, connection.peer, e.status(), null, null), connection.peer);
                lingeringClose(socket);
            }
        } catch (IOException e) {
            LOG.debug("SIP/TCP connection from {} ended: {}", connection.peer, e.getMessage());
        } finally {
            closeQuietly(socket);
            closed(socket);
            outbound.remove(connection.peer, connection);
        }
    }

    /** How many whole messages a read completed, and how many bytes of the next one remain. */
    private record Delivery(int messages, int remaining) {}

    /** Hands out every whole message at the start of the buffer and moves what remains to its start. */
    private Delivery deliverWhole(byte[] buffer, int filled, Connection connection) throws SipParseException {
        int start = 0;
        int messages = 0;
        while (true) {
            while (start < filled && (buffer[start] == '\r' || buffer[start] == '\n')) {
                start++; // keep-alive CRLFs between messages
            }
            int headEnd = SipParser.endOfHead(buffer, start, filled);
            if (headEnd < 0) {
                if (filled - start > SipParser.MAX_MESSAGE_BYTES) {
                    throw new SipParseException("header longer than the size limit");
                }
                break;
            }
            SipParser.Head head = SipParser.head(buffer, start, headEnd);
            int bodyStart = SipParser.bodyStart(buffer, headEnd);
            int bodyLength = Math.max(head.contentLength(), 0);
            if (filled - bodyStart < bodyLength) {
                break;
            }
            SipMessage message = head.message(Arrays.copyOfRange(buffer, bodyStart, bodyStart + bodyLength));
            handler.accept(new SipTransport.Inbound(message, connection.peer, connection));
            messages++;
            start = bodyStart + bodyLength;
        }
        System.arraycopy(buffer, start, buffer, 0, filled - start);
        return new Delivery(messages, filled - start);
    }

    /**
     * Ends our side after the answer (FIN after it) and reads on briefly before closing: closing with
     * the peer's unread bytes still queued would send a reset, which can destroy the answer in flight.
     */
    private static void lingeringClose(Socket socket) {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout((int) LINGER.toMillis());
            InputStream in = socket.getInputStream();
            byte[] discard = new byte[4_096];
            long until = System.nanoTime() + LINGER.toNanos();
            int total = 0;
            while (total < SipParser.MAX_MESSAGE_BYTES && System.nanoTime() < until) {
                int read = in.read(discard);
                if (read < 0) {
                    return;
                }
                total += read;
            }
        } catch (IOException e) {
            LOG.debug("closing SIP/TCP connection after an answer: {}", e.getMessage());
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing a SIP/TCP connection", e);
        }
    }

    /** One accepted connection, as the transport answers go back through. */
    private static final class Connection implements SipTransport {
        private final Socket socket;
        private final InetSocketAddress peer;
        private final InetSocketAddress local;

        Connection(Socket socket, InetSocketAddress local) {
            this.socket = socket;
            this.peer = (InetSocketAddress) socket.getRemoteSocketAddress();
            this.local = local;
        }

        @Override
        public String name() {
            return "TCP";
        }

        @Override
        public InetSocketAddress local() {
            return local;
        }

        @Override
        public void send(SipMessage message, InetSocketAddress to) {
            byte[] bytes = message.encode();
            synchronized (this) {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    LOG.debug("SIP/TCP send to {} failed: {}", peer, e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing SIP/TCP", e);
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("closing a SIP/TCP connection", e);
            }
        }
    }
}
