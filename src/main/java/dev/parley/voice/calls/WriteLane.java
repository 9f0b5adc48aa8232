package dev.parley.voice.calls;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One leg's store writes, run one at a time in the order they were asked for. Media threads (RTP
 * receive, the mixer's tick) only {@link #submit} and never wait; signalling and NCCO threads
 * {@link #call} and wait for their write, which runs after every write asked for before it. The
 * writes run on a virtual thread that lives while the lane has work. Thread-safe.
 */
final class WriteLane {
    private static final Logger LOG = LoggerFactory.getLogger(WriteLane.class);

    private final String name;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** The thread running the lane's writes now: a write that asks for another runs it in place. */
    private volatile Thread writer;

    WriteLane(String name) {
        this.name = name;
    }

    /** Queues {@code write} after the ones already asked for; returns at once. */
    void submit(Runnable write) {
        queue.add(write);
        drainIfIdle();
    }

    /** Runs {@code write} after the ones already asked for and returns its result (or throws its error). */
    <T> T call(Supplier<T> write) {
        if (Thread.currentThread() == writer) {
            return write.get(); // already in order: a write made by a write
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        submit(() -> {
            try {
                done.complete(write.get());
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        try {
            return done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** {@link #call} for a write without a result. */
    void run(Runnable write) {
        call(() -> {
            write.run();
            return null;
        });
    }

    private void drainIfIdle() {
        if (draining.compareAndSet(false, true)) {
            Thread.ofVirtual().name("parley-leg-writes-" + name).start(this::drain);
        }
    }

    private void drain() {
        writer = Thread.currentThread();
        try {
            while (true) {
                Runnable write;
                while ((write = queue.poll()) != null) {
                    try {
                        write.run();
                    } catch (RuntimeException e) {
                        // a submitted write has nobody to tell; the next ones still run
                        LOG.warn("a store write of leg {} failed", name, e);
                    }
                }
                draining.set(false);
                // A write queued after the last poll and before the flag dropped found the lane busy:
                // take it, unless another drainer already has.
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
            }
        } finally {
            if (writer == Thread.currentThread()) {
                writer = null;
            }
        }
    }
}
