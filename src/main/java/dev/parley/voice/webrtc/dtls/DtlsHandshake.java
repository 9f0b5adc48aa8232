package dev.parley.voice.webrtc.dtls;

import java.io.IOException;
import java.time.Duration;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;

/**
 * Runs the DTLS-SRTP server handshake of one leg over {@code transport} (the records the leg's socket
 * demultiplexed to DTLS, and a way back to the browser). Blocking: run it on the leg's own thread.
 */
public final class DtlsHandshake {
    private DtlsHandshake() {}

    /** What a finished handshake gives: the SRTP keys, and the DTLS session (to close it at hangup). */
    public record Result(SrtpKeys keys, DTLSTransport session) {}

    /**
     * Accepts the browser's handshake; fails with an IOException (a TLS alert among them) when it
     * does not complete: no SRTP profile in common, a certificate that does not match {@code
     * remoteFingerprint}, or the browser gone (nothing finished within {@code timeout}).
     */
    public static Result accept(
            DtlsCertificate certificate, String remoteFingerprint, DatagramTransport transport, Duration timeout)
            throws IOException {
        return accept(
                certificate,
                java.util.concurrent.CompletableFuture.completedFuture(remoteFingerprint),
                transport,
                timeout);
    }

    /**
     * As {@link #accept(DtlsCertificate, String, DatagramTransport, Duration)}, for a leg Parley
     * offered: the peer's fingerprint comes with its answer, which may arrive while the handshake runs.
     */
    public static Result accept(
            DtlsCertificate certificate,
            java.util.concurrent.CompletableFuture<String> remoteFingerprint,
            DatagramTransport transport,
            Duration timeout)
            throws IOException {
        DtlsSrtpServer server = new DtlsSrtpServer(certificate, remoteFingerprint, (int) timeout.toMillis());
        DTLSTransport session = new DTLSServerProtocol().accept(server, transport);
        return new Result(server.keys(), session);
    }
}
