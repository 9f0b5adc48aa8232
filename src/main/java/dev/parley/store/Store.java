package dev.parley.store;

/**
 * The transaction boundary. {@link #read} sees committed data only. Thread-safe.
 */
public interface Store extends AutoCloseable {
    /**
     * Runs {@code work} in a write transaction and returns its result only after the commit, so a
     * caller that answers 2xx after it has durable data. A work that throws is rolled back alone, its
     * exception rethrown here.
     *
     * <p><b>The work may be run more than once.</b> Writes are committed in groups; when one work of a
     * group fails, the others are run again in a new transaction. So a work must touch nothing but the
     * {@link Tx} it is given: no network, no notifications, no counters, no changes to objects outside
     * it. Whatever it returns comes from its last run, the one that committed. Effects beyond the
     * database belong after {@code write} returns.
     */
    <T> T write(Work<T> work);

    <T> T read(Work<T> work);

    @Override
    void close();

    /** Work done with one transaction's view of the per-entity stores. */
    @FunctionalInterface
    interface Work<T> {
        T run(Tx tx);
    }

    /** The per-entity stores, bound to one transaction. Valid only inside the work it was given to. */
    interface Tx {
        ApplicationStore applications();

        UserStore users();

        ConversationStore conversations();

        MemberStore members();

        EventStore events();

        SessionStore sessions();

        SettingsStore settings();

        WebhookStore webhooks();

        LegStore legs();

        SipDomainStore sipDomains();

        SipCredentialStore sipCredentials();

        TrunkStore trunks();

        NumberStore numbers();

        RecordingStore recordings();

        NodeStore nodes();

        CommandStore commands();
    }
}
