package dev.parley.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.domain.Application;
import dev.parley.domain.Key;
import dev.parley.domain.User;
import dev.parley.domain.UserId;
import dev.parley.store.Slice;
import dev.parley.store.Store;
import dev.parley.store.UniqueViolation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The UserStore contract, on the pass's database. */
class UserStoreContractTest {
    @RegisterExtension
    static final StoreUnderTest db = new StoreUnderTest();

    @Test
    void a_user_is_found_by_id_and_name_within_its_application_only() {
        Application app = db.application();
        Application other = db.application();
        User alice = db.user(app, "alice");
        assertThat(db.store().read((Store.Tx tx) -> tx.users().find(app.id(), alice.id())))
                .contains(alice);
        assertThat(db.store().read((Store.Tx tx) -> tx.users().findByName(app.id(), "alice")))
                .contains(alice);
        assertThat(db.store().read((Store.Tx tx) -> tx.users().find(other.id(), alice.id())))
                .isEmpty();
        assertThat(db.store().read((Store.Tx tx) -> tx.users().findByName(other.id(), "alice")))
                .isEmpty();
        assertThat(db.store().read((Store.Tx tx) -> tx.users().find(app.id(), UserId.next())))
                .isEmpty();
    }

    @Test
    void a_name_is_unique_among_live_users_of_an_application() {
        Application app = db.application();
        db.user(app, "bob");
        assertThatThrownBy(() -> db.user(app, "bob")).isInstanceOf(UniqueViolation.class);
        db.user(db.application(), "bob"); // another application may use it

        User carol = db.user(app, "carol");
        User renamed = new User(carol.id(), app.id(), "bob", null, null, null, null, carol.createdMs(), db.now());
        assertThatThrownBy(() -> db.store().write((Store.Tx tx) -> {
                    tx.users().update(renamed);
                    return null;
                }))
                .isInstanceOf(UniqueViolation.class);
        assertThat(db.store().read((Store.Tx tx) -> tx.users().find(app.id(), carol.id())))
                .contains(carol);
    }

    @Test
    void a_deleted_user_is_gone_and_frees_its_name() {
        Application app = db.application();
        User dave = db.user(app, "dave");
        db.store().write((Store.Tx tx) -> {
            tx.users().markDeleted(dave.id(), db.now());
            return null;
        });
        assertThat(db.store().read((Store.Tx tx) -> tx.users().find(app.id(), dave.id())))
                .isEmpty();
        assertThat(db.store().read((Store.Tx tx) -> tx.users().list(app.id(), null, new Slice(true, null, 10))))
                .isEmpty();
        User again = db.user(app, "dave");
        assertThat(db.store().read((Store.Tx tx) -> tx.users().findByName(app.id(), "dave")))
                .contains(again);
    }

    @Test
    void users_list_by_creation_in_keyset_pages_and_by_name() {
        Application app = db.application();
        List<User> made = List.of(db.user(app, "u1"), db.user(app, "u2"), db.user(app, "u3"));
        List<User> first = db.store().read((Store.Tx tx) -> tx.users().list(app.id(), null, new Slice(true, null, 2)));
        assertThat(first).containsExactly(made.get(0), made.get(1));
        User last = first.get(1);
        Key after = new Key(last.createdMs(), last.id().value());
        assertThat(db.store().read((Store.Tx tx) -> tx.users().list(app.id(), null, new Slice(true, after, 2))))
                .containsExactly(made.get(2));
        assertThat(db.store().read((Store.Tx tx) -> tx.users().list(app.id(), null, new Slice(false, null, 10))))
                .containsExactly(made.get(2), made.get(1), made.get(0));
        assertThat(db.store().read((Store.Tx tx) -> tx.users().list(app.id(), "u2", new Slice(true, null, 10))))
                .containsExactly(made.get(1));
    }
}
