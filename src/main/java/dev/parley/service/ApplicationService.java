package dev.parley.service;

import dev.parley.auth.Pem;
import dev.parley.domain.Application;
import dev.parley.domain.Clock;
import dev.parley.store.Store;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;

/** Application management for the CLI and the first start: create, register, list. */
public final class ApplicationService {
    private final Store store;
    private final Clock clock;

    public ApplicationService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A new application and the private key of its key pair (returned once, never stored). */
    public record Created(Application application, String privateKeyPem) {}

    public Created create(String name, String eventUrl, String eventMethod) {
        KeyPair pair = newKeyPair();
        Application app = new Application(
                UUID.randomUUID().toString(),
                name,
                Pem.publicKey(pair.getPublic()),
                eventUrl,
                eventMethod,
                clock.nowMs());
        store.write(tx -> {
            tx.applications().insert(app);
            return null;
        });
        return new Created(app, Pem.privateKey(pair.getPrivate()));
    }

    /**
     * Registers an existing application (id and public key from the hosted service), so its private
     * key and tokens keep working.
     */
    public Application register(String id, String name, String publicKeyPem, String eventUrl, String eventMethod) {
        UUID uuid = UUID.fromString(id);
        Pem.parsePublicKey(publicKeyPem);
        Application app = new Application(uuid.toString(), name, publicKeyPem, eventUrl, eventMethod, clock.nowMs());
        store.write(tx -> {
            if (tx.applications().find(app.id()).isPresent()) {
                throw new IllegalArgumentException("application " + app.id() + " already exists");
            }
            tx.applications().insert(app);
            return null;
        });
        return app;
    }

    public List<Application> list() {
        return store.read(tx -> tx.applications().all());
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }
}
