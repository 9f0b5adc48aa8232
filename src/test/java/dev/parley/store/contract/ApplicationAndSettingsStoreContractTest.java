package dev.parley.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.domain.Application;
import dev.parley.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ApplicationStore and SettingsStore contracts, on the pass's database. */
class ApplicationAndSettingsStoreContractTest {
    @RegisterExtension
    static final StoreUnderTest db = new StoreUnderTest();

    private static <T> T read(Store.Work<T> work) {
        return db.store().read(work);
    }

    @Test
    void an_application_is_found_listed_and_updated() {
        Application app = db.application();
        assertThat(read((Store.Tx tx) -> tx.applications().find(app.id()))).contains(app);
        assertThat(read((Store.Tx tx) -> tx.applications().all())).contains(app);
        assertThat(read((Store.Tx tx) -> tx.applications().find("no-such-app"))).isEmpty();

        db.store().write((Store.Tx tx) -> {
            tx.applications().updateEventUrl(app.id(), "https://example.test/rtc", "GET");
            return null;
        });
        Application updated =
                read((Store.Tx tx) -> tx.applications().find(app.id())).orElseThrow();
        assertThat(updated.eventUrl()).isEqualTo("https://example.test/rtc");
        assertThat(updated.eventMethod()).isEqualTo("GET");

        db.store().write((Store.Tx tx) -> {
            tx.applications().updateEventUrl(app.id(), null, null);
            return null;
        });
        assertThat(read((Store.Tx tx) -> tx.applications().find(app.id()))
                        .orElseThrow()
                        .eventUrl())
                .isNull();
    }

    @Test
    void a_signature_secret_is_empty_until_set_and_then_replaced() {
        Application app = db.application();
        assertThat(read((Store.Tx tx) -> tx.applications().signatureSecret(app.id())))
                .isEmpty();
        for (String secret : new String[] {"first", "second"}) {
            db.store().write((Store.Tx tx) -> {
                tx.applications().setSignatureSecret(app.id(), secret);
                return null;
            });
            assertThat(read((Store.Tx tx) -> tx.applications().signatureSecret(app.id())))
                    .contains(secret);
        }
    }

    @Test
    void a_setting_keeps_its_first_value() {
        String name = "contract-" + System.nanoTime();
        assertThat(read((Store.Tx tx) -> tx.settings().get(name))).isEmpty();
        assertThat(db.store().write((Store.Tx tx) -> tx.settings().putIfAbsent(name, "one")))
                .isEqualTo("one");
        assertThat(db.store().write((Store.Tx tx) -> tx.settings().putIfAbsent(name, "two")))
                .isEqualTo("one");
        assertThat(read((Store.Tx tx) -> tx.settings().get(name))).contains("one");
    }
}
