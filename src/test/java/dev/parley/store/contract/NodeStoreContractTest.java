package dev.parley.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.store.Store;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The NodeStore contract, on the pass's database: heartbeats, staleness, and claims only one wins. */
class NodeStoreContractTest {
    @RegisterExtension
    static final StoreUnderTest db = new StoreUnderTest();

    @Test
    void a_node_beats_goes_stale_and_is_claimed_once() throws Exception {
        String node = "node-" + UUID.randomUUID();
        long t = 1_000_000L;
        assertThat(db.store().write((Store.Tx tx) -> tx.nodes().beat(node, t)))
                .as("the first beat finds no row")
                .isFalse();
        assertThat(db.store().write((Store.Tx tx) -> tx.nodes().beat(node, t + 500)))
                .isTrue();
        assertThat(db.store().read((Store.Tx tx) -> tx.nodes().stale(t + 500))).doesNotContain(node);
        assertThat(db.store().read((Store.Tx tx) -> tx.nodes().stale(t + 501))).contains(node);
        assertThat(db.store().write((Store.Tx tx) -> tx.nodes().claim(node, t + 500)))
                .as("not stale yet: not claimed")
                .isFalse();

        // eight claimants at once: exactly one removes it
        try (ExecutorService claimants = Executors.newFixedThreadPool(8)) {
            Callable<Boolean> claim =
                    () -> db.store().write((Store.Tx tx) -> tx.nodes().claim(node, t + 10_000));
            var outcomes =
                    IntStream.range(0, 8).mapToObj(i -> claimants.submit(claim)).toList();
            long won = 0;
            for (Future<Boolean> outcome : outcomes) {
                won += outcome.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        }
        assertThat(db.store().read((Store.Tx tx) -> tx.nodes().stale(Long.MAX_VALUE)))
                .doesNotContain(node);
        assertThat(db.store().write((Store.Tx tx) -> tx.nodes().beat(node, t + 20_000)))
                .as("a node whose row was claimed finds none at its next beat")
                .isFalse();
    }
}
