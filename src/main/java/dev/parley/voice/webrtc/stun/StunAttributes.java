package dev.parley.voice.webrtc.stun;

/** The attribute types ICE uses (RFC 8489 §18.3, RFC 8445 §16.1). */
public final class StunAttributes {
    private StunAttributes() {}

    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    public static final int PRIORITY = 0x0024;
    public static final int USE_CANDIDATE = 0x0025;
    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    public static final int ICE_CONTROLLED = 0x8029;
    public static final int ICE_CONTROLLING = 0x802A;

    /** Types below 0x8000 are comprehension-required: a request with an unknown one gets 420. */
    public static boolean comprehensionRequired(int type) {
        return type < 0x8000;
    }

    /** Whether Parley understands {@code type}. */
    public static boolean known(int type) {
        return switch (type) {
            case USERNAME,
                    MESSAGE_INTEGRITY,
                    ERROR_CODE,
                    UNKNOWN_ATTRIBUTES,
                    XOR_MAPPED_ADDRESS,
                    PRIORITY,
                    USE_CANDIDATE,
                    SOFTWARE,
                    FINGERPRINT,
                    ICE_CONTROLLED,
                    ICE_CONTROLLING -> true;
            default -> false;
        };
    }
}
