package dev.parley.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PEM encoding of RSA keys: public keys as X.509 SubjectPublicKeyInfo, private keys as PKCS#8. */
public final class Pem {
    private Pem() {}

    public static String publicKey(java.security.PublicKey key) {
        return encode("PUBLIC KEY", key.getEncoded());
    }

    public static String privateKey(PrivateKey key) {
        return encode("PRIVATE KEY", key.getEncoded());
    }

    public static RSAPublicKey parsePublicKey(String pem) {
        try {
            byte[] der = decode(pem, "PUBLIC KEY");
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("not an RSA public key in PEM (expected -----BEGIN PUBLIC KEY-----)", e);
        }
    }

    public static PrivateKey parsePrivateKey(String pem) {
        try {
            byte[] der = decode(pem, "PRIVATE KEY");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "not an RSA private key in PKCS#8 PEM (expected -----BEGIN PRIVATE KEY-----)", e);
        }
    }

    /** An unencrypted PKCS#8 PEM private key, RSA or EC (a TLS key may be either). */
    public static PrivateKey parsePrivateKeyOfAnyKind(String pem) {
        byte[] der = decode(pem, "PRIVATE KEY");
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this kind: try the next
            }
        }
        throw new IllegalArgumentException("not an RSA or EC private key in PKCS#8 PEM");
    }

    private static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private static byte[] decode(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("missing " + begin);
        }
        String body = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
