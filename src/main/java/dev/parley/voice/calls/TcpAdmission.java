package dev.parley.voice.calls;

import dev.parley.domain.Cidr;
import dev.parley.service.SipDomainService;
import dev.parley.service.TrunkService;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Who may open a SIP/TCP connection to this node: an address that some SIP domain's or trunk's ACL
 * admits, since nobody else could place a call through it. The ranges are read from the store at most
 * every {@link #REFRESH_NANOS} (a domain or trunk made with the CLI counts within seconds), so a flood
 * of connections costs no more than one read in that time. Thread-safe.
 */
public final class TcpAdmission implements Predicate<InetAddress> {
    static final long REFRESH_NANOS = 5_000_000_000L;

    private final SipDomainService domains;
    private final TrunkService trunks;
    private volatile Snapshot snapshot;

    private record Snapshot(List<Cidr> ranges, long readNanos) {}

    public TcpAdmission(SipDomainService domains, TrunkService trunks) {
        this.domains = domains;
        this.trunks = trunks;
    }

    @Override
    public boolean test(InetAddress source) {
        return ranges().stream().anyMatch(range -> range.contains(source));
    }

    private List<Cidr> ranges() {
        Snapshot current = snapshot;
        long now = System.nanoTime();
        if (current == null || now - current.readNanos() > REFRESH_NANOS) {
            current = new Snapshot(
                    Stream.concat(
                                    domains.list().stream().flatMap(d -> d.acl().stream()),
                                    trunks.list().stream().flatMap(t -> t.acl().stream()))
                            .distinct()
                            .toList(),
                    now);
            snapshot = current;
        }
        return current.ranges();
    }
}
