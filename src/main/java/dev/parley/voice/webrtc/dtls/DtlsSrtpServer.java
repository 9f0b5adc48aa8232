package dev.parley.voice.webrtc.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The DTLS 1.2 server side of one WebRTC leg: offers only SRTP_AES128_CM_HMAC_SHA1_80 in
 * {@code use_srtp}, asks for the browser's certificate and accepts it only when it matches the
 * fingerprint the browser's SDP gave (RFC 5763 §5), and exports the SRTP keys once the handshake is
 * done. One per handshake; not reused.
 */
final class DtlsSrtpServer extends DefaultTlsServer {
    private static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    /** The peer's a=fingerprint; for a leg Parley offered, it comes with the answer, maybe mid-handshake. */
    private final java.util.concurrent.CompletableFuture<String> expectedFingerprint;

    private final int timeoutMillis;
    private volatile SrtpKeys keys;

    DtlsSrtpServer(
            DtlsCertificate certificate,
            java.util.concurrent.CompletableFuture<String> expectedFingerprint,
            int timeoutMillis) {
        this(new BcTlsCrypto(new SecureRandom()), certificate, expectedFingerprint, timeoutMillis);
    }

    private DtlsSrtpServer(
            BcTlsCrypto crypto,
            DtlsCertificate certificate,
            java.util.concurrent.CompletableFuture<String> expectedFingerprint,
            int timeoutMillis) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.expectedFingerprint = expectedFingerprint;
        this.timeoutMillis = timeoutMillis;
    }

    /** The keys, once the handshake is complete. */
    SrtpKeys keys() {
        return keys;
    }

    /** A browser that has not finished in this time has gone; the leg is failed and released. */
    @Override
    public int getHandshakeTimeoutMillis() {
        return timeoutMillis;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    /** ECDHE with our ECDSA certificate only: what browsers offer, and what our key can sign for. */
    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(crypto, new int[] {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        });
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null || !offers(offered, SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80)) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no SRTP profile Parley speaks");
        }
    }

    private static boolean offers(UseSRTPData data, int profile) {
        for (int offered : data.getProtectionProfiles()) {
            if (offered == profile) {
                return true;
            }
        }
        return false;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(
                extensions,
                new UseSRTPData(new int[] {SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80}, new byte[0]));
        return extensions;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public CertificateRequest getCertificateRequest() {
        Vector algorithms = new Vector();
        algorithms.add(ECDSA_SHA256);
        algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
        return new CertificateRequest(
                new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign}, algorithms, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no certificate from the peer");
        }
        String actual =
                Fingerprints.sha256(clientCertificate.getCertificateAt(0).getEncoded());
        String expected;
        try {
            expected = expectedFingerprint.get(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no a=fingerprint came for the peer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TlsFatalAlert(AlertDescription.internal_error, "interrupted");
        }
        if (!Fingerprints.same(actual, expected)) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "certificate does not match a=fingerprint");
        }
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        TlsCertificate tlsCertificate = crypto.createCertificate(certificate.der());
        return new BcDefaultTlsCredentialedSigner(
                new TlsCryptoParameters(context),
                crypto,
                certificate.privateKey(),
                new Certificate(new TlsCertificate[] {tlsCertificate}),
                ECDSA_SHA256);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        keys = SrtpKeys.of(context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpKeys.EXPORTED_BYTES));
    }
}
