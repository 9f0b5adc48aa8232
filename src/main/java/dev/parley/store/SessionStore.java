package dev.parley.store;

import dev.parley.domain.Session;
import dev.parley.domain.SessionId;
import dev.parley.domain.UserId;
import java.util.List;
import java.util.Optional;

public interface SessionStore {
    void insert(Session session, long nowMs);

    Optional<Session> find(String applicationId, SessionId id);

    /** Records how far the session has been delivered (never moves backwards). */
    void saveResumePosition(SessionId id, long position, long nowMs);

    void renew(SessionId id, long expiresMs, long nowMs);

    void end(SessionId id, long nowMs);

    /** The user's sessions that have not logged out, newest first by creation time (keyset). */
    List<Session> listForUser(UserId userId, Slice slice);
}
