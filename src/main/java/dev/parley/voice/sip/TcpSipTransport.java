package dev.parley.voice.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP over TCP: a listening socket and one virtual thread per connection that frames the stream into
 * messages by their Content-Length (RFC 3261 §18.3; required on streams, 0 when absent). A connection
 * that sends what cannot be framed is closed, since the stream cannot be trusted after it. Responses go
 * back on the connection the request came in on. Thread-safe.
 */
public final class TcpSipTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpSipTransport.class);

    private final ServerSocket server;
    private final Consumer<SipTransport.Inbound> handler;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final java.util.Map<InetSocketAddress, Connection> outbound = new ConcurrentHashMap<>();
    private volatile java.net.InetAddress advertised;

    private TcpSipTransport(ServerSocket server, Consumer<SipTransport.Inbound> handler) {
        this.server = server;
        this.handler = handler;
        Thread.ofPlatform()
                .name("parley-sip-tcp-" + server.getLocalPort())
                .daemon()
                .start(this::accept);
    }

    /** Listens on {@code address} (port 0: any free port). */
    public static TcpSipTransport bind(InetSocketAddress address, Consumer<SipTransport.Inbound> handler) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(address);
            return new TcpSipTransport(server, handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for SIP/TCP on " + address, e);
        }
    }

    public InetSocketAddress local() {
        java.net.InetAddress address = advertised;
        return address == null
                ? (InetSocketAddress) server.getLocalSocketAddress()
                : new InetSocketAddress(address, server.getLocalPort());
    }

    /** Peers are told to reach us at {@code address} (same port): the bound one may be 0.0.0.0 or private. */
    public void advertise(java.net.InetAddress address) {
        advertised = address;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                connections.add(socket);
                Thread.ofVirtual().name("parley-sip-tcp-connection").start(() -> serve(socket));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("SIP/TCP accept failed", e);
                }
            }
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
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(peer, CONNECT_TIMEOUT_MS);
        connections.add(socket);
        Connection connection = new Connection(socket, local());
        outbound.put(peer, connection);
        Thread.ofVirtual().name("parley-sip-tcp-connection").start(() -> serve(socket, connection));
        return connection;
    }

    private void serve(Socket socket) {
        serve(socket, new Connection(socket, local()));
    }

    private void serve(Socket socket, Connection connection) {
        try (socket;
                InputStream in = socket.getInputStream()) {
            byte[] buffer = new byte[SipParser.MAX_MESSAGE_BYTES * 2];
            int filled = 0;
            while (true) {
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    return;
                }
                filled += read;
                filled = deliverWhole(buffer, filled, connection);
                if (filled == buffer.length) {
                    LOG.debug("SIP/TCP peer {} sent a message over the size limit", socket.getRemoteSocketAddress());
                    return;
                }
            }
        } catch (SipParseException e) {
            LOG.debug("closing SIP/TCP connection from {}: {}", socket.getRemoteSocketAddress(), e.getMessage());
        } catch (IOException e) {
            LOG.debug("SIP/TCP connection from {} ended: {}", socket.getRemoteSocketAddress(), e.getMessage());
        } finally {
            connections.remove(socket);
            outbound.remove(connection.peer, connection);
        }
    }

    /** Hands out every whole message at the start of the buffer; returns how many bytes remain. */
    private int deliverWhole(byte[] buffer, int filled, Connection connection) throws SipParseException {
        int start = 0;
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
            start = bodyStart + bodyLength;
        }
        System.arraycopy(buffer, start, buffer, 0, filled - start);
        return filled - start;
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
