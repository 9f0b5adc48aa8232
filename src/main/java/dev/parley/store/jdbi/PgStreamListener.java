package dev.parley.store.jdbi;

import dev.parley.store.CommitListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the stream positions other nodes commit ({@code LISTEN parley_stream}) and passes them to the
 * commit listener, so this node's dispatcher and webhook worker wake within milliseconds of a write
 * anywhere. A notification carries only a position; what was missed while the connection was down is
 * read from the store on the next wake (each reconnect wakes once), and the consumers' periodic
 * checks heal anything else. Thread-safe.
 */
final class PgStreamListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgStreamListener.class);
    private static final int POLL_MS = 500;

    private final DataSource source;
    private final CommitListener listener;
    private final Thread thread;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicLong heard = new java.util.concurrent.atomic.AtomicLong();

    PgStreamListener(DataSource source, CommitListener listener) {
        this.source = source;
        this.listener = listener;
        this.thread = Thread.ofPlatform().name("parley-pg-listen").daemon().start(this::loop);
    }

    private void loop() {
        while (running) {
            try (Connection connection = source.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + Dialect.STREAM_CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                listener.committed(0, true); // catch up on whatever happened while we were not listening
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MS);
                    long highest = 0;
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            highest = Math.max(highest, parse(n.getParameter()));
                        }
                    }
                    if (highest > 0) {
                        heard.addAndGet(notifications.length);
                        listener.committed(highest, true); // another node's deliveries: unknown, so look
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("listening for other nodes' commits failed; reconnecting", e);
                    pause();
                }
            }
        }
    }

    /** Commits of other nodes this node has been told of (NOTIFYs heard). */
    long heard() {
        return heard.get();
    }

    private static long parse(String position) {
        try {
            return Long.parseLong(position);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
