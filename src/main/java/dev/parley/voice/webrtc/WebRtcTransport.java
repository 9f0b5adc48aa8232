package dev.parley.voice.webrtc;

import dev.parley.voice.media.MediaCounters;
import dev.parley.voice.webrtc.dtls.DtlsCertificate;
import dev.parley.voice.webrtc.dtls.DtlsHandshake;
import dev.parley.voice.webrtc.dtls.SrtpKeys;
import dev.parley.voice.webrtc.ice.IceCredentials;
import dev.parley.voice.webrtc.ice.IceLiteAgent;
import dev.parley.voice.webrtc.srtp.SrtpReceiver;
import dev.parley.voice.webrtc.srtp.SrtpSender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DTLSTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebRTC leg's media transport on its own UDP socket: datagrams are told apart by their first
 * byte (RFC 7983): STUN goes to the ICE-lite agent, DTLS to the handshake (then to the session,
 * which answers a browser's retransmitted Finished), SRTP and SRTCP, once keyed, are checked,
 * decrypted and handed to the {@link Listener} as plain RTP. Nothing from an address that has not
 * completed an ICE check is read. Thread-safe.
 */
public final class WebRtcTransport implements MediaCounters, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcTransport.class);

    /** What the call layer hears from the transport. Called from the transport's threads. */
    public interface Listener {
        /** ICE and DTLS are done: media may flow both ways. */
        void connected();

        /** A plain RTP packet from the browser. */
        void rtp(byte[] packet, int length);

        /** A plain RTCP compound packet from the browser (its sender and receiver reports). */
        default void rtcp(byte[] packet) {}

        /** The handshake failed or the browser went away; the transport is closing. */
        void failed(String reason);
    }

    private final DatagramChannel socket;
    private final IceLiteAgent ice;
    private final DtlsCertificate certificate;
    private final java.util.concurrent.CompletableFuture<String> remoteFingerprint;
    private final Listener listener;
    private final Duration handshakeTimeout;
    private final DtlsChannel dtls;
    private final AtomicLong rejected = new AtomicLong();
    // Counted on the receive thread (in) and on the mixer's and DTMF threads (out): SRTP bytes on the wire.
    private final AtomicLong packetsIn = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong packetsOut = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile long lastReceivedNanos = System.nanoTime();
    /**
     * Media that came between the browser's end of the handshake and ours (it may send at once after
     * our Finished, before the keys are set here): read once keyed. Bounded; the excess is dropped.
     */
    private final java.util.concurrent.BlockingQueue<byte[]> early = new java.util.concurrent.ArrayBlockingQueue<>(32);

    private volatile SrtpSender sender;
    private volatile SrtpReceiver receiver;
    private volatile DTLSTransport session;
    private volatile InetSocketAddress dtlsPeer;
    private volatile boolean closed;
    private volatile Thread receiving;

    private WebRtcTransport(
            DatagramChannel socket,
            IceLiteAgent ice,
            DtlsCertificate certificate,
            java.util.concurrent.CompletableFuture<String> remoteFingerprint,
            Listener listener,
            Duration handshakeTimeout) {
        this.handshakeTimeout = handshakeTimeout;
        this.socket = socket;
        this.ice = ice;
        this.certificate = certificate;
        this.remoteFingerprint = remoteFingerprint;
        this.listener = listener;
        this.dtls = new DtlsChannel(socket, () -> dtlsPeer);
    }

    /** How long a browser has, from the answer, to complete ICE and DTLS before the leg fails. */
    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);

    /**
     * Opens a transport on {@code bind} (port 0: any free one) for a browser that offered {@code
     * offer}; its ICE credentials are {@code local}. It starts reading at once.
     */
    public static WebRtcTransport open(
            InetSocketAddress bind,
            IceCredentials local,
            DtlsCertificate certificate,
            BrowserOffer offer,
            Listener listener)
            throws IOException {
        return open(bind, local, certificate, offer, listener, HANDSHAKE_TIMEOUT);
    }

    /** As {@link #open(InetSocketAddress, IceCredentials, DtlsCertificate, BrowserOffer, Listener)}, with another handshake limit. */
    static WebRtcTransport open(
            InetSocketAddress bind,
            IceCredentials local,
            DtlsCertificate certificate,
            BrowserOffer offer,
            Listener listener,
            Duration handshakeTimeout)
            throws IOException {
        DatagramChannel socket = DatagramChannel.open();
        try {
            socket.bind(bind);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return open(socket, local, certificate, offer, listener, handshakeTimeout);
    }

    /**
     * Opens a transport on {@code socket}, already bound (a port of the node's RTP range), which it
     * owns from now on and closes with itself.
     */
    public static WebRtcTransport open(
            DatagramChannel socket,
            IceCredentials local,
            DtlsCertificate certificate,
            BrowserOffer offer,
            Listener listener,
            Duration handshakeTimeout)
            throws IOException {
        socket.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
        IceLiteAgent ice = new IceLiteAgent(local, offer.iceUfrag(), () -> System.nanoTime() / 1_000_000);
        return start(new WebRtcTransport(
                socket,
                ice,
                certificate,
                java.util.concurrent.CompletableFuture.completedFuture(offer.fingerprint()),
                listener,
                handshakeTimeout));
    }

    /**
     * Opens a transport on {@code socket} for a leg Parley offers (a call to an App user): the peer's
     * ICE ufrag and fingerprint come with its answer ({@link #answered}); checks and the handshake may
     * start before it, and the handshake waits for the fingerprint.
     */
    public static WebRtcTransport offering(
            DatagramChannel socket,
            IceCredentials local,
            DtlsCertificate certificate,
            Listener listener,
            Duration handshakeTimeout)
            throws IOException {
        socket.setOption(StandardSocketOptions.SO_RCVBUF, 256 * 1024);
        IceLiteAgent ice = new IceLiteAgent(local, null, () -> System.nanoTime() / 1_000_000);
        WebRtcTransport transport = new WebRtcTransport(
                socket, ice, certificate, new java.util.concurrent.CompletableFuture<>(), listener, handshakeTimeout);
        // The handshake's time starts with the answer: a call may ring for a minute before it comes.
        transport.receiving = Thread.ofVirtual().name("parley-webrtc-receive").start(transport::receive);
        return transport;
    }

    /**
     * The peer's answer to Parley's offer: its ICE ufrag and certificate fingerprint. False when the
     * answer makes Parley the DTLS client ({@code a=setup:passive}), which it never is.
     */
    public boolean answered(BrowserOffer answer) {
        if (answer.setup().equals("passive")) {
            return false;
        }
        ice.remote(answer.iceUfrag());
        if (remoteFingerprint.complete(answer.fingerprint())) {
            Thread.ofVirtual().name("parley-webrtc-dtls").start(this::handshake);
        }
        return true;
    }

    private static WebRtcTransport start(WebRtcTransport transport) {
        transport.receiving = Thread.ofVirtual().name("parley-webrtc-receive").start(transport::receive);
        Thread.ofVirtual().name("parley-webrtc-dtls").start(transport::handshake);
        return transport;
    }

    public InetSocketAddress local() {
        try {
            return (InetSocketAddress) socket.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the leg's socket is closed", e);
        }
    }

    /** The ICE agent (for consent checks and the address media goes to). */
    public IceLiteAgent ice() {
        return ice;
    }

    /** Datagrams refused: from addresses that never completed a check, or failing SRTP authentication. */
    public long rejected() {
        return rejected.get();
    }

    /** Protects and sends a plain RTP packet to the nominated address; dropped before the leg is keyed. */
    public void sendRtp(byte[] packet, int length) {
        protectAndSend(packet, length, false);
    }

    /** Protects and sends a plain RTCP packet (sender and receiver reports). */
    public void sendRtcp(byte[] packet, int length) {
        protectAndSend(packet, length, true);
    }

    private void protectAndSend(byte[] packet, int length, boolean rtcp) {
        SrtpSender keyed = sender;
        Optional<InetSocketAddress> to = ice.nominated().or(() -> Optional.ofNullable(dtlsPeer));
        if (keyed == null || to.isEmpty() || closed) {
            return;
        }
        byte[] protectedPacket = rtcp ? keyed.protectRtcp(packet, length) : keyed.protectRtp(packet, length);
        if (protectedPacket != null) {
            send(protectedPacket, to.get());
            packetsOut.incrementAndGet();
            bytesOut.addAndGet(protectedPacket.length);
        }
    }

    private void send(byte[] datagram, InetSocketAddress to) {
        try {
            socket.send(ByteBuffer.wrap(datagram), to);
        } catch (IOException e) {
            LOG.debug("WebRTC send to {} failed: {}", to, e.getMessage());
        }
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocate(2_048);
        while (!closed) {
            try {
                buffer.clear();
                InetSocketAddress source = (InetSocketAddress) socket.receive(buffer);
                byte[] data = Arrays.copyOf(buffer.array(), buffer.position());
                demultiplex(data, source);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debug("WebRTC receive failed", e);
            }
        }
    }

    /** RFC 7983 §7: 0-3 STUN, 20-63 DTLS, 128-191 RTP and RTCP; anything else is dropped. */
    private void demultiplex(byte[] data, InetSocketAddress source) {
        if (data.length == 0) {
            return;
        }
        int first = data[0] & 0xFF;
        if (first <= 3) {
            ice.received(data, data.length, source).ifPresent(answer -> send(answer, source));
        } else if (!ice.admits(source)) {
            rejected.incrementAndGet();
        } else if (first >= 20 && first <= 63) {
            dtlsPeer = source;
            dtls.offer(data);
        } else if (first >= 128 && first <= 191 && data.length >= 2) {
            media(data);
        }
    }

    private void media(byte[] data) {
        SrtpReceiver keyed = receiver;
        if (keyed == null) {
            early.offer(data);
            return;
        }
        for (byte[] waiting = early.poll(); waiting != null; waiting = early.poll()) {
            unprotect(keyed, waiting); // queued just as the keys were set
        }
        unprotect(keyed, data);
    }

    private void unprotect(SrtpReceiver keyed, byte[] data) {
        boolean rtcp = (data[1] & 0xFF) >= 192 && (data[1] & 0xFF) <= 223; // RFC 5761 §4
        if (rtcp) {
            Optional<byte[]> report = keyed.unprotectRtcp(data, data.length);
            if (report.isEmpty()) {
                rejected.incrementAndGet();
            } else {
                listener.rtcp(report.get());
            }
            return;
        }
        Optional<byte[]> plain = keyed.unprotectRtp(data, data.length);
        if (plain.isEmpty()) {
            rejected.incrementAndGet();
            return;
        }
        packetsIn.incrementAndGet();
        bytesIn.addAndGet(data.length);
        lastReceivedNanos = System.nanoTime();
        listener.rtp(plain.get(), plain.get().length);
    }

    /** Accepts the browser's DTLS handshake, then keys SRTP (as server: we send with the server's keys). */
    private void handshake() {
        try {
            DtlsHandshake.Result result = DtlsHandshake.accept(certificate, remoteFingerprint, dtls, handshakeTimeout);
            SrtpKeys keys = result.keys();
            receiver = new SrtpReceiver(keys.clientKey(), keys.clientSalt());
            sender = new SrtpSender(keys.serverKey(), keys.serverSalt());
            session = result.session();
            for (byte[] waiting = early.poll(); waiting != null; waiting = early.poll()) {
                unprotect(receiver, waiting);
            }
            listener.connected();
            drain(result.session());
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.debug("WebRTC DTLS handshake failed: {}", e.toString());
                listener.failed("DTLS: " + e.getMessage());
            }
        }
    }

    /** Keeps reading the DTLS session: a browser that missed our Finished retransmits, and is answered. */
    private void drain(DTLSTransport keyed) {
        byte[] buffer = new byte[2_048];
        while (!closed) {
            try {
                keyed.receive(buffer, 0, buffer.length, 1_000);
            } catch (IOException e) {
                return; // closed by the peer (close_notify) or by us
            }
        }
    }

    @Override
    public long packetsIn() {
        return packetsIn.get();
    }

    @Override
    public long packetsOut() {
        return packetsOut.get();
    }

    @Override
    public long bytesIn() {
        return bytesIn.get();
    }

    @Override
    public long bytesOut() {
        return bytesOut.get();
    }

    /** When authentic RTP last came from the browser (or when the transport opened). */
    @Override
    public long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    @Override
    public void close() {
        closed = true;
        DTLSTransport keyed = session;
        if (keyed != null) {
            try {
                keyed.close(); // close_notify
            } catch (IOException e) {
                LOG.debug("closing DTLS", e);
            }
        }
        dtls.close();
        try {
            socket.close();
            Thread reader = receiving;
            if (reader != null && reader != Thread.currentThread()) {
                // The port is free only once the blocked receive has let go of the socket.
                reader.join(java.time.Duration.ofSeconds(1));
            }
        } catch (IOException e) {
            LOG.debug("closing a WebRTC socket", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
