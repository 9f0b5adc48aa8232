package dev.parley.outbound;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The IPv4 spellings C's {@code inet_aton} accepts (and so curl, browsers and many proxies): one to four
 * parts, each decimal, octal with a leading 0, or hexadecimal with 0x; the last part fills the bytes
 * left ({@code 2852039166}, {@code 0251.0376.0251.0376}, {@code 0xa9fea9fe}, {@code 169.16689662}). The
 * JDK refuses the ambiguous ones as names, but the gate reads them so that an aim at a forbidden
 * address is refused and counted as such, whatever resolves the name.
 */
final class LegacyIpv4 {
    private LegacyIpv4() {}

    static Optional<Inet4Address> parse(String text) {
        if (text.isEmpty() || !text.matches("(?i)[0-9a-fx.]+") || text.endsWith(".")) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Optional<Long> value = part(parts[i]);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values[i] = value.get();
        }
        long address = 0;
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i] > 0xff) {
                return Optional.empty();
            }
            address |= values[i] << (24 - 8 * i);
        }
        long last = values[values.length - 1];
        if (last >= 1L << (8 * (5 - values.length))) {
            return Optional.empty();
        }
        address |= last;
        byte[] bytes = {(byte) (address >> 24), (byte) (address >> 16), (byte) (address >> 8), (byte) address};
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static Optional<Long> part(String part) {
        try {
            if (part.matches("(?i)0x[0-9a-f]{1,8}")) {
                return Optional.of(Long.parseLong(part.substring(2), 16));
            }
            if (part.matches("0[0-7]{1,11}")) {
                return Optional.of(Long.parseLong(part, 8));
            }
            if (part.matches("0|[1-9][0-9]{0,9}")) {
                return Optional.of(Long.parseLong(part));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
