package dev.parley.voice.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
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

    /** A DTLS client as a browser is one: use_srtp, a certificate of its own, the server's checked. */
    private static final class BrowserLikeClient extends DefaultTlsClient {
        private final BcTlsCrypto crypto;
        private final int[] profiles;
        private byte[] exported;

        BrowserLikeClient(BcTlsCrypto crypto, int... profiles) {
            super(crypto);
            this.crypto = crypto;
            this.profiles = profiles;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = super.getClientExtensions();
            if (profiles.length > 0) {
                TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(profiles, new byte[0]));
            }
            return extensions;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    String fingerprint = Fingerprints.sha256(serverCertificate
                            .getCertificate()
                            .getCertificateAt(0)
                            .getEncoded());
                    assertThat(fingerprint).isEqualTo(SERVER.fingerprint());
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    TlsCertificate certificate = crypto.createCertificate(CLIENT.der());
                    return new BcDefaultTlsCredentialedSigner(
                            new TlsCryptoParameters(context),
                            crypto,
                            CLIENT.privateKey(),
                            new Certificate(new TlsCertificate[] {certificate}),
                            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            exported = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpKeys.EXPORTED_BYTES);
        }
    }

    /** Runs both ends; the client's exported bytes, or the server's failure. */
    private static byte[] handshake(String fingerprintTheServerExpects, int... clientProfiles) throws Exception {
        LinkedBlockingQueue<byte[]> toServer = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
        BrowserLikeClient client = new BrowserLikeClient(new BcTlsCrypto(new SecureRandom()), clientProfiles);
        CompletableFuture<Void> clientSide = CompletableFuture.runAsync(() -> {
            try {
                new DTLSClientProtocol().connect(client, new Pipe(toClient, toServer));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        DtlsHandshake.Result result;
        try {
            result = DtlsHandshake.accept(
                    SERVER,
                    fingerprintTheServerExpects,
                    new Pipe(toServer, toClient),
                    java.time.Duration.ofSeconds(15));
        } finally {
            clientSide.handle((ok, failure) -> null).get(30, TimeUnit.SECONDS);
        }
        SrtpKeys server = result.keys();
        SrtpKeys fromClient = SrtpKeys.of(client.exported);
        assertThat(fromClient.clientKey()).isEqualTo(server.clientKey());
        assertThat(fromClient.serverKey()).isEqualTo(server.serverKey());
        assertThat(fromClient.clientSalt()).isEqualTo(server.clientSalt());
        assertThat(fromClient.serverSalt()).isEqualTo(server.serverSalt());
        return client.exported;
    }

    @Test
    void a_client_with_the_fingerprint_its_sdp_gave_gets_the_same_srtp_keys_as_parley() throws Exception {
        byte[] exported = handshake(
                CLIENT.fingerprint(),
                SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM,
                SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        assertThat(exported).hasSize(60);
        assertThat(SrtpKeys.of(exported).clientKey())
                .isNotEqualTo(SrtpKeys.of(exported).serverKey());
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
