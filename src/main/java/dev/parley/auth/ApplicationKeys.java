package dev.parley.auth;

import dev.parley.store.Store;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Each application's public key, parsed once and cached. An id not yet cached is looked up in the
 * store, so an application created while the server runs is usable at once. Thread-safe.
 */
public final class ApplicationKeys {
    private final Store store;
    private final ConcurrentMap<String, RSAPublicKey> keys = new ConcurrentHashMap<>();

    public ApplicationKeys(Store store) {
        this.store = store;
    }

    public Optional<RSAPublicKey> find(String applicationId) {
        RSAPublicKey cached = keys.get(applicationId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<RSAPublicKey> loaded = store.read(tx -> tx.applications().find(applicationId))
                .map(app -> Pem.parsePublicKey(app.publicKeyPem()));
        loaded.ifPresent(key -> keys.put(applicationId, key));
        return loaded;
    }
}
