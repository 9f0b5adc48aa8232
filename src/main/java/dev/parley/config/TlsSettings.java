package dev.parley.config;

import dev.parley.auth.Pem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTPS on the API port ({@code --tls-cert}, {@code --tls-key}): a PEM certificate (its chain may
 * follow it in the same file) and its unencrypted PKCS#8 PEM key, RSA or EC. Neither set: plain HTTP.
 */
public record TlsSettings(Path certificate, Path key) {
    public static final TlsSettings NONE = new TlsSettings(null, null);

    /** The password of the in-memory key store (it never leaves the process). */
    public static final String STORE_PASSWORD = "parley";

    public boolean enabled() {
        return certificate != null || key != null;
    }

    /** What is wrong with the settings, for {@code serve} to refuse to start with (empty: nothing). */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!enabled()) {
            return problems;
        }
        if (certificate == null || key == null) {
            problems.add("tls-cert and tls-key go together: give both, or neither for plain HTTP");
            return problems;
        }
        try {
            keyStore();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    /** The certificate chain and key as a key store for the HTTPS connector. */
    public KeyStore keyStore() {
        List<Certificate> chain = certificates();
        PrivateKey privateKey = privateKey();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("parley", privateKey, STORE_PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("tls-key does not belong with tls-cert: " + e.getMessage(), e);
        }
    }

    private List<Certificate> certificates() {
        try {
            byte[] pem = Files.readAllBytes(certificate);
            List<Certificate> chain = new ArrayList<>(
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("tls-cert " + certificate + " holds no PEM certificate");
            }
            return chain;
        } catch (IOException e) {
            throw new IllegalArgumentException("tls-cert " + certificate + " cannot be read: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("tls-cert " + certificate + " is not a PEM certificate", e);
        }
    }

    private PrivateKey privateKey() {
        try {
            return Pem.parsePrivateKeyOfAnyKind(Files.readString(key, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalArgumentException("tls-key " + key + " cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // never the key's text in a message
            throw new IllegalArgumentException(
                    "tls-key " + key + " is not an unencrypted PKCS#8 PEM key (RSA or EC)", e);
        }
    }
}
