package dev.parley.voice.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.function.Consumer;

/**
 * One leg's RTP socket. Symmetric RTP: the peer's address is where its packets come from (that gets
 * through NAT without ICE), so until the first packet, media goes to the address its SDP named. The
 * socket then latches onto that source: packets from anywhere else are dropped
 * while the peer keeps sending, so a stray or forged stream can neither be heard in the call nor take
 * its media away; only after the peer has been silent for {@link #RELATCH_AFTER_NANOS} may a new source
 * take over (a NAT that rebound the peer's port). Packets from the address the SDP named always
 * latch: a stream that reached the port first (a late one of a call that had the port before, or a
 * forged one) cannot keep the signalled peer out. Every packet kept is handed to the consumer on the
 * socket's own virtual thread. Thread-safe.
 */
public final class RtpSocket implements RtpOutlet, MediaCounters, AutoCloseable {
    private final DatagramChannel channel;
    private final InetSocketAddress local;
    /** How long the latched peer must be silent before another source may take its place. */
    static final long RELATCH_AFTER_NANOS = 2_000_000_000L;

    private volatile InetSocketAddress peer;
    private volatile InetSocketAddress announced;
    private volatile boolean latched;
    private volatile long packetsIn;
    private volatile long bytesIn;
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile boolean held;
    private final java.util.concurrent.atomic.AtomicLong bytesOut = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong packetsOut = new java.util.concurrent.atomic.AtomicLong();

    private RtpSocket(DatagramChannel channel, InetSocketAddress announcedPeer, Consumer<RtpPacket> consumer)
            throws IOException {
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.peer = announcedPeer;
        this.announced = announcedPeer;
        Thread.ofVirtual().name("parley-rtp-" + local.getPort()).start(() -> receive(consumer));
    }

    /** Binds a socket on a port of {@code ports} for a peer that announced {@code announcedPeer}. */
    public static RtpSocket open(RtpPorts ports, InetSocketAddress announcedPeer, Consumer<RtpPacket> consumer) {
        DatagramChannel channel = ports.bind();
        try {
            return new RtpSocket(channel, announcedPeer, consumer);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new UncheckedIOException("cannot open an RTP socket", e);
        }
    }

    private void receive(Consumer<RtpPacket> consumer) {
        ByteBuffer buffer = ByteBuffer.allocate(2_048);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
                long now = System.nanoTime();
                if (latched
                        && !source.equals(peer)
                        && !source.equals(announced)
                        && now - lastReceivedNanos < RELATCH_AFTER_NANOS) {
                    continue; // a stray: not heard, and the media stays with the peer
                }
                peer = source;
                latched = true;
                lastReceivedNanos = now;
                packetsIn++;
                bytesIn += buffer.position();
                RtpPacket.parse(buffer.array(), buffer.position()).ifPresent(consumer);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void send(RtpPacket packet) {
        InetSocketAddress to = peer;
        if (to == null || held) {
            return;
        }
        try {
            byte[] bytes = packet.encode();
            channel.send(ByteBuffer.wrap(bytes), to);
            bytesOut.addAndGet(bytes.length);
            packetsOut.incrementAndGet();
        } catch (IOException e) {
            // A lost packet is a lost packet: the stream goes on.
        }
    }

    /** Where the peer's SDP (an answer that came later) says to send, until its own packets say otherwise. */
    public void announce(InetSocketAddress announcedPeer) {
        announced = announcedPeer;
        if (packetsIn == 0) {
            peer = announcedPeer;
        }
    }

    public InetSocketAddress local() {
        return local;
    }

    /**
     * The peer put the call on hold ({@code sendonly} or {@code inactive}): nothing is sent to it until
     * it resumes, and its silence is no sign of a dead call.
     */
    public void hold(boolean held) {
        this.held = held;
        lastReceivedNanos = System.nanoTime();
    }

    @Override
    public boolean held() {
        return held;
    }

    @Override
    public long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    @Override
    public long packetsIn() {
        return packetsIn;
    }

    @Override
    public long bytesIn() {
        return bytesIn;
    }

    @Override
    public long bytesOut() {
        return bytesOut.get();
    }

    @Override
    public long packetsOut() {
        return packetsOut.get();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
