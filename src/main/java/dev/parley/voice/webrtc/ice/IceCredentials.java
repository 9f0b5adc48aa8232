package dev.parley.voice.webrtc.ice;

import java.security.SecureRandom;

/**
 * An ICE username fragment and password (RFC 8445 §5.3: at least 24 bits and 128 bits of randomness,
 * ice-chars only). Parley's pair keys the MESSAGE-INTEGRITY of the browser's checks.
 */
public record IceCredentials(String ufrag, String password) {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Fresh credentials: 8 characters of ufrag (48 bits), 24 of password (144 bits). */
    public static IceCredentials random() {
        return new IceCredentials(randomChars(8), randomChars(24));
    }

    private static String randomChars(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length())));
        }
        return out.toString();
    }
}
