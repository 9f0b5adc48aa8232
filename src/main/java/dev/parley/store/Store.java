package dev.parley.store;

/**
 * The transaction boundary. {@link #write} runs its work in one transaction and returns only after
 * the commit, so a caller that answers 2xx after it has durable data. {@link #read} sees committed
 * data only. Thread-safe.
 */
public interface Store extends AutoCloseable {
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
    }
}
