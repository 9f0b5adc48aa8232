package dev.parley.realtime.webhook;

import dev.parley.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records delivery outcomes in the outbox, in the order they happened, batching whatever has
 * accumulated into one write. Lanes do not wait for it: a delivery whose outcome is lost to a crash is
 * simply sent again (at least once). Thread-safe.
 */
final class OutboxRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRecorder.class);
    private static final int MAX_BATCH = 512;

    private final Store store;
    private final Runnable afterWrite;
    private final LinkedBlockingQueue<Consumer<Store.Tx>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    OutboxRecorder(Store store, Runnable afterWrite) {
        this.store = store;
        this.afterWrite = afterWrite;
        this.thread = Thread.ofVirtual().name("parley-webhook-outcomes").start(this::loop);
    }

    void delivered(String id) {
        queue.add(tx -> tx.webhooks().delivered(id));
    }

    void retryLater(String id, int attempts, long nextAttemptMs, String error) {
        queue.add(tx -> tx.webhooks().retryLater(id, attempts, nextAttemptMs, error));
    }

    void failed(String id, int attempts, String error) {
        queue.add(tx -> tx.webhooks().failed(id, attempts, error));
    }

    void release(List<String> ids) {
        if (!ids.isEmpty()) {
            List<String> copy = List.copyOf(ids);
            queue.add(tx -> tx.webhooks().release(copy));
        }
    }

    private void loop() {
        while (running || !queue.isEmpty()) {
            List<Consumer<Store.Tx>> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                queue.drainTo(batch);
                if (batch.isEmpty()) {
                    return;
                }
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            try {
                store.write(tx -> {
                    batch.forEach(outcome -> outcome.accept(tx));
                    return null;
                });
            } catch (RuntimeException e) {
                // Not recorded: those deliveries are sent again once their lease runs out.
                LOG.warn("could not record {} webhook outcomes", batch.size(), e);
            }
            afterWrite.run();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
