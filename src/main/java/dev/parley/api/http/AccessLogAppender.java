package dev.parley.api.http;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The access log's appender (configured in {@code logback.xml}): lines go to standard error through a
 * 64 KB buffer that a background thread flushes every {@code flushMillis} (default 100 ms), and at
 * stop. Logback's console appender writes and flushes every line (a system call per request), and its
 * asynchronous appender hands every line to another thread (a wake-up per request); at 10,000
 * requests a second those two cost more CPU than parsing the request. Here a request pays for
 * formatting its line and a copy into the buffer. A {@code kill -9} loses at most the last interval's
 * lines; a normal stop flushes them (logback's shutdown hook).
 */
public final class AccessLogAppender extends OutputStreamAppender<ILoggingEvent> {
    private static final int BUFFER_BYTES = 64 * 1024;

    private long flushMillis = 100;
    private ScheduledExecutorService flusher;

    public void setFlushMillis(long flushMillis) {
        this.flushMillis = flushMillis;
    }

    @Override
    public void start() {
        // Through System.err, not a stream of our own on descriptor 2: System.err serialises writers,
        // so a 64 KB flush is never interleaved with another logger's line (a pipe splits writes
        // larger than 4 KB, and other writers' lines could land inside ours).
        setOutputStream(new BufferedOutputStream(System.err, BUFFER_BYTES));
        setImmediateFlush(false);
        super.start();
        flusher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("parley-access-log").daemon().factory());
        flusher.scheduleWithFixedDelay(this::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        flush();
        super.stop();
    }

    /** Standard error stays open for the rest of the process: stopping flushes, never closes it. */
    @Override
    protected void closeOutputStream() {
        flush();
    }

    private void flush() {
        streamWriteLock.lock();
        try {
            if (getOutputStream() != null) {
                getOutputStream().flush();
            }
        } catch (IOException e) {
            addError("could not write the access log to standard error", e);
        } finally {
            streamWriteLock.unlock();
        }
    }
}
