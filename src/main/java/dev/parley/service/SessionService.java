package dev.parley.service;

import dev.parley.auth.Principal;
import dev.parley.domain.Clock;
import dev.parley.domain.DomainException;
import dev.parley.domain.Errors;
import dev.parley.domain.Ids;
import dev.parley.domain.Key;
import dev.parley.domain.Session;
import dev.parley.domain.User;
import dev.parley.store.Store;
import java.util.Optional;

/** Client SDK sessions: open (new or resumed), renew the token, log out, list. Thread-safe. */
public final class SessionService {
    private final Store store;
    private final Clock clock;

    public SessionService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** An open session and its user; {@code resumed} when an earlier session was taken up again. */
    public record Opened(Session session, User user, boolean resumed) {}

    /**
     * Opens a session for a user token. With {@code resumeId} naming an earlier, not logged-out session
     * of the same user, that session is taken up again (its resume position kept); otherwise a new one
     * starts at {@code startPosition}.
     */
    public Opened open(Principal principal, String resumeId, long startPosition) {
        if (!(principal instanceof Principal.UserToken token)) {
            throw new DomainException.Unauthorized(
                    "session:error:invalid", "A session needs a user token (a JWT with sub).");
        }
        return store.write(tx -> {
            User user = tx.users()
                    .findByName(token.applicationId(), token.userName())
                    .orElseThrow(() -> new DomainException.Unauthorized(
                            "user:error:invalid-user", "The token's user does not exist."));
            long now = clock.nowMs();
            Optional<Session> earlier = resumeId == null
                    ? Optional.empty()
                    : tx.sessions()
                            .find(token.applicationId(), Ids.SESSION.canonical(resumeId))
                            .filter(s -> s.userId().equals(user.id()) && !s.ended());
            if (earlier.isPresent()) {
                tx.sessions().renew(earlier.get().id(), token.expiresAtMs(), now);
                return new Opened(earlier.get(), user, true);
            }
            Session session = new Session(
                    Ids.SESSION.next(),
                    token.applicationId(),
                    user.id(),
                    now,
                    token.expiresAtMs(),
                    startPosition,
                    null);
            tx.sessions().insert(session, now);
            return new Opened(session, user, false);
        });
    }

    /** The id of the user a user token speaks for; fails as the socket login reports it. */
    public String userOf(Principal principal) {
        if (!(principal instanceof Principal.UserToken token)) {
            throw new DomainException.Unauthorized(
                    "session:error:invalid", "A session needs a user token (a JWT with sub).");
        }
        return store.read(tx -> tx.users().findByName(token.applicationId(), token.userName()))
                .map(User::id)
                .orElseThrow(() -> new DomainException.Unauthorized(
                        "user:error:invalid-user", "The token's user does not exist."));
    }

    /** When the session's token expires (0 when the session is gone or logged out). */
    public long expiry(String applicationId, String sessionId) {
        return store.read(tx -> tx.sessions().find(applicationId, sessionId))
                .filter(s -> !s.ended())
                .map(Session::expiresMs)
                .orElse(0L);
    }

    /** Remembers that everything for the session's user up to {@code position} was delivered. */
    public void delivered(String sessionId, long position) {
        store.write(tx -> {
            tx.sessions().saveResumePosition(sessionId, position, clock.nowMs());
            return null;
        });
    }

    public void end(String sessionId) {
        store.write(tx -> {
            tx.sessions().end(sessionId, clock.nowMs());
            return null;
        });
    }

    /**
     * Renews a session with a fresh token (the token of the request): it must be the same user's and
     * the session must not have logged out.
     */
    public Session renew(Principal principal, String sessionId) {
        if (!(principal instanceof Principal.UserToken token)) {
            throw Errors.permission("Renewing a session needs the user's token.");
        }
        return store.write(tx -> {
            Session session = tx.sessions()
                    .find(token.applicationId(), Ids.SESSION.canonical(sessionId))
                    .filter(s -> !s.ended())
                    .orElseThrow(SessionService::notFound);
            User user = tx.users().find(token.applicationId(), session.userId()).orElseThrow(SessionService::notFound);
            if (!user.name().equals(token.userName())) {
                throw notFound();
            }
            tx.sessions().renew(session.id(), token.expiresAtMs(), clock.nowMs());
            return tx.sessions().find(token.applicationId(), session.id()).orElseThrow();
        });
    }

    /** The user's sessions that have not logged out; a user token may list only its own. */
    public Page<Session> list(Principal principal, String userIdOrName, PageRequest page) {
        return store.read(tx -> {
            User found = UserService.find(tx, principal.applicationId(), userIdOrName);
            if (principal instanceof Principal.UserToken token
                    && !token.userName().equals(found.name())) {
                throw Errors.permission("A user token may only list its own sessions.");
            }
            return Pager.read(
                    page, slice -> tx.sessions().listForUser(found.id(), slice), s -> new Key(s.createdMs(), s.id()));
        });
    }

    private static DomainException notFound() {
        return new DomainException.NotFound("session:error:not-found", "Session does not exist.");
    }
}
