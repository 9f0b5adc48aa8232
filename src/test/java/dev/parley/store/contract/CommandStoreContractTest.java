package dev.parley.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.CommandStore;
import dev.parley.store.Store;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CommandStore contract, on the pass's database: queued per node in order, answered, forgotten. */
class CommandStoreContractTest {
    @RegisterExtension
    static final StoreUnderTest db = new StoreUnderTest();

    @Test
    void commands_wait_for_their_node_in_order_until_answered_and_are_forgotten() {
        String node = "node-" + UUID.randomUUID();
        String other = "node-" + UUID.randomUUID();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String elsewhere = UUID.randomUUID().toString();
        db.store().write((Store.Tx tx) -> {
            tx.commands().insert(first, node, "{\"op\":\"talk\"}", 1_000);
            tx.commands().insert(second, node, "{\"op\":\"hangup\"}", 2_000);
            tx.commands().insert(elsewhere, other, "{\"op\":\"mute\"}", 1_500);
            return null;
        });
        assertThat(db.store().read((Store.Tx tx) -> tx.commands().pendingFor(node)))
                .containsExactly(
                        new CommandStore.Pending(first, "{\"op\":\"talk\"}"),
                        new CommandStore.Pending(second, "{\"op\":\"hangup\"}"));
        assertThat(db.store().read((Store.Tx tx) -> tx.commands().outcome(first)))
                .isEmpty();

        db.store().write((Store.Tx tx) -> {
            tx.commands().finish(first, "{\"done\":true}");
            return null;
        });
        assertThat(db.store().read((Store.Tx tx) -> tx.commands().outcome(first)))
                .contains("{\"done\":true}");
        assertThat(db.store().read((Store.Tx tx) -> tx.commands().pendingFor(node)))
                .extracting(CommandStore.Pending::id)
                .containsExactly(second);

        db.store().write((Store.Tx tx) -> {
            tx.commands().delete(first);
            return null;
        });
        assertThat(db.store().read((Store.Tx tx) -> tx.commands().outcome(first)))
                .isEmpty();
        assertThat(db.store().write((Store.Tx tx) -> tx.commands().deleteOlderThan(1_600)))
                .as("only the one written before")
                .isGreaterThanOrEqualTo(1);
        assertThat(db.store().read((Store.Tx tx) -> tx.commands().pendingFor(other)))
                .isEmpty();
        assertThat(db.store().read((Store.Tx tx) -> tx.commands().pendingFor(node)))
                .extracting(CommandStore.Pending::id)
                .containsExactly(second);
    }
}
