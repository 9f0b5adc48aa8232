package dev.parley.store;

import dev.parley.domain.Session;
import java.util.List;
import java.util.Optional;

public interface SessionStore {
    void insert(Session session, long nowMs);

    Optional<Session> find(String applicationId, String id);

    /** Records how far the session has been delivered (never moves backwards). */
    void saveResumePosition(String id, long position, long nowMs);

    void renew(String id, long expiresMs, long nowMs);

    void end(String id, long nowMs);

    /** The user's sessions that have not logged out, newest first by creation time (keyset). */
    List<Session> listForUser(String userId, Slice slice);
}
