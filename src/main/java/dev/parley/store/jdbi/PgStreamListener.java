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
    /** Told the node named in each {@code parley_command} notification (set once the node is wired). */
    private final java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<String>> commands;

    private final Thread thread;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicLong heard = new java.util.concurrent.atomic.AtomicLong();

    PgStreamListener(
            DataSource source,
            CommitListener listener,
            java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<String>> commands) {
        this.source = source;
        this.listener = listener;
        this.commands = commands;
        this.thread = Thread.ofPlatform().name("parley-pg-listen").daemon().start(this::loop);
    }

    private void loop() {
        while (running) {
            try (Connection connection = source.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + Dialect.STREAM_CHANNEL);
                    statement.execute("LISTEN " + Dialect.COMMAND_CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                listener.committed(0, true); // catch up on whatever happened while we were not listening
                commandsFor(null); // and on commands queued meanwhile
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MS);
                    long highest = 0;
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            if (Dialect.COMMAND_CHANNEL.equals(n.getName())) {
                                commandsFor(n.getParameter());
                            } else {
                                highest = Math.max(highest, parse(n.getParameter()));
                            }
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

    /** Tells the command consumer, if there is one yet, that node {@code node} (null: any) has work. */
    private void commandsFor(String node) {
        java.util.function.Consumer<String> consumer = commands.get();
        if (consumer != null) {
            consumer.accept(node);
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
