package dev.parley.store;

import dev.parley.domain.SipDomain;
import java.util.List;
import java.util.Optional;

/** SIP domains and the applications they route to. */
public interface SipDomainStore {
    /** @throws UniqueViolation when the name is taken */
    void insert(SipDomain domain);

    Optional<SipDomain> find(String name);

    /** Every domain, by name. */
    List<SipDomain> all();

    /** Removes the domain; false when there was none. */
    boolean delete(String name);
}
