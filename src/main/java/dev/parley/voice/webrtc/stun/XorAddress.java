package dev.parley.voice.webrtc.stun;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Optional;

/** XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the address a request came from, XORed with the cookie (and id). */
public final class XorAddress {
    private XorAddress() {}

    public static byte[] encode(InetSocketAddress address, byte[] transactionId) {
        byte[] ip = address.getAddress().getAddress();
        ByteBuffer out = ByteBuffer.allocate(4 + ip.length);
        out.put((byte) 0).put((byte) (ip.length == 4 ? 0x01 : 0x02));
        out.putShort((short) (address.getPort() ^ (StunMessage.MAGIC_COOKIE >>> 16)));
        byte[] mask = mask(transactionId);
        for (int i = 0; i < ip.length; i++) {
            out.put((byte) (ip[i] ^ mask[i]));
        }
        return out.array();
    }

    public static Optional<InetSocketAddress> decode(byte[] value, byte[] transactionId) {
        if (value.length != 8 && value.length != 20) {
            return Optional.empty();
        }
        int port = (((value[2] & 0xFF) << 8) | (value[3] & 0xFF)) ^ (StunMessage.MAGIC_COOKIE >>> 16);
        byte[] mask = mask(transactionId);
        byte[] ip = new byte[value.length - 4];
        for (int i = 0; i < ip.length; i++) {
            ip[i] = (byte) (value[4 + i] ^ mask[i]);
        }
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByAddress(ip), port));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** The cookie, then the transaction id: what an address is XORed with. */
    private static byte[] mask(byte[] transactionId) {
        return ByteBuffer.allocate(16)
                .putInt(StunMessage.MAGIC_COOKIE)
                .put(transactionId)
                .array();
    }
}
