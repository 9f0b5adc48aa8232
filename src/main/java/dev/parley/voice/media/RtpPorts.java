package dev.parley.voice.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The UDP ports RTP sockets are bound in (what a firewall opens for media). Even ports only, as RTP
 * has them by convention (RFC 3550 §11), handed out round robin so a port just closed is not reused
 * at once (a late packet of the old call would land in the new one); the round starts at a random
 * port, so a restarted node does not hand the previous process's ports out first either. Ports
 * something else holds are skipped. Thread-safe.
 */
public final class RtpPorts {
    private final InetAddress host;
    private final int first;
    private final int count;
    private final AtomicInteger next;

    public RtpPorts(InetAddress host, int first, int last) {
        this.host = host;
        this.first = first + (first & 1);
        this.count = Math.max(1, (last - this.first) / 2 + 1);
        this.next = new AtomicInteger(ThreadLocalRandom.current().nextInt(count));
    }

    /** Any free port on loopback, for tests that need no range. */
    public static RtpPorts anyOnLoopback() {
        return new RtpPorts(InetAddress.getLoopbackAddress(), 0, 0);
    }

    /** A channel bound to the next free port of the range; fails when every port is taken. */
    public DatagramChannel bind() {
        if (first == 0) {
            return bind(0);
        }
        for (int tried = 0; tried < count; tried++) {
            int port = first + 2 * Math.floorMod(next.getAndIncrement(), count);
            try {
                return bind(port);
            } catch (PortTaken e) {
                // held by a call or by another program: try the next
            }
        }
        throw new UncheckedIOException(new IOException(
                "every RTP port from " + first + " to " + (first + 2 * (count - 1)) + " is in use (see --rtp-ports)"));
    }

    private DatagramChannel bind(int port) {
        DatagramChannel channel = null;
        try {
            channel = DatagramChannel.open();
            return channel.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            close(channel);
            throw new PortTaken();
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException("cannot open an RTP socket on " + host.getHostAddress(), e);
        }
    }

    private static void close(DatagramChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // it was never bound
        }
    }

    private static final class PortTaken extends RuntimeException {
        PortTaken() {
            super(null, null, false, false);
        }
    }
}
