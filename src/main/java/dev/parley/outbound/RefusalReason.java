package dev.parley.outbound;

/** Why the outbound gate refused an address; {@link #label()} is the metric's {@code reason}. */
public enum RefusalReason {
    LINK_LOCAL("link-local", "a link-local address (such as a cloud metadata service)"),
    UNSPECIFIED("unspecified", "the unspecified address, which means this host"),
    MULTICAST("multicast", "a multicast address"),
    BROADCAST("broadcast", "a broadcast or reserved address"),
    INTERNAL("internal", "a loopback or private address (--outbound-internal deny)"),
    OWN_PORT("own-port", "one of this node's own ports");

    private final String label;
    private final String description;

    RefusalReason(String label, String description) {
        this.label = label;
        this.description = description;
    }

    public String label() {
        return label;
    }

    public String description() {
        return description;
    }
}
