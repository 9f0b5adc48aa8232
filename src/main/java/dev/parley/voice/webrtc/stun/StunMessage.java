package dev.parley.voice.webrtc.stun;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One STUN message (RFC 8489 §5): a type (class and method), a 96-bit transaction id and attributes in
 * the order they came. Immutable; {@link #parse} reads what arrived, {@link Builder} writes what goes out
 * (with MESSAGE-INTEGRITY and FINGERPRINT last, as §14.5 and §14.7 require).
 */
public record StunMessage(int type, byte[] transactionId, List<Attribute> attributes) {
    /** The magic cookie of every RFC 5389 and later message. */
    public static final int MAGIC_COOKIE = 0x2112A442;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;
    public static final int BINDING_INDICATION = 0x0011;

    static final int HEADER_BYTES = 20;

    /** One attribute: its type and value (without padding). */
    public record Attribute(int type, byte[] value) {
        public Attribute {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    public StunMessage {
        transactionId = transactionId.clone();
        attributes = List.copyOf(attributes);
    }

    @Override
    public byte[] transactionId() {
        return transactionId.clone();
    }

    /** Whether a datagram looks like STUN (RFC 7983: first byte 0-3; RFC 8489: the magic cookie). */
    public static boolean looksLikeStun(byte[] data, int length) {
        return length >= HEADER_BYTES
                && (data[0] & 0xC0) == 0
                && ByteBuffer.wrap(data, 4, 4).getInt() == MAGIC_COOKIE;
    }

    /**
     * Reads a STUN message: the header's length must match the datagram and the attributes must fill
     * it exactly; empty when they do not (the datagram is then dropped, never answered).
     */
    public static Optional<StunMessage> parse(byte[] data, int length) {
        if (!looksLikeStun(data, length)) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(data, 0, length);
        int type = in.getShort() & 0xFFFF;
        int bodyLength = in.getShort() & 0xFFFF;
        if (bodyLength % 4 != 0 || HEADER_BYTES + bodyLength != length) {
            return Optional.empty();
        }
        in.getInt(); // the cookie
        byte[] transaction = new byte[12];
        in.get(transaction);
        List<Attribute> attributes = new ArrayList<>();
        while (in.remaining() > 0) {
            if (in.remaining() < 4) {
                return Optional.empty();
            }
            int attributeType = in.getShort() & 0xFFFF;
            int attributeLength = in.getShort() & 0xFFFF;
            int padded = (attributeLength + 3) & ~3;
            if (padded > in.remaining()) {
                return Optional.empty();
            }
            byte[] value = new byte[attributeLength];
            in.get(value);
            in.position(in.position() + padded - attributeLength);
            attributes.add(new Attribute(attributeType, value));
        }
        return Optional.of(new StunMessage(type, transaction, attributes));
    }

    /** The first attribute of {@code attributeType}. */
    public Optional<byte[]> attribute(int attributeType) {
        return attributes.stream()
                .filter(a -> a.type() == attributeType)
                .findFirst()
                .map(Attribute::value);
    }

    public boolean has(int attributeType) {
        return attributes.stream().anyMatch(a -> a.type() == attributeType);
    }

    /** USERNAME as text (ICE: {@code <receiver ufrag>:<sender ufrag>}). */
    public Optional<String> username() {
        return attribute(StunAttributes.USERNAME).map(v -> new String(v, StandardCharsets.UTF_8));
    }

    /** The transaction id in hex, for logs and maps. */
    public String transactionHex() {
        return HexFormat.of().formatHex(transactionId);
    }

    /** Builds a message; MESSAGE-INTEGRITY and FINGERPRINT are added by {@link #encode}. */
    public static final class Builder {
        private final int type;
        private final byte[] transactionId;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        public Builder(int type, byte[] transactionId) {
            if (transactionId.length != 12) {
                throw new IllegalArgumentException("a transaction id is 96 bits");
            }
            this.type = type;
            this.transactionId = transactionId.clone();
        }

        public Builder add(int attributeType, byte[] value) {
            body.write(attributeType >>> 8);
            body.write(attributeType);
            body.write(value.length >>> 8);
            body.write(value.length);
            body.writeBytes(value);
            for (int i = value.length; i % 4 != 0; i++) {
                body.write(0);
            }
            return this;
        }

        /**
         * The message on the wire: with MESSAGE-INTEGRITY keyed by {@code integrityKey} (the ICE
         * password; null for none), then FINGERPRINT.
         */
        public byte[] encode(byte[] integrityKey) {
            byte[] attributes = body.toByteArray();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(attributes);
            if (integrityKey != null) {
                byte[] soFar = header(attributes.length + 24, attributes);
                byte[] mac = StunIntegrity.hmac(integrityKey, soFar);
                out.writeBytes(attribute(StunAttributes.MESSAGE_INTEGRITY, mac));
            }
            byte[] withIntegrity = out.toByteArray();
            byte[] soFar = header(withIntegrity.length + 8, withIntegrity);
            int crc = StunIntegrity.fingerprint(soFar, soFar.length);
            out.writeBytes(attribute(
                    StunAttributes.FINGERPRINT,
                    ByteBuffer.allocate(4).putInt(crc).array()));
            byte[] all = out.toByteArray();
            return header(all.length, all);
        }

        /** The header with {@code declaredLength}, followed by {@code attributes}. */
        private byte[] header(int declaredLength, byte[] attributes) {
            return ByteBuffer.allocate(HEADER_BYTES + attributes.length)
                    .putShort((short) type)
                    .putShort((short) declaredLength)
                    .putInt(MAGIC_COOKIE)
                    .put(transactionId)
                    .put(attributes)
                    .array();
        }

        private static byte[] attribute(int attributeType, byte[] value) {
            return ByteBuffer.allocate(4 + value.length)
                    .putShort((short) attributeType)
                    .putShort((short) value.length)
                    .put(value)
                    .array();
        }
    }
}
