package dev.parley.voice.webrtc.dtls;

import java.util.Arrays;

/**
 * The SRTP master keys and salts a DTLS-SRTP handshake exports (RFC 5764 §4.2): 60 bytes for
 * AES_CM_128_HMAC_SHA1_80, read as client key | server key | client salt | server salt. The DTLS
 * client's pair protects what the client sends; the server's what the server sends.
 */
public record SrtpKeys(byte[] clientKey, byte[] serverKey, byte[] clientSalt, byte[] serverSalt) {
    public static final int KEY_BYTES = 16;
    public static final int SALT_BYTES = 14;
    public static final int EXPORTED_BYTES = 2 * (KEY_BYTES + SALT_BYTES);

    public static SrtpKeys of(byte[] exported) {
        if (exported.length != EXPORTED_BYTES) {
            throw new IllegalArgumentException("DTLS-SRTP exports " + EXPORTED_BYTES + " bytes here");
        }
        return new SrtpKeys(
                Arrays.copyOfRange(exported, 0, 16),
                Arrays.copyOfRange(exported, 16, 32),
                Arrays.copyOfRange(exported, 32, 46),
                Arrays.copyOfRange(exported, 46, 60));
    }
}
