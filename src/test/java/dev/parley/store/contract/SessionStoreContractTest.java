package dev.parley.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.domain.Application;
import dev.parley.domain.Session;
import dev.parley.domain.SessionId;
import dev.parley.domain.User;
import dev.parley.store.Slice;
import dev.parley.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SessionStore contract, on the pass's database. */
class SessionStoreContractTest {
    @RegisterExtension
    static final StoreUnderTest db = new StoreUnderTest();

    private static Session session(Application app, User user, long resumePosition) {
        long now = db.now();
        Session session = new Session(SessionId.next(), app.id(), user.id(), now, now + 60_000, resumePosition, null);
        db.store().write((Store.Tx tx) -> {
            tx.sessions().insert(session, now);
            return null;
        });
        return session;
    }

    @Test
    void a_session_is_found_within_its_application_renewed_and_ended() {
        Application app = db.application();
        User u = db.user(app, "s1");
        Session s = session(app, u, 7);
        assertThat(db.store().read((Store.Tx tx) -> tx.sessions().find(app.id(), s.id())))
                .contains(s);
        assertThat(db.store()
                        .read((Store.Tx tx) ->
                                tx.sessions().find(db.application().id(), s.id())))
                .isEmpty();

        db.store().write((Store.Tx tx) -> {
            tx.sessions().renew(s.id(), s.expiresMs() + 3_600_000, db.now());
            return null;
        });
        assertThat(db.store()
                        .read((Store.Tx tx) -> tx.sessions().find(app.id(), s.id()))
                        .orElseThrow()
                        .expiresMs())
                .isEqualTo(s.expiresMs() + 3_600_000);

        db.store().write((Store.Tx tx) -> {
            tx.sessions().end(s.id(), db.now());
            return null;
        });
        assertThat(db.store()
                        .read((Store.Tx tx) -> tx.sessions().find(app.id(), s.id()))
                        .orElseThrow()
                        .ended())
                .isTrue();
    }

    @Test
    void the_resume_position_never_moves_backwards() {
        Application app = db.application();
        Session s = session(app, db.user(app, "s2"), 10);
        for (long position : new long[] {25, 12, 30}) {
            db.store().write((Store.Tx tx) -> {
                tx.sessions().saveResumePosition(s.id(), position, db.now());
                return null;
            });
        }
        assertThat(db.store()
                        .read((Store.Tx tx) -> tx.sessions().find(app.id(), s.id()))
                        .orElseThrow()
                        .resumePosition())
                .isEqualTo(30);
    }

    @Test
    void a_users_sessions_list_newest_first_without_ended_ones() {
        Application app = db.application();
        User u = db.user(app, "s3");
        Session older = session(app, u, 0);
        Session ended = session(app, u, 0);
        Session newer = session(app, u, 0);
        db.store().write((Store.Tx tx) -> {
            tx.sessions().end(ended.id(), db.now());
            return null;
        });
        assertThat(db.store().read((Store.Tx tx) -> tx.sessions().listForUser(u.id(), new Slice(false, null, 10))))
                .extracting(Session::id)
                .containsExactly(newer.id(), older.id());
    }
}
