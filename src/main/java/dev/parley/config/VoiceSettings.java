package dev.parley.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SIP channel's settings: where SIP listens (off when not set), the address peers are told to reach
 * us at (SDP {@code c=} and SIP Via/Contact), the UDP ports RTP sockets take, and how long a call may
 * go without RTP before it is hung up.
 */
public record VoiceSettings(
        String sipListen, String publicAddress, String rtpPorts, Duration rtpTimeout, Duration nodeTimeout) {
    public static final int DEFAULT_SIP_PORT = 5060;
    public static final String DEFAULT_RTP_PORTS = "10000-20000";
    public static final Duration DEFAULT_RTP_TIMEOUT = Duration.ofSeconds(60);
    /** A node silent this long is taken for dead and its calls are ended (by the nodes still beating). */
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(20);

    /** SIP off; the defaults for everything else. */
    public static VoiceSettings off() {
        return new VoiceSettings(null, null, DEFAULT_RTP_PORTS, DEFAULT_RTP_TIMEOUT, DEFAULT_NODE_TIMEOUT);
    }

    /** The UDP ports RTP sockets are bound in, both ends included. */
    public record PortRange(int first, int last) {}

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (enabled() && listenAddress() == null) {
            problems.add("sip-listen must be host, host:port or :port, e.g. 0.0.0.0:5060 (got " + sipListen + ")");
        }
        if (publicAddress != null && !publicAddress.isBlank() && parseAddress(publicAddress) == null) {
            problems.add("sip-public-address must be an IP address (got " + publicAddress + ")");
        }
        PortRange range = portRange();
        if (range == null) {
            problems.add("rtp-ports must be first-last with 1024 <= first < last <= 65535 (got " + rtpPorts + ")");
        }
        if (rtpTimeout == null || rtpTimeout.isNegative() || rtpTimeout.isZero()) {
            problems.add("rtp-timeout must be a positive duration such as 30s (got " + rtpTimeout + ")");
        }
        if (nodeTimeout == null || nodeTimeout.toMillis() < 400) {
            problems.add("node-timeout must be a duration of at least 400ms such as 20s (got " + nodeTimeout + ")");
        }
        return problems;
    }

    /** How often a node writes its heartbeat: four times per timeout, so one late beat is not death. */
    public Duration nodeHeartbeat() {
        return nodeTimeout.dividedBy(4);
    }

    public boolean enabled() {
        return sipListen != null && !sipListen.isBlank();
    }

    /**
     * Where SIP listens, UDP and TCP: {@code host}, {@code host:port} or {@code :port} (every
     * interface); the port is 5060 when not given. Null when SIP is off or the setting is malformed.
     */
    public InetSocketAddress listenAddress() {
        if (!enabled()) {
            return null;
        }
        String value = sipListen.strip();
        String host = value;
        String portText = null;
        if (value.startsWith("[")) { // [IPv6] or [IPv6]:port
            int close = value.indexOf(']');
            if (close < 0 || (close + 1 < value.length() && value.charAt(close + 1) != ':')) {
                return null;
            }
            host = value.substring(1, close);
            portText = close + 1 < value.length() ? value.substring(close + 2) : null;
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            portText = value.substring(value.indexOf(':') + 1);
        }
        int port = DEFAULT_SIP_PORT;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (port < 0 || port > 65535) {
            return null;
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The address written into SDP and SIP headers: the configured public address; else the listen
     * address; else, when listening on every interface, the first non-loopback IPv4 address this
     * machine has (loopback when it has none).
     */
    public InetAddress advertisedAddress() {
        if (publicAddress != null && !publicAddress.isBlank()) {
            return parseAddress(publicAddress);
        }
        InetAddress listen = listenAddress().getAddress();
        return listen.isAnyLocalAddress() ? firstExternalAddress().orElse(InetAddress.getLoopbackAddress()) : listen;
    }

    /** {@code first-last}, or null when malformed. */
    public PortRange portRange() {
        if (rtpPorts == null) {
            return null;
        }
        String[] parts = rtpPorts.strip().split("-");
        try {
            int first = Integer.parseInt(parts[0].strip());
            int last = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : -1;
            return parts.length == 2 && first >= 1024 && first < last && last <= 65535
                    ? new PortRange(first, last)
                    : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An IP literal only: a host name here would be a DNS lookup at every start, and could change. */
    private static InetAddress parseAddress(String value) {
        if (!value.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return null;
        }
        try {
            return InetAddress.getByName(value);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static Optional<InetAddress> firstExternalAddress() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(i -> {
                        try {
                            return i.isUp() && !i.isLoopback();
                        } catch (SocketException e) {
                            return false;
                        }
                    })
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(a -> a instanceof Inet4Address && !a.isLinkLocalAddress())
                    .findFirst();
        } catch (SocketException e) {
            return Optional.empty();
        }
    }
}
