package dev.parley.service;

import dev.parley.domain.Clock;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.SipCredential;
import dev.parley.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The digest credentials an application's outbound calls use when a SIP host challenges them (401 or
 * 407). Managed by the operator (CLI); looked up per application and host, so one application's
 * credentials are never offered for another's calls. Thread-safe.
 */
public final class SipCredentialService {
    /** A host as a sip: URI names it: a DNS name or an IP address (IPv6 in brackets or bare). */
    private static final Pattern HOST = Pattern.compile("[a-z0-9.\\-:\\[\\]]{1,253}");

    private final Store store;
    private final Clock clock;

    public SipCredentialService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public SipCredential set(String applicationId, String host, String username, String password) {
        List<DomainException.InvalidParameter> problems = new ArrayList<>();
        String normalized = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        if (!HOST.matcher(normalized).matches()) {
            problems.add(new DomainException.InvalidParameter("host", "must be a host name or IP address"));
        }
        if (username == null || username.isBlank() || username.length() > 200 || !printable(username)) {
            problems.add(new DomainException.InvalidParameter(
                    "username", "is required: up to 200 printable characters without quotes"));
        }
        if (password == null || password.isEmpty() || password.length() > 200 || !printable(password)) {
            problems.add(new DomainException.InvalidParameter(
                    "password", "is required: up to 200 printable characters without quotes"));
        }
        if (!problems.isEmpty()) {
            throw new DomainException.Invalid(problems);
        }
        SipCredential credential = new SipCredential(applicationId, normalized, username, password, clock.nowMs());
        return store.write(tx -> {
            if (tx.applications().find(applicationId).isEmpty()) {
                throw new DomainException.NotFound(
                        ErrorCode.APPLICATION_NOT_FOUND, "There is no application " + applicationId + ".");
            }
            tx.sipCredentials().put(credential);
            return credential;
        });
    }

    /** Digest values are quoted strings: no quotes, backslashes or control characters. */
    private static boolean printable(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c != 0x7F && c != '"' && c != '\\');
    }

    public List<SipCredential> list() {
        return store.read(tx -> tx.sipCredentials().all());
    }

    public void delete(String applicationId, String host) {
        boolean deleted = store.write(tx -> tx.sipCredentials().delete(applicationId, host.strip()));
        if (!deleted) {
            throw new DomainException.NotFound(
                    ErrorCode.SIP_CREDENTIAL_NOT_FOUND,
                    "Application " + applicationId + " has no SIP credentials for " + host + ".");
        }
    }

    public Optional<SipCredential> find(String applicationId, String host) {
        return store.read(tx -> tx.sipCredentials().find(applicationId, host));
    }
}
