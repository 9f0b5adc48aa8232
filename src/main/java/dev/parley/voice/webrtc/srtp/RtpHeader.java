package dev.parley.voice.webrtc.srtp;

/** The fields of an RTP header SRTP needs (RFC 3550 §5.1), read without copying. */
final class RtpHeader {
    private RtpHeader() {}

    /** The header's length with CSRCs and extension, or -1 when the packet is too short for it. */
    static int length(byte[] packet, int length) {
        if (length < 12 || (packet[0] & 0xC0) != 0x80) {
            return -1;
        }
        int header = 12 + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0) {
            if (length < header + 4) {
                return -1;
            }
            header += 4 + 4 * (((packet[header + 2] & 0xFF) << 8) | (packet[header + 3] & 0xFF));
        }
        return header <= length ? header : -1;
    }

    static int sequence(byte[] packet) {
        return ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
    }

    static long ssrc(byte[] packet, int at) {
        return ((packet[at] & 0xFFL) << 24)
                | ((packet[at + 1] & 0xFFL) << 16)
                | ((packet[at + 2] & 0xFFL) << 8)
                | (packet[at + 3] & 0xFFL);
    }
}
