package dev.parley.store;

import dev.parley.domain.SipCredential;
import java.util.List;
import java.util.Optional;

/** Outbound SIP digest credentials, per application and host. */
public interface SipCredentialStore {
    /** Adds the credentials, or replaces the application's for that host. */
    void put(SipCredential credential);

    Optional<SipCredential> find(String applicationId, String host);

    /** Every credential, by application then host. */
    List<SipCredential> all();

    /** Removes the application's credentials for the host; false when there were none. */
    boolean delete(String applicationId, String host);
}
