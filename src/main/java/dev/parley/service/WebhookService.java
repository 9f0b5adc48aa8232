package dev.parley.service;

import dev.parley.domain.Clock;
import dev.parley.store.Store;
import dev.parley.store.WebhookStore.Delivery;
import java.util.List;

/** The operator's view of the webhook outbox: deliveries that failed for good, and redelivery. */
public final class WebhookService {
    private final Store store;
    private final Clock clock;

    public WebhookService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public List<Delivery> failed(String applicationId, int limit) {
        return store.read(tx -> tx.webhooks().listFailed(applicationId, limit));
    }

    /** Puts the named failed deliveries (all when none are named) back for a fresh retry period. */
    public int redeliver(List<String> ids) {
        return store.write(tx -> tx.webhooks().redeliver(ids, clock.nowMs()));
    }
}
