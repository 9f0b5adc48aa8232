package dev.parley.voice.webrtc.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Certificate fingerprints as SDP writes them (RFC 8122 §5): {@code sha-256} and colon-separated hex. */
public final class Fingerprints {
    private Fingerprints() {}

    public static String sha256(byte[] der) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(der);
            return "sha-256 " + HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Whether two fingerprints name the same digest (the hash name and hex compared without case). */
    public static boolean same(String a, String b) {
        return normalise(a).equals(normalise(b));
    }

    private static String normalise(String fingerprint) {
        return fingerprint.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
