package dev.parley.store.jdbi;

import dev.parley.store.CommitListener;
import dev.parley.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's single writer with group commit: write transactions that arrive together run one after
 * another in one database transaction and share one commit, so one fsync serves many requests (on
 * SQLite, which has one writer anyway, and on PostgreSQL, where every append needs the stream row in
 * turn). If one fails, the batch runs again with a savepoint around each, so the failing one is rolled
 * back alone. On SQLite the writer keeps an {@link AppendCache}. Every caller returns only after the
 * commit: a 2xx still means durable. Thread-safe.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_BATCH = 256;
    private static final String SAVEPOINT = "parley_work";

    private final Jdbi writer;
    private final Dialect dialect;
    private final CommitListener listener;
    private final AppendMode appendMode;
    /** SQLite only (one writer for the whole database): see {@link AppendCache}. */
    private final AppendCache cache;

    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    private record Pending<T>(Store.Work<T> work, CompletableFuture<T> result) {}

    GroupCommitWriter(Jdbi writer, Dialect dialect, CommitListener listener, AppendMode appendMode) {
        this.writer = writer;
        this.dialect = dialect;
        this.listener = listener;
        this.appendMode = appendMode;
        this.cache = dialect == Dialect.SQLITE && appendMode == AppendMode.FASTEST ? new AppendCache() : null;
        this.thread = Thread.ofPlatform().name("parley-writer").daemon().start(this::loop);
    }

    <T> T write(Store.Work<T> work) {
        if (Thread.currentThread() == thread) {
            // It would wait for its own batch to commit: forever.
            throw new IllegalStateException("a write started inside another write's work");
        }
        Pending<T> pending = new Pending<>(work, new CompletableFuture<>());
        queue.add(pending);
        try {
            return pending.result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the commit", e);
        }
    }

    private void loop() {
        while (running) {
            List<Pending<?>> batch = new ArrayList<>();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            commit(batch);
        }
    }

    /**
     * Runs the batch in one transaction and completes every caller after the commit. Optimistic
     * first: no savepoints (each costs two round trips on PostgreSQL), since almost every write
     * succeeds. If any work fails, the whole transaction is rolled back and the batch runs again with
     * a savepoint around each work, so the failing one is undone alone; works touch nothing but the
     * transaction, so running them again is safe.
     */
    private void commit(List<Pending<?>> batch) {
        if (!run(batch, false)) {
            run(batch, true);
        }
    }

    /**
     * One attempt; false (all undone, nobody completed) when a work failed without savepoints. The
     * optimistic attempt uses the SQLite cache; the one with savepoints does not (a work undone by its
     * savepoint would leave the cache ahead of the database), and any rollback forgets the cache.
     */
    private boolean run(List<Pending<?>> batch, boolean savepoints) {
        List<Object> values = new ArrayList<>(batch.size());
        List<RuntimeException> failures = new ArrayList<>(batch.size());
        long highest = 0;
        boolean deliveriesQueued = false;
        AppendCache batchCache = savepoints ? null : cache;
        try (Handle handle = writer.open()) {
            handle.begin();
            if (batchCache != null) {
                batchCache.beginBatch(handle); // a rerun with savepoints follows a rollback, which forgot it
            }
            StreamPositions positions = new StreamPositions(dialect.lockStream(handle));
            for (Pending<?> pending : batch) {
                if (savepoints) {
                    handle.savepoint(SAVEPOINT);
                }
                JdbiTx tx = new JdbiTx(handle, dialect, positions, batchCache, appendMode);
                try {
                    values.add(pending.work().run(tx));
                    failures.add(null);
                    if (savepoints) {
                        handle.release(SAVEPOINT);
                    }
                    highest = Math.max(highest, tx.highestPosition());
                    deliveriesQueued |= tx.deliveriesQueued();
                } catch (RuntimeException e) {
                    if (!savepoints) {
                        handle.rollback();
                        forgetCache();
                        if (batch.size() == 1) {
                            // Alone in its transaction: the rollback undid exactly this work.
                            pending.result().completeExceptionally(e);
                            return true;
                        }
                        return false;
                    }
                    // Undoes this work only (Jdbi forgets the savepoint with it).
                    handle.rollbackToSavepoint(SAVEPOINT);
                    values.add(null);
                    failures.add(e);
                }
            }
            if (batchCache != null) {
                try {
                    batchCache.flush(handle);
                } catch (RuntimeException e) {
                    // Should not happen (the cache mirrors the database); run the batch again without it.
                    LOG.warn("writing the batch's cached appends failed; running it again without the cache", e);
                    handle.rollback();
                    forgetCache();
                    return false;
                }
            }
            if (positions.advanced()) {
                dialect.advanceStream(handle, positions.last());
            }
            handle.commit();
        } catch (RuntimeException e) {
            forgetCache();
            LOG.warn("group commit of {} writes failed", batch.size(), e);
            batch.forEach(p -> p.result().completeExceptionally(e));
            return true;
        }
        if (highest > 0 || deliveriesQueued) {
            listener.committed(highest, deliveriesQueued);
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), values.get(i), failures.get(i));
        }
        return true;
    }

    private void forgetCache() {
        if (cache != null) {
            cache.forget();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object value, RuntimeException failure) {
        if (failure != null) {
            pending.result().completeExceptionally(failure);
        } else {
            pending.result().complete((T) value);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
