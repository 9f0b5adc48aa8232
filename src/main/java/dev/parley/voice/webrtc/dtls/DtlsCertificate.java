package dev.parley.voice.webrtc.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Parley's DTLS identity: a self-signed ECDSA P-256 certificate made at start-up (WebRTC trusts it by
 * the fingerprint in the SDP, never by a CA; RFC 8827 §6.5), and that fingerprint.
 */
public final class DtlsCertificate {
    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final String fingerprint;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
        this.der = der;
        this.privateKey = privateKey;
        this.fingerprint = Fingerprints.sha256(der);
    }

    /** A new key pair and certificate, valid from a day ago for a year (clock skew either way). */
    public static DtlsCertificate generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=parley");
            Instant now = Instant.now();
            byte[] der = new JcaX509v3CertificateBuilder(
                            name,
                            new BigInteger(64, new SecureRandom()),
                            Date.from(now.minus(Duration.ofDays(1))),
                            Date.from(now.plus(Duration.ofDays(365))),
                            name,
                            pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()))
                    .getEncoded();
            return new DtlsCertificate(
                    der, PrivateKeyFactory.createKey(pair.getPrivate().getEncoded()));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("the JDK makes ECDSA P-256 keys", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The certificate, DER-encoded. */
    public byte[] der() {
        return der.clone();
    }

    /** The key the certificate signs with, for a DTLS client of our own (tests, the load client). */
    public AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    /** What {@code a=fingerprint:} carries: {@code sha-256 AB:CD:...}. */
    public String fingerprint() {
        return fingerprint;
    }
}
