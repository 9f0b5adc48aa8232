package dev.parley.auth;

import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Each application's public key, parsed once and cached. An id not yet cached is looked up (in the
 * store, by the application service), so an application created while the server runs is usable at
 * once. Thread-safe.
 */
public final class ApplicationKeys {
    private final Function<String, Optional<String>> publicKeyPem;
    private final ConcurrentMap<String, RSAPublicKey> keys = new ConcurrentHashMap<>();

    /** {@code publicKeyPem}: an application's public key (PEM) by its id, empty when there is none. */
    public ApplicationKeys(Function<String, Optional<String>> publicKeyPem) {
        this.publicKeyPem = publicKeyPem;
    }

    public Optional<RSAPublicKey> find(String applicationId) {
        RSAPublicKey cached = keys.get(applicationId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<RSAPublicKey> loaded = publicKeyPem.apply(applicationId).map(Pem::parsePublicKey);
        loaded.ifPresent(key -> keys.put(applicationId, key));
        return loaded;
    }
}
