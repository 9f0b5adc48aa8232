package dev.parley.voice.webrtc.stun;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY (RFC 8489 §14.5: HMAC-SHA1 over the message up to the attribute, the header's
 * length counting up to its end) and FINGERPRINT (§14.7: CRC-32 of the message up to it, XOR
 * 0x5354554E), computed and checked on the bytes as they travel.
 */
public final class StunIntegrity {
    private static final int FINGERPRINT_XOR = 0x5354554E;

    private StunIntegrity() {}

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    static int fingerprint(byte[] data, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        return (int) crc.getValue() ^ FINGERPRINT_XOR;
    }

    /**
     * Whether the datagram carries a FINGERPRINT as its last attribute, and it is right; a message
     * without one passes (RFC 8489 makes it optional; ICE peers always send it).
     */
    public static boolean fingerprintValid(byte[] data, int length) {
        int at = offsetOf(data, length, StunAttributes.FINGERPRINT);
        if (at < 0) {
            return true;
        }
        if (at + 8 != length) {
            return false; // FINGERPRINT must be last
        }
        byte[] copy = java.util.Arrays.copyOf(data, at);
        return ByteBuffer.wrap(data, at + 4, 4).getInt() == fingerprint(copy, at);
    }

    /** Whether the datagram's MESSAGE-INTEGRITY is there and right for {@code key}. */
    public static boolean integrityValid(byte[] data, int length, byte[] key) {
        int at = offsetOf(data, length, StunAttributes.MESSAGE_INTEGRITY);
        if (at < 0 || at + 24 > length || ((data[at + 2] & 0xFF) << 8 | (data[at + 3] & 0xFF)) != 20) {
            return false;
        }
        byte[] covered = java.util.Arrays.copyOf(data, at);
        int declared = at + 24 - StunMessage.HEADER_BYTES; // the length as if MESSAGE-INTEGRITY were last
        covered[2] = (byte) (declared >>> 8);
        covered[3] = (byte) declared;
        byte[] expected = hmac(key, covered);
        byte[] actual = java.util.Arrays.copyOfRange(data, at + 4, at + 24);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Where the first attribute of {@code type} starts in a well-formed message, or -1. */
    private static int offsetOf(byte[] data, int length, int type) {
        int at = StunMessage.HEADER_BYTES;
        while (at + 4 <= length) {
            int attributeType = (data[at] & 0xFF) << 8 | (data[at + 1] & 0xFF);
            int attributeLength = (data[at + 2] & 0xFF) << 8 | (data[at + 3] & 0xFF);
            if (attributeType == type) {
                return at;
            }
            at += 4 + ((attributeLength + 3) & ~3);
        }
        return -1;
    }
}
