package dev.parley.store.jdbi;

import dev.parley.store.ApplicationStore;
import dev.parley.store.ConversationStore;
import dev.parley.store.EventStore;
import dev.parley.store.MemberStore;
import dev.parley.store.SessionStore;
import dev.parley.store.SettingsStore;
import dev.parley.store.Store;
import dev.parley.store.UserStore;
import dev.parley.store.WebhookStore;
import org.jdbi.v3.core.Handle;

/** The per-entity stores of one transaction (one JDBI handle). */
final class JdbiTx implements Store.Tx {
    private final Sql sql;
    private final JdbiEventStore events;
    private final AppendCache cache;
    private boolean deliveriesQueued;

    /** {@code positions} is null in read transactions, which cannot append events. */
    JdbiTx(Handle handle, Dialect dialect, StreamPositions positions) {
        this(handle, dialect, positions, null);
    }

    /** A write in the SQLite writer's batch, with its cache (or null: see {@link AppendCache}). */
    JdbiTx(Handle handle, Dialect dialect, StreamPositions positions, AppendCache cache) {
        this.sql = new Sql(handle, dialect);
        this.cache = cache;
        this.events = new JdbiEventStore(sql, positions, cache);
    }

    /** Applications, users, conversations and members are what the cache remembers: it lets go first. */
    private Sql uncached() {
        if (cache != null) {
            cache.flushAndForget(sql.handle);
        }
        return sql;
    }

    long highestPosition() {
        return events.highestPosition();
    }

    /** Whether this transaction queued webhook deliveries (the webhook worker is woken only then). */
    boolean deliveriesQueued() {
        return deliveriesQueued;
    }

    @Override
    public ApplicationStore applications() {
        return new JdbiApplicationStore(uncached());
    }

    @Override
    public UserStore users() {
        return new JdbiUserStore(uncached());
    }

    @Override
    public ConversationStore conversations() {
        return new JdbiConversationStore(uncached());
    }

    @Override
    public MemberStore members() {
        return new JdbiMemberStore(uncached());
    }

    @Override
    public EventStore events() {
        return events;
    }

    @Override
    public SessionStore sessions() {
        return new JdbiSessionStore(sql);
    }

    @Override
    public SettingsStore settings() {
        return new JdbiSettingsStore(sql);
    }

    @Override
    public WebhookStore webhooks() {
        return new JdbiWebhookStore(sql, () -> deliveriesQueued = true);
    }
}
