package dev.parley.voice.webrtc.srtp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction's AES-CM cipher and HMAC-SHA1-80 (RFC 3711 §4.1.1, §4.2.1) for RTP or RTCP, with
 * the IV layout both share: (salt · 2^16) XOR (SSRC · 2^64) XOR (index · 2^16). Not thread-safe.
 */
final class SrtpCrypto {
    static final int TAG_BYTES = 10;

    private final SessionKeys keys;
    private final AesCounterMode cipher;
    private final Mac mac;

    SrtpCrypto(SessionKeys keys) {
        this.keys = keys;
        this.cipher = new AesCounterMode(keys.cipherKey());
        try {
            this.mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(keys.authKey(), "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }

    void crypt(long ssrc, long index, byte[] data, int offset, int length) {
        byte[] iv = new byte[16];
        System.arraycopy(keys.cipherSalt(), 0, iv, 0, 14);
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
        cipher.apply(iv, data, offset, length);
    }

    /** The 80-bit tag over {@code data[0, length)} followed by {@code trailer} (SRTP's ROC; none for SRTCP). */
    byte[] tag(byte[] data, int length, byte[] trailer) {
        mac.update(data, 0, length);
        if (trailer != null) {
            mac.update(trailer);
        }
        byte[] full = mac.doFinal();
        byte[] tag = new byte[TAG_BYTES];
        System.arraycopy(full, 0, tag, 0, TAG_BYTES);
        return tag;
    }

    /** Whether the tag at {@code data[length - 10, length)} is right (compared in constant time). */
    boolean verify(byte[] data, int length, byte[] trailer) {
        byte[] expected = tag(data, length - TAG_BYTES, trailer);
        byte[] actual = java.util.Arrays.copyOfRange(data, length - TAG_BYTES, length);
        return MessageDigest.isEqual(expected, actual);
    }
}
