package dev.parley.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.domain.Application;
import dev.parley.domain.SipCredential;
import dev.parley.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SipCredentialStore contract, on the pass's database. */
class SipCredentialStoreContractTest {
    @RegisterExtension
    static final StoreUnderTest db = new StoreUnderTest();

    @Test
    void credentials_are_per_application_and_host_replaced_by_a_new_set_and_deleted() {
        Application mine = db.application();
        Application theirs = db.application();
        SipCredential first = new SipCredential(mine.id(), "pbx.test", "alice", "one", db.now());
        SipCredential second = new SipCredential(mine.id(), "pbx.test", "alice", "two", db.now());
        db.store().write((Store.Tx tx) -> {
            tx.sipCredentials().put(first);
            tx.sipCredentials().put(second);
            return null;
        });
        assertThat(db.store().read((Store.Tx tx) -> tx.sipCredentials().find(mine.id(), "PBX.test")))
                .contains(second);
        assertThat(db.store().read((Store.Tx tx) -> tx.sipCredentials().find(theirs.id(), "pbx.test")))
                .as("another application's calls never get these")
                .isEmpty();
        assertThat(db.store().read((Store.Tx tx) -> tx.sipCredentials().all())).contains(second);
        assertThat(second.toString()).doesNotContain("two");
        assertThat(db.store().write((Store.Tx tx) -> tx.sipCredentials().delete(mine.id(), "pbx.test")))
                .isTrue();
        assertThat(db.store().write((Store.Tx tx) -> tx.sipCredentials().delete(mine.id(), "pbx.test")))
                .isFalse();
    }
}
