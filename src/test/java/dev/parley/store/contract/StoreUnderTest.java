package dev.parley.store.contract;

import dev.parley.domain.Application;
import dev.parley.domain.Channel;
import dev.parley.domain.Conversation;
import dev.parley.domain.ConversationId;
import dev.parley.domain.Initiator;
import dev.parley.domain.Member;
import dev.parley.domain.MemberId;
import dev.parley.domain.MemberState;
import dev.parley.domain.User;
import dev.parley.domain.UserId;
import dev.parley.fixtures.TestDatabase;
import dev.parley.store.CommitListener;
import dev.parley.store.Store;
import dev.parley.store.jdbi.JdbiStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real store for the per-entity contract tests, on the database of the build's pass: a fresh SQLite
 * file, or a fresh PostgreSQL database dropped afterwards. Register as {@code @RegisterExtension static
 * final}; also makes rows the contracts need (applications, users, conversations, members).
 */
public final class StoreUnderTest implements BeforeAllCallback, AfterAllCallback {
    private final AtomicLong clock = new AtomicLong(1_800_000_000_000L);
    private String jdbcUrl;
    private JdbiStore store;

    @Override
    public void beforeAll(ExtensionContext context) {
        try {
            jdbcUrl = TestDatabase.postgres()
                    ? TestDatabase.createPostgres()
                    : "jdbc:sqlite:"
                            + Files.createTempDirectory("parley-contract").resolve("parley.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store = JdbiStore.open(jdbcUrl, 4, CommitListener.NONE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        store.close();
        if (TestDatabase.postgres()) {
            TestDatabase.dropPostgres(jdbcUrl);
        }
    }

    public Store store() {
        return store;
    }

    /** A strictly increasing time, so rows made one after another sort in that order. */
    public long now() {
        return clock.addAndGet(1_000);
    }

    public Application application() {
        Application app = new Application(
                UUID.randomUUID().toString(), "contract", "not a key", "http://127.0.0.1:9/events", "POST", now());
        store.write(tx -> {
            tx.applications().insert(app);
            return null;
        });
        return app;
    }

    public User user(Application app, String name) {
        User user = new User(UserId.next(), app.id(), name, null, null, null, null, now(), null);
        store.write(tx -> {
            tx.users().insert(user);
            return null;
        });
        return user;
    }

    public Conversation conversation(Application app, String name) {
        Conversation conversation = Conversation.created(ConversationId.next(), app.id(), now())
                .name(name)
                .build();
        store.write(tx -> {
            tx.conversations().insert(conversation);
            return null;
        });
        return conversation;
    }

    public static Member.Builder member(Conversation conversation, User user, MemberState state, long atMs) {
        return Member.entering(state, atMs, Initiator.Who.SYSTEM)
                .id(MemberId.next())
                .conversationId(conversation.id())
                .user(user.summary())
                .channel(new Channel(Channel.APP, null, "{\"type\":\"app\"}"));
    }

    public Member joined(Conversation conversation, User user) {
        Member member = member(conversation, user, MemberState.JOINED, now()).build();
        store.write(tx -> {
            tx.members().insert(member);
            return null;
        });
        return member;
    }
}
