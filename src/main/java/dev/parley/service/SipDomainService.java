package dev.parley.service;

import dev.parley.domain.Cidr;
import dev.parley.domain.Clock;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.SipDomain;
import dev.parley.store.Store;
import dev.parley.store.UniqueViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SIP domains: which application an inbound INVITE for {@code sip:...@name} reaches, and from which
 * addresses ({@link SipDomain#admits}; a domain with no ACL would let anybody on the network place calls on the
 * application's account, so at least one range is required). Thread-safe.
 */
public final class SipDomainService {
    /** Host names as DNS writes them: labels of letters, digits and hyphens, dot-separated. */
    private static final Pattern NAME = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private final Store store;
    private final Clock clock;

    public SipDomainService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public SipDomain create(String name, String applicationId, List<String> acl) {
        List<DomainException.InvalidParameter> problems = new ArrayList<>();
        String normalized = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (!NAME.matcher(normalized).matches()) {
            problems.add(new DomainException.InvalidParameter("name", "must be a host name such as sip.example.com"));
        }
        List<Cidr> ranges = new ArrayList<>();
        if (acl == null || acl.isEmpty()) {
            problems.add(new DomainException.InvalidParameter(
                    "acl", "at least one address range (CIDR) is required: who may call through this domain"));
        } else {
            for (int i = 0; i < acl.size(); i++) {
                Optional<Cidr> cidr = Cidr.parse(acl.get(i));
                if (cidr.isPresent()) {
                    ranges.add(cidr.get());
                } else {
                    problems.add(new DomainException.InvalidParameter(
                            "acl[" + i + "]",
                            "must be an IP address or range such as 10.0.0.0/8 (got " + acl.get(i) + ")"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new DomainException.Invalid(problems);
        }
        SipDomain domain = new SipDomain(normalized, applicationId, ranges, clock.nowMs());
        return store.write(tx -> {
            if (tx.applications().find(applicationId).isEmpty()) {
                throw new DomainException.NotFound(
                        ErrorCode.APPLICATION_NOT_FOUND, "There is no application " + applicationId + ".");
            }
            try {
                tx.sipDomains().insert(domain);
            } catch (UniqueViolation e) {
                throw new DomainException.Conflict(
                        ErrorCode.SIP_DOMAIN_DUPLICATE_NAME, "The SIP domain " + normalized + " already exists.");
            }
            return domain;
        });
    }

    public List<SipDomain> list() {
        return store.read(tx -> tx.sipDomains().all());
    }

    public void delete(String name) {
        boolean deleted = store.write(tx -> tx.sipDomains().delete(name.strip()));
        if (!deleted) {
            throw new DomainException.NotFound(ErrorCode.SIP_DOMAIN_NOT_FOUND, "There is no SIP domain " + name + ".");
        }
    }

    /** The domain an INVITE for {@code host} is routed by, if there is one (its ACL says who may use it). */
    public Optional<SipDomain> find(String host) {
        return store.read(tx -> tx.sipDomains().find(host));
    }
}
