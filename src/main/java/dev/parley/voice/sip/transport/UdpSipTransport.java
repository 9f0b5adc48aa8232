package dev.parley.voice.sip.transport;

import dev.parley.voice.sip.message.Responses;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.message.SipParseException;
import dev.parley.voice.sip.message.SipParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP over UDP: one socket, one receiving thread. Each datagram is one message; one that does not
 * parse is dropped and counted (RFC 3261 §16.3 lets a UA discard what it cannot read). Thread-safe.
 */
public final class UdpSipTransport implements SipTransport, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpSipTransport.class);

    private final DatagramChannel channel;
    private volatile InetSocketAddress local;
    private final Thread receiver;
    private volatile long malformed;

    private UdpSipTransport(DatagramChannel channel, Consumer<Inbound> handler) throws IOException {
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.receiver = Thread.ofPlatform()
                .name("parley-sip-udp-" + local.getPort())
                .daemon()
                .start(() -> receive(handler));
    }

    /** Binds {@code address} (port 0: any free port) and hands every message read to {@code handler}. */
    public static UdpSipTransport bind(InetSocketAddress address, Consumer<Inbound> handler) {
        try {
            DatagramChannel channel = DatagramChannel.open().bind(address);
            return new UdpSipTransport(channel, handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind SIP/UDP to " + address, e);
        }
    }

    private void receive(Consumer<Inbound> handler) {
        ByteBuffer buffer = ByteBuffer.allocate(SipParser.MAX_MESSAGE_BYTES + 1);
        while (channel.isOpen()) {
            InetSocketAddress source = null;
            try {
                buffer.clear();
                source = (InetSocketAddress) channel.receive(buffer);
                if (isKeepAlive(buffer)) {
                    continue; // RFC 5626 CRLF keep-alives
                }
                SipMessage message = SipParser.parse(buffer.array(), buffer.position());
                handler.accept(new Inbound(message, source, this));
            } catch (SipParseException e) {
                malformed++;
                LOG.debug("a malformed SIP datagram: {}", e.getMessage());
                answer(e, source);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("SIP/UDP receive failed", e);
            } catch (RuntimeException e) {
                LOG.warn("SIP message handling failed", e);
            }
        }
    }

    /**
     * A request that could be read far enough to answer gets the answer its fault deserves (400, or 505
     * for another SIP version) instead of silence, which its sender would retransmit into for 32 s.
     */
    private void answer(SipParseException e, InetSocketAddress source) {
        SipMessage.Request request = e.request();
        if (request != null
                && source != null
                && !request.method().equals("ACK")
                && !request.headers().all("Via").isEmpty()) {
            send(Responses.to(request, source, e.status(), null, null), source);
        }
    }

    private static boolean isKeepAlive(ByteBuffer buffer) {
        for (int i = 0; i < buffer.position(); i++) {
            byte b = buffer.get(i);
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String name() {
        return "UDP";
    }

    @Override
    public InetSocketAddress local() {
        return local;
    }

    /** Peers are told to reach us at {@code address} (same port): the bound one may be 0.0.0.0 or private. */
    public void advertise(java.net.InetAddress address) {
        local = new InetSocketAddress(address, local.getPort());
    }

    @Override
    public void send(SipMessage message, InetSocketAddress to) {
        try {
            channel.send(ByteBuffer.wrap(message.encode()), to);
        } catch (IOException e) {
            LOG.debug("SIP/UDP send to {} failed: {}", to, e.getMessage());
        }
    }

    /** Datagrams dropped because they did not parse. */
    public long malformed() {
        return malformed;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing SIP/UDP", e);
        }
        receiver.interrupt();
    }
}
