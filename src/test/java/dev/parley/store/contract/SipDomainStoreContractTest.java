package dev.parley.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.domain.Application;
import dev.parley.domain.Cidr;
import dev.parley.domain.SipDomain;
import dev.parley.store.Store;
import dev.parley.store.UniqueViolation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SipDomainStore contract, on the pass's database. */
class SipDomainStoreContractTest {
    @RegisterExtension
    static final StoreUnderTest db = new StoreUnderTest();

    @Test
    void a_domain_round_trips_is_unique_by_name_and_can_be_deleted() {
        Application app = db.application();
        SipDomain domain = new SipDomain(
                "Acme.SIP.test",
                app.id(),
                List.of(
                        Cidr.parse("10.0.0.0/8").orElseThrow(),
                        Cidr.parse("2001:db8::/32").orElseThrow()),
                db.now());
        db.store().write((Store.Tx tx) -> {
            tx.sipDomains().insert(domain);
            return null;
        });
        assertThat(domain.name()).isEqualTo("acme.sip.test");
        assertThat(db.store().read((Store.Tx tx) -> tx.sipDomains().find("ACME.sip.test")))
                .contains(domain);
        assertThat(db.store().read((Store.Tx tx) -> tx.sipDomains().all())).contains(domain);
        assertThatThrownBy(() -> db.store().write((Store.Tx tx) -> {
                    tx.sipDomains().insert(new SipDomain("acme.sip.test", app.id(), domain.acl(), db.now()));
                    return null;
                }))
                .isInstanceOf(UniqueViolation.class);
        assertThat(db.store().write((Store.Tx tx) -> tx.sipDomains().delete("acme.sip.test")))
                .isTrue();
        assertThat(db.store().write((Store.Tx tx) -> tx.sipDomains().delete("acme.sip.test")))
                .isFalse();
        assertThat(db.store().read((Store.Tx tx) -> tx.sipDomains().find("acme.sip.test")))
                .isEmpty();
    }
}
