package dev.parley.outbound;

import java.io.IOException;
import java.util.Optional;

/**
 * A request the gate would not send: its target resolved only to addresses {@code reason} forbids.
 * An {@link IOException} so the clients' own failure paths carry it, but it is never a reason to retry.
 */
public final class OutboundRefused extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient RefusalReason reason;
    private final String target;

    public OutboundRefused(String target, String address, RefusalReason reason) {
        super("refused to connect to " + target + (address.equals(target) ? "" : " (" + address + ")") + ": "
                + reason.description());
        this.reason = reason;
        this.target = target;
    }

    public RefusalReason reason() {
        return reason;
    }

    public String target() {
        return target;
    }

    /** The refusal somewhere in {@code error}'s causes, if the gate refused it. */
    public static Optional<OutboundRefused> in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof OutboundRefused refused) {
                return Optional.of(refused);
            }
        }
        return Optional.empty();
    }
}
