package dev.parley.store.jdbi;

import dev.parley.domain.ConversationId;
import dev.parley.domain.Event;
import dev.parley.domain.MemberId;
import dev.parley.domain.UserSummary;
import dev.parley.store.EventStore;
import dev.parley.store.WebhookStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * What the SQLite writer remembers about sent messages between statements: joined senders, each
 * conversation's last event id and webhook targets, and the events it has handed out but not yet
 * written. On SQLite every write runs on the one writer thread, so this is exact as long as every
 * other change to what it remembers is seen. With it a sent message costs no statement of its own:
 * the batch writes its messages in one batched INSERT and each conversation's new sequence number
 * once, just before it commits.
 *
 * <p>What keeps it exact: every statement on applications, users, conversations or members first
 * writes the pending events and forgets everything ({@link #flushAndForget}), and every other statement
 * on events first writes them ({@link #flush}): {@link JdbiTx} hooks both into the stores' {@link Sql},
 * so no store has to remember to; a batch that fails is rolled back, forgotten and
 * run again without the cache; and at the start of each batch {@code PRAGMA data_version} tells
 * whether another connection (the CLI, another process) committed since, in which case it forgets.
 * Only positive answers are kept: a sender who is not joined is checked against the database every
 * time. Used by the writer thread only; not thread-safe. PostgreSQL, where several nodes write, has
 * none.
 */
final class AppendCache {
    /** Forgotten wholesale past this many senders or conversations (a memory bound, not a policy). */
    static final int MAX_ENTRIES = 100_000;

    record SenderKey(String applicationId, ConversationId conversationId, MemberId memberId, String userName) {}

    record JoinedSender(MemberId memberId, UserSummary user) {}

    /** A conversation's last event id (including unwritten ones) and webhook targets (with its application). */
    static final class Conversation {
        final WebhookStore.Targets targets;
        long sequence;

        Conversation(long sequence, WebhookStore.Targets targets) {
            this.sequence = sequence;
            this.targets = targets;
        }
    }

    private final Map<SenderKey, JoinedSender> senders = new HashMap<>();
    private final Map<ConversationId, Conversation> conversations = new HashMap<>();
    private final List<Event> unwritten = new ArrayList<>();
    /** Conversations whose sequence number moved since the last flush, in first-touched order. */
    private final Set<ConversationId> changed = new LinkedHashSet<>();

    private long dataVersion = Long.MIN_VALUE;

    /** At the start of a batch: forget everything if another connection committed since the last one. */
    void beginBatch(Handle handle) {
        long version =
                handle.createQuery("PRAGMA data_version").mapTo(Long.class).one();
        if (version != dataVersion || senders.size() > MAX_ENTRIES || conversations.size() > MAX_ENTRIES) {
            forget();
        }
        dataVersion = version;
    }

    JoinedSender sender(SenderKey key) {
        return senders.get(key);
    }

    void rememberSender(SenderKey key, JoinedSender sender) {
        senders.put(key, sender);
    }

    Conversation conversation(ConversationId conversationId) {
        return conversations.get(conversationId);
    }

    void rememberConversation(ConversationId conversationId, Conversation conversation) {
        conversations.put(conversationId, conversation);
    }

    /** An event handed out (its id taken from {@code conversation}) to be written by {@link #flush}. */
    void append(Conversation conversation, Event event) {
        conversation.sequence = event.id();
        changed.add(event.conversationId());
        unwritten.add(event);
    }

    /** Writes the events handed out and the conversations' new sequence numbers, in this transaction. */
    void flush(Handle handle) {
        if (!unwritten.isEmpty()) {
            PreparedBatch insert = handle.prepareBatch(JdbiEventStore.INSERT);
            for (Event event : unwritten) {
                JdbiEventStore.bindInsert(insert, event).add();
            }
            unwritten.clear(); // before executing: a failure forgets the cache and reruns the batch anyway
            insert.execute();
        }
        if (!changed.isEmpty()) {
            PreparedBatch sequences =
                    handle.prepareBatch("UPDATE conversations SET sequence_number = :sequence WHERE id = :id");
            for (ConversationId id : changed) {
                sequences
                        .bind("sequence", conversations.get(id).sequence)
                        .bind("id", id)
                        .add();
            }
            changed.clear();
            sequences.execute();
        }
    }

    /** Before a write touches what is remembered here: write what is pending, then remember nothing. */
    void flushAndForget(Handle handle) {
        flush(handle);
        forget();
    }

    /** After a rollback, or when another connection wrote: nothing remembered holds any more. */
    void forget() {
        senders.clear();
        conversations.clear();
        unwritten.clear();
        changed.clear();
    }

    static SenderKey key(String applicationId, ConversationId conversationId, EventStore.Sender sender) {
        return new SenderKey(applicationId, conversationId, sender.memberId(), sender.userName());
    }
}
