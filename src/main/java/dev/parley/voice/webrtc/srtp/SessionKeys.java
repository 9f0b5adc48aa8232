package dev.parley.voice.webrtc.srtp;

/**
 * The keys one direction of SRTP or SRTCP uses, derived from a master key and salt (RFC 3711 §4.3,
 * key derivation rate 0): the cipher key, the cipher salt and the authentication key.
 */
record SessionKeys(byte[] cipherKey, byte[] cipherSalt, byte[] authKey) {
    /** The labels of §4.3.2: SRTP's three, then SRTCP's. */
    static final int SRTP_ENCRYPTION = 0x00;

    static final int SRTCP_ENCRYPTION = 0x03;

    static SessionKeys derive(byte[] masterKey, byte[] masterSalt, int firstLabel) {
        AesCounterMode prf = new AesCounterMode(masterKey);
        return new SessionKeys(
                prf.keystream(iv(masterSalt, firstLabel), 16),
                prf.keystream(iv(masterSalt, firstLabel + 2), 14),
                prf.keystream(iv(masterSalt, firstLabel + 1), 20));
    }

    /** (label · 2^48 XOR master salt) · 2^16: the label lands in the salt's eighth byte. */
    private static byte[] iv(byte[] masterSalt, int label) {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, 14);
        iv[7] ^= (byte) label;
        return iv;
    }
}
