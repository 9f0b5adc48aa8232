package dev.parley.voice.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.fixtures.DtlsSrtpClient;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.TlsFatalAlert;
import org.junit.jupiter.api.Test;

/**
 * The DTLS-SRTP server handshake against a DTLS client of BouncyCastle's own, over a datagram pipe in
 * memory: both ends export the same SRTP keys, and the server refuses a certificate its SDP
 * fingerprint does not name, and a client that offers no SRTP profile it speaks.
 */
class DtlsHandshakeTest {
    private static final DtlsCertificate SERVER = DtlsCertificate.generate();
    private static final DtlsCertificate CLIENT = DtlsCertificate.generate();

    /** One direction of the pipe each way: what one end sends, the other receives. */
    private static final class Pipe implements DatagramTransport {
        private final LinkedBlockingQueue<byte[]> in;
        private final LinkedBlockingQueue<byte[]> out;

        Pipe(LinkedBlockingQueue<byte[]> in, LinkedBlockingQueue<byte[]> out) {
            this.in = in;
            this.out = out;
        }

        @Override
        public int getReceiveLimit() {
            return 1_500;
        }

        @Override
        public int getSendLimit() {
            return 1_500;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            try {
                byte[] datagram = in.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (datagram == null) {
                    return -1;
                }
                System.arraycopy(datagram, 0, buf, off, Math.min(len, datagram.length));
                return Math.min(len, datagram.length);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            out.add(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void close() {}
    }

    /** Runs both ends; the keys both exported (checked equal), or the server's failure. */
    private static SrtpKeys handshake(String fingerprintTheServerExpects, int... clientProfiles) throws Exception {
        LinkedBlockingQueue<byte[]> toServer = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
        CompletableFuture<SrtpKeys> clientSide = CompletableFuture.supplyAsync(() -> {
            try {
                return DtlsSrtpClient.connect(
                        CLIENT, SERVER.fingerprint(), new Pipe(toClient, toServer), clientProfiles);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        DtlsHandshake.Result result;
        SrtpKeys fromClient;
        try {
            result = DtlsHandshake.accept(
                    SERVER,
                    fingerprintTheServerExpects,
                    new Pipe(toServer, toClient),
                    java.time.Duration.ofSeconds(15));
        } finally {
            clientSide.handle((ok, failure) -> null).get(30, TimeUnit.SECONDS);
        }
        fromClient = clientSide.join();
        SrtpKeys server = result.keys();
        assertThat(fromClient.clientKey()).isEqualTo(server.clientKey());
        assertThat(fromClient.serverKey()).isEqualTo(server.serverKey());
        assertThat(fromClient.clientSalt()).isEqualTo(server.clientSalt());
        assertThat(fromClient.serverSalt()).isEqualTo(server.serverSalt());
        return fromClient;
    }

    @Test
    void a_client_with_the_fingerprint_its_sdp_gave_gets_the_same_srtp_keys_as_parley() throws Exception {
        SrtpKeys keys = handshake(
                CLIENT.fingerprint(),
                SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM,
                SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        assertThat(keys.clientKey()).hasSize(16).isNotEqualTo(keys.serverKey());
    }

    @Test
    void a_certificate_other_than_the_sdps_fingerprint_is_refused() {
        assertThatThrownBy(() -> handshake(SERVER.fingerprint(), SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80))
                .isInstanceOf(TlsFatalAlert.class)
                .hasMessageContaining("fingerprint");
    }

    @Test
    void a_client_without_an_srtp_profile_parley_speaks_is_refused() {
        assertThatThrownBy(() -> handshake(CLIENT.fingerprint()))
                .isInstanceOf(TlsFatalAlert.class)
                .hasMessageContaining("SRTP");
        assertThatThrownBy(() -> handshake(CLIENT.fingerprint(), SRTPProtectionProfile.SRTP_AEAD_AES_256_GCM))
                .isInstanceOf(TlsFatalAlert.class);
    }

    @Test
    void the_fingerprint_is_sha_256_of_the_certificate_as_sdp_writes_it() {
        assertThat(SERVER.fingerprint()).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(Fingerprints.same(SERVER.fingerprint(), SERVER.fingerprint().toLowerCase(java.util.Locale.ROOT)))
                .isTrue();
        assertThat(Fingerprints.same(SERVER.fingerprint(), CLIENT.fingerprint()))
                .isFalse();
    }
}
