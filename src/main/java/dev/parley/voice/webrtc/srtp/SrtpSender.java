package dev.parley.voice.webrtc.srtp;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Protects what one end sends (RFC 3711 §3.3, §3.4): RTP payloads encrypted and tagged with the
 * sender's roll-over counter, RTCP packets after their first eight bytes encrypted, numbered with the
 * E flag set and tagged. Keyed with the sending side's master key and salt. Thread-safe.
 */
public final class SrtpSender {
    private final SrtpCrypto rtp;
    private final SrtpCrypto rtcp;
    /** Per SSRC: the last sequence number sent and the roll-over counter. */
    private final Map<Long, long[]> counters = new HashMap<>();

    private int rtcpIndex;

    public SrtpSender(byte[] masterKey, byte[] masterSalt) {
        this.rtp = new SrtpCrypto(SessionKeys.derive(masterKey, masterSalt, SessionKeys.SRTP_ENCRYPTION));
        this.rtcp = new SrtpCrypto(SessionKeys.derive(masterKey, masterSalt, SessionKeys.SRTCP_ENCRYPTION));
    }

    /** The SRTP packet for an RTP packet; null when it is not one. */
    public synchronized byte[] protectRtp(byte[] packet, int length) {
        int header = RtpHeader.length(packet, length);
        if (header < 0) {
            return null;
        }
        long ssrc = RtpHeader.ssrc(packet, 8);
        int sequence = RtpHeader.sequence(packet);
        long[] counter = counters.get(ssrc);
        if (counter == null) {
            counter = new long[] {sequence, 0};
            counters.put(ssrc, counter);
        } else if (sequence < counter[0] && counter[0] - sequence > 0x8000) {
            counter[1]++; // the sequence number wrapped
        }
        counter[0] = sequence;
        long roc = counter[1];
        byte[] out = Arrays.copyOf(packet, length + SrtpCrypto.TAG_BYTES);
        rtp.crypt(ssrc, (roc << 16) | sequence, out, header, length - header);
        byte[] tag =
                rtp.tag(out, length, ByteBuffer.allocate(4).putInt((int) roc).array());
        System.arraycopy(tag, 0, out, length, SrtpCrypto.TAG_BYTES);
        return out;
    }

    /** The SRTCP packet for an RTCP packet; null when it is too short to be one. */
    public synchronized byte[] protectRtcp(byte[] packet, int length) {
        if (length < 8) {
            return null;
        }
        int index = rtcpIndex;
        rtcpIndex = (rtcpIndex + 1) & 0x7FFFFFFF;
        byte[] out = Arrays.copyOf(packet, length + 4 + SrtpCrypto.TAG_BYTES);
        rtcp.crypt(RtpHeader.ssrc(packet, 4), index, out, 8, length - 8);
        ByteBuffer.wrap(out, length, 4).putInt(0x80000000 | index);
        byte[] tag = rtcp.tag(out, length + 4, null);
        System.arraycopy(tag, 0, out, length + 4, SrtpCrypto.TAG_BYTES);
        return out;
    }
}
