package dev.parley.config;

import dev.parley.domain.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where requests Parley makes for applications (webhooks, answer URLs, media fetches, WebSocket dials)
 * may go: {@code internal} is {@code allow} (loopback and private ranges reachable: one trusted
 * application beside its server) or {@code deny} (several tenants, or a cloud); {@code allow} lists
 * ranges exempt from every address rule (never from this node's own ports). Link-local, unspecified,
 * multicast and broadcast addresses are refused either way unless listed.
 */
public record OutboundSettings(String internal, String allow) {
    public static final OutboundSettings DEFAULT = new OutboundSettings("allow", "");

    /** Whether loopback and private ranges are refused too. */
    public boolean denyInternal() {
        return "deny".equals(normalised(internal));
    }

    /** The exempt ranges (those that parse; {@link #problems()} names the rest). */
    public List<Cidr> allowed() {
        List<Cidr> ranges = new ArrayList<>();
        for (String part : parts()) {
            Cidr.parse(part).ifPresent(ranges::add);
        }
        return List.copyOf(ranges);
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        String mode = normalised(internal);
        if (!mode.equals("allow") && !mode.equals("deny")) {
            problems.add("outbound-internal must be allow or deny (got " + internal + ")");
        }
        for (String part : parts()) {
            Optional<Cidr> range = Cidr.parse(part);
            if (range.isEmpty()) {
                problems.add("outbound-allow takes numeric ranges such as 10.1.0.0/16 or fd00::/8 (got " + part + ")");
            }
        }
        return problems;
    }

    private List<String> parts() {
        List<String> parts = new ArrayList<>();
        if (allow == null) {
            return parts;
        }
        for (String part : allow.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.strip());
            }
        }
        return parts;
    }

    private static String normalised(String mode) {
        return mode == null || mode.isBlank() ? "allow" : mode.strip().toLowerCase(Locale.ROOT);
    }
}
