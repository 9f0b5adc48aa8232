package dev.parley.outbound;

import dev.parley.config.OutboundSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way out for requests an application aims: webhooks, answer and event URLs, media fetches and
 * WebSocket dials all use clients built here. Their every connection resolves through {@link #resolve}:
 * the name is looked up once, each address judged by the {@link AddressPolicy}, and the connection is
 * made to an address that passed (no second lookup, so no DNS rebinding); a redirect opens a new
 * connection and is judged the same way. A refusal is counted in {@code parley_outbound_refused_total}
 * and logged once per target. Thread-safe.
 */
public final class OutboundGate {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundGate.class);
    /** Targets whose refusal was logged; forgotten in bulk past this many, so it stays small. */
    private static final int LOGGED_TARGETS = 10_000;

    private static final int MAX_REDIRECTS = 5;

    private final AddressPolicy policy;
    private final Map<RefusalReason, Counter> refused = new EnumMap<>(RefusalReason.class);
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    public OutboundGate(OutboundSettings settings, OwnPorts ownPorts, MeterRegistry metrics) {
        this.policy = new AddressPolicy(settings, ownPorts);
        for (RefusalReason reason : RefusalReason.values()) {
            refused.put(
                    reason,
                    Counter.builder("parley.outbound.refused")
                            .description("Outbound requests not sent because of where they pointed")
                            .tag("reason", reason.label())
                            .register(metrics));
        }
    }

    /**
     * The addresses of {@code host} a connection to {@code port} may use, in the resolver's order; throws
     * {@link OutboundRefused} when none may (naming the first address's reason). Blocks on the lookup.
     */
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException, OutboundRefused {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        var legacy = LegacyIpv4.parse(name);
        InetAddress[] addresses =
                legacy.isPresent() ? new InetAddress[] {legacy.get()} : InetAddress.getAllByName(name);
        List<InetSocketAddress> usable = new ArrayList<>();
        OutboundRefused first = null;
        for (InetAddress address : addresses) {
            var reason = policy.judge(address, port);
            if (reason.isEmpty()) {
                usable.add(new InetSocketAddress(address, port));
            } else if (first == null) {
                first = new OutboundRefused(host + ":" + port, address.getHostAddress(), reason.get());
            }
        }
        if (usable.isEmpty() && first != null) {
            refuse(first);
            throw first;
        }
        return usable;
    }

    /**
     * Whether a request to {@code url} would be refused now: the check made when an NCCO action that
     * names an event URL runs (its requests go out later, through the webhook outbox, and are judged
     * again then). A URL that does not parse or a name that does not resolve is not a refusal.
     */
    public Optional<OutboundRefused> check(String url) {
        URI uri;
        try {
            uri = target(URI.create(url));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        } catch (OutboundRefused refused) {
            return Optional.of(refused);
        }
        if (uri.getHost() == null) {
            return Optional.empty();
        }
        try {
            resolve(uri.getHost(), portOf(uri, uri.getPort()));
            return Optional.empty();
        } catch (OutboundRefused refused) {
            return Optional.of(refused);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code uri} as a client may request it. {@link URI} reads an IPv4 address in an old spelling
     * with a part above 255 in decimal ({@code 0251.0376.0251.0376}, octal) as no host at all, and an
     * HTTP client would then fail in its own way, retried as if it could succeed: such an address is
     * judged here instead, refused as what it is, or given back in dotted form. Every other URI is
     * given back as it is, for the resolver to judge when it connects.
     *
     * @throws OutboundRefused when the address in an old spelling is one the gate refuses
     */
    public URI target(URI uri) throws OutboundRefused {
        if (uri.getHost() != null || uri.getRawAuthority() == null) {
            return uri;
        }
        String authority = uri.getRawAuthority();
        String hostAndPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostAndPort.lastIndexOf(':');
        String host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
        Optional<java.net.Inet4Address> address = LegacyIpv4.parse(host);
        int given;
        try {
            given = colon < 0 ? -1 : Integer.parseInt(hostAndPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            return uri;
        }
        if (address.isEmpty() || given > 65_535) {
            return uri;
        }
        int port = portOf(uri, given);
        Optional<RefusalReason> reason = policy.judge(address.get(), port);
        if (reason.isPresent()) {
            OutboundRefused refusal =
                    new OutboundRefused(host + ":" + port, address.get().getHostAddress(), reason.get());
            refuse(refusal);
            throw refusal;
        }
        String dotted = uri.getScheme() + "://" + authority.substring(0, authority.lastIndexOf('@') + 1)
                + address.get().getHostAddress() + (colon < 0 ? "" : hostAndPort.substring(colon))
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
        return URI.create(dotted);
    }

    /** The port a request to {@code uri} connects to: {@code given}, or its scheme's default. */
    private static int portOf(URI uri, int given) {
        if (given >= 0) {
            return given;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        return scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
    }

    private void refuse(OutboundRefused refusal) {
        refused.get(refusal.reason()).increment();
        if (logged.size() >= LOGGED_TARGETS) {
            logged.clear();
        }
        if (logged.add(refusal.target() + " " + refusal.reason())) {
            LOG.warn("outbound request {}; not sent (logged once per target)", refusal.getMessage());
        }
    }

    /** Requests refused so far for {@code reason}. */
    public long refusedCount(RefusalReason reason) {
        return (long) refused.get(reason).count();
    }

    /**
     * A started HTTP client whose connections go through this gate. Redirects, when followed, are
     * judged like the first request (at most five).
     */
    public HttpClient httpClient(String name, Duration connectTimeout, int perDestination, boolean followRedirects) {
        HttpClient http = new HttpClient();
        http.setName("parley-outbound-" + name);
        http.setSocketAddressResolver(new GatedResolver(this));
        http.setConnectTimeout(connectTimeout.toMillis());
        http.setFollowRedirects(followRedirects);
        http.setMaxRedirects(MAX_REDIRECTS);
        http.setMaxConnectionsPerDestination(perDestination);
        http.setUserAgentField(null);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the " + name + " HTTP client", e);
        }
        return http;
    }

    /**
     * A started client WebSocket legs are dialled with, over one of this gate's HTTP clients: its
     * upgrade connections get only judged addresses, like every other request. It follows no
     * redirects, never times a quiet socket out (a call lasts as long as it lasts), and takes binary
     * messages of up to 2 MiB (an application may send many frames of audio at once).
     */
    public WebSocketClient webSocketClient(Duration connectTimeout) {
        WebSocketClient client = new WebSocketClient(httpClient("websocket", connectTimeout, 4_096, false));
        client.setConnectTimeout(connectTimeout.toMillis());
        client.setIdleTimeout(Duration.ZERO);
        client.setMaxBinaryMessageSize(2L * 1024 * 1024);
        client.setMaxTextMessageSize(64L * 1024);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the WebSocket client", e);
        }
        return client;
    }
}
