package dev.parley.voice.sip.transport;

import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * What SIP over TCP allows a peer, so that nobody who can reach the port can starve the process:
 * who may connect at all ({@code admits}, e.g. the addresses some SIP domain or trunk lets in; peers
 * Parley itself connected to are always let back in), how long a message may take to arrive whole
 * ({@code messageDeadline}: the first after the connection opens, and each one from its first byte),
 * how long a connection may stay silent between messages ({@code idleTimeout}), and how many
 * connections there may be in all and from one address.
 */
public record TcpLimits(
        Predicate<InetAddress> admits,
        Duration messageDeadline,
        Duration idleTimeout,
        int maxConnections,
        int maxPerSource) {

    /** A message has 10 s to arrive whole: far more than any real peer needs on a working link. */
    public static final Duration DEFAULT_MESSAGE_DEADLINE = Duration.ofSeconds(10);

    /**
     * A connection with a call on it may be silent for as long as the call lasts: the longest a call may
     * last ({@code length_timer}, 7,200 s) and a minute.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(7_260);

    public static final int DEFAULT_MAX_CONNECTIONS = 1_024;
    public static final int DEFAULT_MAX_PER_SOURCE = 64;

    public TcpLimits {
        if (messageDeadline.isNegative()
                || messageDeadline.isZero()
                || idleTimeout.isNegative()
                || idleTimeout.isZero()) {
            throw new IllegalArgumentException("TCP deadlines must be positive");
        }
        if (maxConnections < 1 || maxPerSource < 1) {
            throw new IllegalArgumentException("TCP connection limits must be at least 1");
        }
    }

    /** The defaults, letting in what {@code admits} says. */
    public static TcpLimits of(Predicate<InetAddress> admits) {
        return new TcpLimits(
                admits,
                DEFAULT_MESSAGE_DEADLINE,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_PER_SOURCE);
    }
}
