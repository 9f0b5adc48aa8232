package dev.parley.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.domain.Application;
import dev.parley.store.Store;
import dev.parley.store.WebhookStore.Delivery;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The WebhookStore contract, on the pass's database: a lane (one URL, one conversation) hands out its
 * deliveries one head at a time in event order, leases keep claimed ones from others, and failed ones
 * wait to be redelivered.
 */
class WebhookStoreContractTest {
    @RegisterExtension
    static final StoreUnderTest db = new StoreUnderTest();

    private static String enqueue(Application app, String url, String conversation, long position) {
        String id = UUID.randomUUID().toString();
        db.store().write((Store.Tx tx) -> {
            tx.webhooks().enqueue(id, app.id(), conversation, position, position, url, "POST", 1_000);
            return null;
        });
        return id;
    }

    private static List<List<Delivery>> claim(String url, long now, long lease) {
        return db.store().write((Store.Tx tx) -> tx.webhooks().claimLanes(url, now, lease, "node-a", 10, 10));
    }

    @Test
    void the_leases_of_a_node_found_dead_are_given_back_and_no_others() {
        Application app = db.application();
        String url = "http://127.0.0.1:9/dead-" + UUID.randomUUID();
        String a1 = enqueue(app, url, "CON-a", 1);
        String b1 = enqueue(app, url, "CON-b", 2);
        List<List<Delivery>> byA =
                db.store().write((Store.Tx tx) -> tx.webhooks().claimLanes(url, 2_000, 60_000, "node-dead", 1, 10));
        List<List<Delivery>> byB =
                db.store().write((Store.Tx tx) -> tx.webhooks().claimLanes(url, 2_000, 60_000, "node-alive", 1, 10));
        assertThat(byA).hasSize(1);
        assertThat(byB).hasSize(1);
        assertThat(claim(url, 3_000, 60_000)).as("both leased").isEmpty();
        assertThat(db.store().write((Store.Tx tx) -> tx.webhooks().releaseLeasesOf("node-dead")))
                .isEqualTo(1);
        assertThat(claim(url, 3_000, 60_000))
                .as("the dead node's lane is claimable at once; the living node's is still its own")
                .extracting(lane -> lane.get(0).id())
                .containsExactly(byA.get(0).get(0).id());
        assertThat(List.of(a1, b1))
                .contains(byA.get(0).get(0).id(), byB.get(0).get(0).id());
    }

    @Test
    void a_lane_is_claimed_in_order_and_leased_until_released_or_done() {
        Application app = db.application();
        String url = "http://127.0.0.1:9/lanes-" + UUID.randomUUID();
        String a1 = enqueue(app, url, "CON-a", 1);
        String a2 = enqueue(app, url, "CON-a", 2);
        String b1 = enqueue(app, url, "CON-b", 3);
        assertThat(db.store().read((Store.Tx tx) -> tx.webhooks().dueUrls(2_000, 1000)))
                .contains(url);

        List<List<Delivery>> lanes = claim(url, 2_000, 10_000);
        assertThat(lanes)
                .extracting(lane -> lane.stream().map(Delivery::id).toList())
                .containsExactlyInAnyOrder(List.of(a1, a2), List.of(b1));
        assertThat(claim(url, 3_000, 10_000)).as("leased").isEmpty();

        db.store().write((Store.Tx tx) -> {
            tx.webhooks().delivered(a1);
            tx.webhooks().release(List.of(a2, b1));
            return null;
        });
        assertThat(claim(url, 4_000, 10_000))
                .extracting(lane -> lane.get(0).id())
                .containsExactlyInAnyOrder(a2, b1);
    }

    @Test
    void a_retry_holds_its_lane_and_a_failure_lets_it_move_on_until_redelivered() {
        Application app = db.application();
        String url = "http://127.0.0.1:9/retry-" + UUID.randomUUID();
        String first = enqueue(app, url, "CON-r", 1);
        String second = enqueue(app, url, "CON-r", 2);
        claim(url, 2_000, 3_000);
        db.store().write((Store.Tx tx) -> {
            tx.webhooks().retryLater(first, 1, 5_000, "503");
            return null;
        });
        assertThat(claim(url, 4_000, 4_500)).as("the head waits for its retry").isEmpty();
        List<List<Delivery>> retried = claim(url, 5_000, 6_000);
        assertThat(retried.get(0).get(0).id()).isEqualTo(first);
        assertThat(retried.get(0).get(0).attempts()).isEqualTo(1);
        assertThat(retried.get(0).get(0).lastError()).isEqualTo("503");

        db.store().write((Store.Tx tx) -> {
            tx.webhooks().failed(first, 2, "gave up");
            return null;
        });
        assertThat(db.store().read((Store.Tx tx) -> tx.webhooks().listFailed(app.id(), 10)))
                .extracting(Delivery::id)
                .containsExactly(first);
        List<List<Delivery>> next = claim(url, 7_000, 8_000);
        assertThat(next.get(0)).extracting(Delivery::id).containsExactly(second);

        db.store().write((Store.Tx tx) -> {
            tx.webhooks().delivered(second);
            return null;
        });
        assertThat(db.store().write((Store.Tx tx) -> tx.webhooks().redeliver(List.of(first), 9_000)))
                .isEqualTo(1);
        assertThat(db.store().read((Store.Tx tx) -> tx.webhooks().listFailed(app.id(), 10)))
                .isEmpty();
        assertThat(claim(url, 9_000, 10_000).get(0))
                .extracting(Delivery::id, Delivery::attempts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(first, 0));
    }

    @Test
    void deliveries_with_their_own_body_keep_a_lane_per_key_in_position_order() {
        Application app = db.application();
        String url = "http://127.0.0.1:9/calls-" + UUID.randomUUID();
        for (long position : new long[] {2, 1}) {
            db.store().write((Store.Tx tx) -> {
                tx.webhooks()
                        .enqueuePayload(
                                UUID.randomUUID().toString(),
                                app.id(),
                                "CON-same",
                                "leg-" + position % 2,
                                position,
                                url,
                                "POST",
                                "{\"status\":\"s" + position + "\"}",
                                1_000);
                return null;
            });
        }
        List<List<Delivery>> lanes = claim(url, 2_000, 10_000);
        assertThat(lanes).as("two keys, two lanes, though one conversation").hasSize(2);
        assertThat(lanes)
                .flatExtracting(lane -> lane)
                .extracting(Delivery::payloadJson)
                .containsExactlyInAnyOrder("{\"status\":\"s1\"}", "{\"status\":\"s2\"}");
    }
}
