package dev.parley.store.jdbi;

import dev.parley.store.ApplicationStore;
import dev.parley.store.ConversationStore;
import dev.parley.store.EventStore;
import dev.parley.store.LegStore;
import dev.parley.store.MemberStore;
import dev.parley.store.SessionStore;
import dev.parley.store.SettingsStore;
import dev.parley.store.SipDomainStore;
import dev.parley.store.Store;
import dev.parley.store.UserStore;
import dev.parley.store.WebhookStore;
import org.jdbi.v3.core.Handle;

/**
 * The per-entity stores of one transaction (one JDBI handle). With the SQLite writer's {@link
 * AppendCache}, every statement first brings the cache up to date: the event store's write the
 * cache's pending events; those of applications, users, conversations and members (what the cache
 * remembers) also make it forget.
 */
final class JdbiTx implements Store.Tx {
    private final Sql sql;
    private final Sql remembered;
    private final JdbiEventStore events;
    private boolean deliveriesQueued;

    /** {@code positions} is null in read transactions, which cannot append events. */
    JdbiTx(Handle handle, Dialect dialect, StreamPositions positions) {
        this(handle, dialect, positions, null, AppendMode.FASTEST);
    }

    /** A write in the writer's batch, with the SQLite cache (or null: see {@link AppendCache}). */
    JdbiTx(Handle handle, Dialect dialect, StreamPositions positions, AppendCache cache, AppendMode mode) {
        this.sql = new Sql(handle, dialect);
        Sql eventSql = sql;
        Sql rememberedSql = sql;
        if (cache != null) {
            eventSql = sql.before(() -> cache.flush(handle));
            rememberedSql = sql.before(() -> cache.flushAndForget(handle));
        }
        this.remembered = rememberedSql;
        this.events = new JdbiEventStore(eventSql, positions, AppendPath.choose(sql, cache, mode));
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
        return new JdbiApplicationStore(remembered);
    }

    @Override
    public UserStore users() {
        return new JdbiUserStore(remembered);
    }

    @Override
    public ConversationStore conversations() {
        return new JdbiConversationStore(remembered);
    }

    @Override
    public MemberStore members() {
        return new JdbiMemberStore(remembered);
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
    public LegStore legs() {
        return new JdbiLegStore(sql);
    }

    @Override
    public SipDomainStore sipDomains() {
        return new JdbiSipDomainStore(sql);
    }

    @Override
    public dev.parley.store.SipCredentialStore sipCredentials() {
        return new JdbiSipCredentialStore(sql);
    }

    @Override
    public dev.parley.store.TrunkStore trunks() {
        return new JdbiTrunkStore(sql);
    }

    @Override
    public dev.parley.store.CommandStore commands() {
        return new JdbiCommandStore(sql);
    }

    @Override
    public dev.parley.store.NodeStore nodes() {
        return new JdbiNodeStore(sql);
    }

    @Override
    public dev.parley.store.NumberStore numbers() {
        return new JdbiNumberStore(sql);
    }

    @Override
    public dev.parley.store.RecordingStore recordings() {
        return new JdbiRecordingStore(sql);
    }

    @Override
    public WebhookStore webhooks() {
        return new JdbiWebhookStore(sql, () -> deliveriesQueued = true);
    }
}
