package dev.parley.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An address range ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address): what a SIP domain's
 * ACL lists. Only numeric addresses are read: no name is ever looked up.
 */
public record Cidr(byte[] network, int prefixLength) {
    public Cidr {
        network = network.clone();
    }

    /** Parses {@code address[/prefix]}; empty for anything else (host names included). */
    public static Optional<Cidr> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String value = text.strip();
        int slash = value.indexOf('/');
        String address = slash < 0 ? value : value.substring(0, slash);
        if (!address.matches("[0-9.]+") && !address.matches("[0-9a-fA-F:.]+")) {
            return Optional.empty(); // not numeric: InetAddress would resolve a name
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                return Optional.empty();
            }
        }
        return Optional.of(new Cidr(mask(bytes, prefix), prefix));
    }

    /** Whether {@code address} lies in this range (IPv4 and IPv6 never match each other). */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int i = 0; i < masked.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            masked[i] &= (byte) (0xFF << (8 - bits));
        }
        return masked;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }
}
