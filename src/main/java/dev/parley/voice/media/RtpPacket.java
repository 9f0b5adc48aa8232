package dev.parley.voice.media;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * An RTP packet (RFC 3550 §5.1): payload type, sequence number, timestamp, SSRC, marker and payload.
 * Contributing sources and header extensions are skipped on reading and never written. Immutable.
 */
public record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
    private static final int HEADER_BYTES = 12;

    /** Reads a packet; empty for anything that is not RTP version 2 with a whole header. */
    public static Optional<RtpPacket> parse(byte[] data, int length) {
        if (length < HEADER_BYTES || (data[0] & 0xC0) != 0x80) {
            return Optional.empty();
        }
        boolean padding = (data[0] & 0x20) != 0;
        boolean extension = (data[0] & 0x10) != 0;
        int csrcCount = data[0] & 0x0F;
        ByteBuffer buffer = ByteBuffer.wrap(data, 0, length);
        int offset = HEADER_BYTES + 4 * csrcCount;
        if (extension) {
            if (length < offset + 4) {
                return Optional.empty();
            }
            offset += 4 + 4 * (buffer.getShort(offset + 2) & 0xFFFF);
        }
        int end = length;
        if (padding) {
            end -= data[length - 1] & 0xFF;
        }
        if (offset > end) {
            return Optional.empty();
        }
        byte[] payload = new byte[end - offset];
        System.arraycopy(data, offset, payload, 0, payload.length);
        return Optional.of(new RtpPacket(
                (data[1] & 0x80) != 0,
                data[1] & 0x7F,
                buffer.getShort(2) & 0xFFFF,
                buffer.getInt(4) & 0xFFFFFFFFL,
                buffer.getInt(8) & 0xFFFFFFFFL,
                payload));
    }

    public byte[] encode() {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        buffer.put((byte) 0x80);
        buffer.put((byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F)));
        buffer.putShort((short) sequence);
        buffer.putInt((int) timestamp);
        buffer.putInt((int) ssrc);
        buffer.put(payload);
        return buffer.array();
    }

    /** Sequence-number distance from {@code earlier} to {@code later}, across the 16-bit wrap. */
    public static int sequenceDistance(int earlier, int later) {
        return (short) (later - earlier);
    }
}
