package dev.parley.outbound;

import dev.parley.config.OutboundSettings;
import dev.parley.domain.Cidr;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Judges the address a request would connect to, never its spelling: whatever form the URL used
 * (decimal {@code 2852039166}, octal {@code 0251.0376.0251.0376}, {@code [::ffff:169.254.169.254]}, a
 * name), the resolver has turned it into bytes by now. IPv6 forms that carry an IPv4 address (mapped,
 * compatible, NAT64 {@code 64:ff9b::/96}) are judged by that IPv4 address as well. Thread-safe.
 */
public final class AddressPolicy {
    private static final byte[] NAT64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private final boolean denyInternal;
    private final List<Cidr> allowed;
    private final OwnPorts ownPorts;

    public AddressPolicy(OutboundSettings settings, OwnPorts ownPorts) {
        this.denyInternal = settings.denyInternal();
        this.allowed = settings.allowed();
        this.ownPorts = ownPorts;
    }

    /** Why a connection to {@code address:port} must not be made, or empty when it may. */
    public Optional<RefusalReason> judge(InetAddress address, int port) {
        Optional<Inet4Address> embedded = embeddedIpv4(address);
        if (ownPorts.contains(port)
                && (thisHost(address) || embedded.map(AddressPolicy::thisHost).orElse(false))) {
            return Optional.of(RefusalReason.OWN_PORT);
        }
        if (address.isAnyLocalAddress()
                || embedded.map(InetAddress::isAnyLocalAddress).orElse(false)) {
            return Optional.of(RefusalReason.UNSPECIFIED);
        }
        if (allowed(address) || embedded.map(this::allowed).orElse(false)) {
            return Optional.empty();
        }
        Optional<RefusalReason> reason = classify(address);
        return reason.isPresent() ? reason : embedded.flatMap(this::classify);
    }

    private boolean allowed(InetAddress address) {
        for (Cidr range : allowed) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private Optional<RefusalReason> classify(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of(RefusalReason.UNSPECIFIED); // 0.0.0.0/8: "this network"
            }
            if (first == 169 && second == 254) {
                return Optional.of(RefusalReason.LINK_LOCAL);
            }
            if (first >= 224 && first <= 239) {
                return Optional.of(RefusalReason.MULTICAST);
            }
            if (first >= 240) {
                return Optional.of(RefusalReason.BROADCAST); // 255.255.255.255 and the reserved 240/4
            }
            boolean internal = first == 127
                    || first == 10
                    || (first == 172 && second >= 16 && second <= 31)
                    || (first == 192 && second == 168)
                    || (first == 100 && second >= 64 && second <= 127);
            return internal && denyInternal ? Optional.of(RefusalReason.INTERNAL) : Optional.empty();
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Optional.of(RefusalReason.LINK_LOCAL); // fe80::/10
        }
        if (first == 0xff) {
            return Optional.of(RefusalReason.MULTICAST);
        }
        boolean internal = address.isLoopbackAddress()
                || (first & 0xfe) == 0xfc // fc00::/7, unique local
                || (first == 0xfe && (second & 0xc0) == 0xc0); // fec0::/10, the old site-local
        return internal && denyInternal ? Optional.of(RefusalReason.INTERNAL) : Optional.empty();
    }

    /** The IPv4 address an IPv6 address carries in its last 32 bits, for the forms that route to it. */
    static Optional<Inet4Address> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        boolean mapped = zeros(b, 0, 10) && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        boolean compatible = zeros(b, 0, 12) && !zeros(b, 12, 15); // not :: or ::1
        boolean nat64 = Arrays.equals(Arrays.copyOf(b, 12), NAT64);
        if (!mapped && !compatible && !nat64) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code address} is this host: loopback, the wildcard, or one of its interfaces' addresses. */
    private static boolean thisHost(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return true; // cannot tell: treat it as ours rather than risk calling ourselves
        }
    }
}
