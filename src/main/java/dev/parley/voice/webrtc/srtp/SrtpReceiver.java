package dev.parley.voice.webrtc.srtp;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Checks and decrypts what the other end sends (RFC 3711 §3.3, §3.4): the tag first, in constant
 * time, over the packet and the estimated roll-over counter (Appendix A); replays and packets that
 * fail authentication are refused and change nothing. Keyed with the sending side's master key and
 * salt. Thread-safe.
 */
public final class SrtpReceiver {
    private final SrtpCrypto rtp;
    private final SrtpCrypto rtcp;
    private final Map<Long, Stream> rtpStreams = new HashMap<>();
    private final Map<Long, ReplayWindow> rtcpWindows = new HashMap<>();

    /** One sender's state: the highest sequence number, the roll-over counter, the replay window. */
    private static final class Stream {
        int highest;
        long roc;
        final ReplayWindow window = new ReplayWindow();

        Stream(int first) {
            highest = first;
        }

        /** The roll-over counter {@code sequence} most likely belongs to (RFC 3711 Appendix A). */
        long guess(int sequence) {
            if (highest < 0x8000) {
                return sequence - highest > 0x8000 ? roc - 1 : roc;
            }
            return highest - 0x8000 > sequence ? roc + 1 : roc;
        }

        void accepted(int sequence, long guessed) {
            if (guessed == roc + 1) {
                roc = guessed;
                highest = sequence;
            } else if (guessed == roc && sequence > highest) {
                highest = sequence;
            }
        }
    }

    public SrtpReceiver(byte[] masterKey, byte[] masterSalt) {
        this.rtp = new SrtpCrypto(SessionKeys.derive(masterKey, masterSalt, SessionKeys.SRTP_ENCRYPTION));
        this.rtcp = new SrtpCrypto(SessionKeys.derive(masterKey, masterSalt, SessionKeys.SRTCP_ENCRYPTION));
    }

    /** The RTP packet inside an SRTP packet; empty when it fails authentication or is a replay. */
    public synchronized Optional<byte[]> unprotectRtp(byte[] packet, int length) {
        int header = RtpHeader.length(packet, length - SrtpCrypto.TAG_BYTES);
        if (header < 0) {
            return Optional.empty();
        }
        long ssrc = RtpHeader.ssrc(packet, 8);
        int sequence = RtpHeader.sequence(packet);
        Stream stream = rtpStreams.get(ssrc);
        Stream candidate = stream != null ? stream : new Stream(sequence);
        long roc = candidate.guess(sequence);
        if (roc < 0) {
            return Optional.empty();
        }
        long index = (roc << 16) | sequence;
        if (candidate.window.isReplay(index)
                || !rtp.verify(
                        packet, length, ByteBuffer.allocate(4).putInt((int) roc).array())) {
            return Optional.empty();
        }
        if (stream == null) {
            rtpStreams.put(ssrc, candidate); // a stream begins only with a packet that authenticated
        }
        candidate.window.accept(index);
        candidate.accepted(sequence, roc);
        byte[] out = Arrays.copyOf(packet, length - SrtpCrypto.TAG_BYTES);
        rtp.crypt(ssrc, index, out, header, out.length - header);
        return Optional.of(out);
    }

    /** The RTCP packet inside an SRTCP packet; empty when it fails authentication or is a replay. */
    public synchronized Optional<byte[]> unprotectRtcp(byte[] packet, int length) {
        if (length < 8 + 4 + SrtpCrypto.TAG_BYTES) {
            return Optional.empty();
        }
        int trailer = length - SrtpCrypto.TAG_BYTES - 4;
        int word = ByteBuffer.wrap(packet, trailer, 4).getInt();
        boolean encrypted = word < 0; // the E flag
        long index = word & 0x7FFFFFFFL;
        long ssrc = RtpHeader.ssrc(packet, 4);
        ReplayWindow window = rtcpWindows.getOrDefault(ssrc, new ReplayWindow());
        if (window.isReplay(index) || !rtcp.verify(packet, length, null)) {
            return Optional.empty();
        }
        window.accept(index);
        rtcpWindows.put(ssrc, window);
        byte[] out = Arrays.copyOf(packet, trailer);
        if (encrypted) {
            rtcp.crypt(ssrc, index, out, 8, trailer - 8);
        }
        return Optional.of(out);
    }
}
