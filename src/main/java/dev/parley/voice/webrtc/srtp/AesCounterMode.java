package dev.parley.voice.webrtc.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES in counter mode (RFC 3711 §4.1.1) on the JDK's AES-CTR: XORs a keystream over bytes in place. */
final class AesCounterMode {
    private final SecretKeySpec key;
    private final Cipher cipher;

    AesCounterMode(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        try {
            this.cipher = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is part of every JDK", e);
        }
    }

    /** XORs the keystream that starts at counter {@code iv} over {@code data[offset, offset+length)}. */
    void apply(byte[] iv, byte[] data, int offset, int length) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            cipher.doFinal(data, offset, length, data, offset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR with a 16-byte key and IV cannot fail", e);
        }
    }

    /** {@code length} bytes of keystream from counter {@code iv}. */
    byte[] keystream(byte[] iv, int length) {
        byte[] out = new byte[length];
        apply(iv, out, 0, length);
        return out;
    }
}
