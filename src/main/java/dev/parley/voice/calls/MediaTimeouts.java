package dev.parley.voice.calls;

import dev.parley.domain.LegStatus;
import dev.parley.voice.media.MediaCounters;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hangs up answered calls whose RTP stopped for longer than the configured time (a peer that crashed
 * or lost its network never sends BYE), and reports each: an {@code error} event with the reason, and
 * the reason in its {@code sip:hangup}. A call the peer put on hold is not timed out. Checked once a
 * second. Thread-safe.
 */
final class MediaTimeouts implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaTimeouts.class);

    private final CallRegistry registry;
    private final LegRecorder recorder;
    private final long timeoutNanos;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("parley-rtp-timeouts").daemon().unstarted(r));

    MediaTimeouts(CallRegistry registry, LegRecorder recorder, Duration timeout) {
        this.registry = registry;
        this.recorder = recorder;
        this.timeoutNanos = timeout.toNanos();
        sweeper.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (CallSession session : registry.all()) {
            MediaCounters rtp = session.media.counters;
            if (rtp == null
                    || rtp.held()
                    || session.leg == null
                    || session.leg.status() != LegStatus.ANSWERED
                    || session.hangupCause != null
                    || now - rtp.lastReceivedNanos() < timeoutNanos) {
                continue;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
            String reason = "No RTP received for " + (millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms")
                    + ": the call was hung up (media timeout).";
            try {
                LOG.info("call {}: {}", session.leg.id(), reason);
                recorder.error(session, reason);
                session.signalHangup(reason);
            } catch (RuntimeException e) {
                LOG.warn("call {}: hanging up after the media timeout failed", session.leg.id(), e);
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
