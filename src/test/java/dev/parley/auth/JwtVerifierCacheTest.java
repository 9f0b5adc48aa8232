package dev.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.domain.DomainException;
import dev.parley.service.ApplicationService;
import dev.parley.store.CommitListener;
import dev.parley.store.jdbi.JdbiStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The verified-token cache never stretches a token's life (a real SQLite store, a test clock). */
class JwtVerifierCacheTest {
    @Test
    void a_cached_token_is_refused_once_it_expires() throws Exception {
        Path dir = Files.createTempDirectory("parley-jwt");
        AtomicLong now = new AtomicLong(System.currentTimeMillis());
        try (JdbiStore store = JdbiStore.open("jdbc:sqlite:" + dir.resolve("t.db"), 2, CommitListener.NONE)) {
            ApplicationService applications = new ApplicationService(store, now::get);
            ApplicationService.Created app = applications.create("t", null, null);
            JwtVerifier verifier = new JwtVerifier(
                    new ApplicationKeys(id -> applications.find(id).map(a -> a.publicKeyPem())), now::get);
            String token = TokenIssuer.sign(
                    app.application().id(), Pem.parsePrivateKey(app.privateKeyPem()), "alice", 120, null, now.get());

            Principal first = verifier.verify(token);
            assertThat(verifier.verify(token)).isEqualTo(first); // from the cache
            now.addAndGet(119_000);
            assertThat(verifier.verify(token)).isEqualTo(first);
            // Past exp and the 30 s leeway: refused although it was cached.
            now.addAndGet(32_000);
            assertThatThrownBy(() -> verifier.verify(token))
                    .isInstanceOf(DomainException.class)
                    .hasMessageContaining("expired");
        }
    }
}
