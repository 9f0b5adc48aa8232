package dev.parley.voice.calls;

import dev.parley.service.NodeLiveness;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's heartbeat, on a thread of its own ({@code parley-node-heartbeat}): every {@code
 * interval} it writes the heartbeat, then ends the calls of any node that stopped beating. A node
 * that learns it was taken for dead (frozen, or cut off from the database, for longer than the
 * timeout) hangs up the calls it still runs: the database has them ended already, so they must not go
 * on here unseen. Thread-safe.
 */
public final class NodeHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

    private final NodeLiveness liveness;
    private final VoiceCalls calls;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-node-heartbeat").daemon().factory());

    /** Beats once now (before the node takes calls), then every {@code interval}. */
    public NodeHeartbeat(NodeLiveness liveness, VoiceCalls calls, Duration interval) {
        this.liveness = liveness;
        this.calls = calls;
        liveness.beat();
        thread.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            if (!liveness.beat()) {
                int ended = calls.hangUpAll();
                LOG.error(
                        "this node was taken for dead (no heartbeat within the node timeout) and its calls were"
                                + " ended by another node; hung up the {} call(s) still running here",
                        ended);
            }
            int ended = liveness.endCallsOfDeadNodes();
            if (ended > 0) {
                LOG.warn("ended {} call(s) of a node that stopped answering", ended);
            }
            liveness.forgetStaleCommands();
        } catch (RuntimeException e) {
            LOG.warn("node heartbeat failed (retried at the next beat): {}", e.toString());
        }
    }

    /**
     * Stops beating. The heartbeat stays behind: once it is older than the timeout another node (or
     * this one, started again) claims it, ending any call this node left unfinished.
     */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
