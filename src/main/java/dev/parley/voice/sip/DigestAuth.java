package dev.parley.voice.sip;

import dev.parley.voice.sip.message.SipText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP digest authentication as SIP uses it (RFC 3261 §22, RFC 2617): the answer to a 401's
 * WWW-Authenticate or a 407's Proxy-Authenticate, MD5 only (what trunks and PBXs ask for), with and
 * without {@code qop=auth}. A challenge for another algorithm is not answered.
 */
public final class DigestAuth {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DigestAuth() {}

    /**
     * The username and password configured for a SIP target; {@code realm}, when not null, is the only
     * realm they are offered to (a trunk's). Never logged.
     */
    public record Credentials(String username, String password, String realm) {
        public Credentials(String username, String password) {
            this(username, password, null);
        }

        /** Whether these credentials answer a challenge of {@code challengeRealm}. */
        public boolean answer(String challengeRealm) {
            return realm == null || realm.equals(challengeRealm);
        }

        @Override
        public String toString() {
            return "Credentials[" + username + ", password hidden]";
        }
    }

    /** A challenge's parameters (names lower-cased); empty when it is not a Digest challenge. */
    static Optional<Map<String, String>> challenge(String header) {
        String value = header.strip();
        if (!value.regionMatches(true, 0, "Digest ", 0, 7)) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String part : SipText.splitOutsideQuotes(value.substring(7), ',')) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                params.put(
                        part.substring(0, eq).strip().toLowerCase(Locale.ROOT),
                        SipText.unquote(part.substring(eq + 1).strip()));
            }
        }
        String algorithm = params.getOrDefault("algorithm", "MD5");
        if (!algorithm.equalsIgnoreCase("MD5") || !params.containsKey("nonce") || !params.containsKey("realm")) {
            return Optional.empty();
        }
        return Optional.of(params);
    }

    /**
     * The Authorization (or Proxy-Authorization) value answering {@code challenge} for {@code method}
     * on {@code uri}; {@code cnonce} is random when null (tests pass their own).
     */
    static String answer(
            Map<String, String> challenge, Credentials credentials, String method, String uri, String cnonce) {
        String realm = challenge.get("realm");
        String nonce = challenge.get("nonce");
        String ha1 = md5(credentials.username() + ":" + realm + ":" + credentials.password());
        String ha2 = md5(method + ":" + uri);
        boolean qopAuth = challenge.containsKey("qop")
                && SipText.splitOutsideQuotes(challenge.get("qop"), ',').stream()
                        .anyMatch("auth"::equalsIgnoreCase);
        StringBuilder header = new StringBuilder("Digest username=\"")
                .append(credentials.username())
                .append("\", realm=\"")
                .append(realm)
                .append("\", nonce=\"")
                .append(nonce)
                .append("\", uri=\"")
                .append(uri)
                .append('"');
        if (qopAuth) {
            String clientNonce = cnonce != null ? cnonce : HexFormat.of().formatHex(randomBytes());
            String nc = "00000001";
            String response = md5(ha1 + ":" + nonce + ":" + nc + ":" + clientNonce + ":auth:" + ha2);
            header.append(", response=\"")
                    .append(response)
                    .append("\", qop=auth, nc=")
                    .append(nc)
                    .append(", cnonce=\"")
                    .append(clientNonce)
                    .append('"');
        } else {
            header.append(", response=\"")
                    .append(md5(ha1 + ":" + nonce + ":" + ha2))
                    .append('"');
        }
        header.append(", algorithm=MD5");
        if (challenge.containsKey("opaque")) {
            header.append(", opaque=\"").append(challenge.get("opaque")).append('"');
        }
        return header.toString();
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }
}
