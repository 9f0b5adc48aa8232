package dev.parley.service;

import dev.parley.auth.Pem;
import dev.parley.domain.Application;
import dev.parley.domain.Clock;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.VoiceWebhooks;
import dev.parley.store.Store;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Application management for the CLI and the first start: create, register, list. */
public final class ApplicationService {
    private final Store store;
    private final Clock clock;

    public ApplicationService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * A new application, the private key of its key pair (returned once, never stored) and its
     * webhook signature secret (shown once; rotate to get a new one).
     */
    public record Created(Application application, String privateKeyPem, String signatureSecret) {}

    public Created create(String name, String eventUrl, String eventMethod) {
        KeyPair pair = newKeyPair();
        Application app = new Application(
                UUID.randomUUID().toString(),
                name,
                Pem.publicKey(pair.getPublic()),
                eventUrl,
                eventMethod,
                clock.nowMs());
        String secret = newSignatureSecret();
        store.write(tx -> {
            tx.applications().insert(app);
            tx.applications().setSignatureSecret(app.id(), secret);
            return null;
        });
        return new Created(app, Pem.privateKey(pair.getPrivate()), secret);
    }

    /**
     * Registers an existing application (id and public key from the hosted service), so its private
     * key and tokens keep working.
     */
    public Created register(String id, String name, String publicKeyPem, String eventUrl, String eventMethod) {
        UUID uuid = UUID.fromString(id);
        Pem.parsePublicKey(publicKeyPem);
        Application app = new Application(uuid.toString(), name, publicKeyPem, eventUrl, eventMethod, clock.nowMs());
        String secret = newSignatureSecret();
        store.write(tx -> {
            if (tx.applications().find(app.id()).isPresent()) {
                throw new IllegalArgumentException("application " + app.id() + " already exists");
            }
            tx.applications().insert(app);
            tx.applications().setSignatureSecret(app.id(), secret);
            return null;
        });
        return new Created(app, null, secret);
    }

    /** Sets (or, with a null URL, removes) the application's RTC event webhook. */
    public Application updateEventUrl(String id, String eventUrl, String eventMethod) {
        return store.write(tx -> {
            Application app =
                    tx.applications().find(id).orElseThrow(() -> new IllegalArgumentException("no application " + id));
            tx.applications().updateEventUrl(id, eventUrl, eventUrl == null ? null : eventMethod);
            return tx.applications().find(app.id()).orElseThrow();
        });
    }

    /** A new webhook signature secret for the application, returned once; the old one stops working. */
    public String rotateSignatureSecret(String id) {
        String secret = newSignatureSecret();
        store.write(tx -> {
            if (tx.applications().find(id).isEmpty()) {
                throw new IllegalArgumentException("no application " + id);
            }
            tx.applications().setSignatureSecret(id, secret);
            return null;
        });
        return secret;
    }

    /**
     * Gives every application without a signature secret (created before webhooks were signed) one,
     * so its webhooks are signed; its owner sees it by rotating.
     */
    public void ensureSignatureSecrets() {
        store.write(tx -> {
            for (Application app : tx.applications().all()) {
                if (tx.applications().signatureSecret(app.id()).isEmpty()) {
                    tx.applications().setSignatureSecret(app.id(), newSignatureSecret());
                }
            }
            return null;
        });
    }

    /** 32 random bytes as hex: 256 bits, as HS256 wants. */
    private static String newSignatureSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    public VoiceWebhooks voiceWebhooks(String id) {
        return store.read(tx -> tx.applications().voiceWebhooks(id));
    }

    /** Replaces the application's Voice API webhooks. */
    public VoiceWebhooks updateVoiceWebhooks(String id, VoiceWebhooks webhooks) {
        return store.write(tx -> {
            if (tx.applications().find(id).isEmpty()) {
                throw new DomainException.NotFound(
                        ErrorCode.APPLICATION_NOT_FOUND, "There is no application " + id + ".");
            }
            tx.applications().setVoiceWebhooks(id, webhooks);
            return webhooks;
        });
    }

    public Optional<Application> find(String id) {
        return store.read(tx -> tx.applications().find(id));
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
