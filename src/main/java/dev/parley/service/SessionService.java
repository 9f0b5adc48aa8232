package dev.parley.service;

import dev.parley.auth.Principal;
import dev.parley.domain.Clock;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.Errors;
import dev.parley.domain.Event;
import dev.parley.domain.Key;
import dev.parley.domain.Session;
import dev.parley.domain.SessionId;
import dev.parley.domain.User;
import dev.parley.domain.UserId;
import dev.parley.store.Store;
import java.util.List;
import java.util.Optional;

/** Client SDK sessions: login, resume, token renewal, logout, list. Thread-safe. */
public final class SessionService {
    private final Store store;
    private final Clock clock;

    public SessionService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * A Client SDK login's answer: the session, its user, and (when an earlier session was resumed) the
     * events the user missed while away, in conversation and id order.
     */
    public record LoggedIn(Session session, User user, boolean resumed, List<Event> missed) {}

    /** Events returned with a resumed session at most; a client further behind starts afresh. */
    static final int MAX_MISSED_EVENTS = 50_000;

    /**
     * The Client SDK's login ({@code session:success}) with a user token: a new session whose
     * deliveries start after {@code startPosition} (what realtime delivery already routes to it).
     */
    public LoggedIn login(Principal principal, long startPosition) {
        return open(userToken(principal), null, startPosition);
    }

    /**
     * The Client SDK's reconnect with {@code session_id}: the same user's earlier session, not logged
     * out, taken up again with every event the user missed between its resume position and {@code
     * upToPosition} (from where realtime delivery takes over). An unknown, ended or foreign session
     * gives a new one instead, as the SDKs expect.
     */
    public LoggedIn resume(Principal principal, String sessionId, long upToPosition) {
        LoggedIn opened = open(userToken(principal), sessionId, upToPosition);
        if (!opened.resumed()) {
            return opened;
        }
        long from = opened.session().resumePosition();
        List<Event> missed =
                store.read(tx -> tx.events().missedBy(opened.user().id(), from, upToPosition, MAX_MISSED_EVENTS));
        return new LoggedIn(opened.session(), opened.user(), true, missed);
    }

    private static Principal.UserToken userToken(Principal principal) {
        if (!(principal instanceof Principal.UserToken token)) {
            throw new DomainException.Unauthorized(
                    ErrorCode.SESSION_INVALID, "A session needs a user token (a JWT with sub).");
        }
        return token;
    }

    private LoggedIn open(Principal.UserToken token, String resumeId, long startPosition) {
        return store.write(tx -> {
            User user = tx.users()
                    .findByName(token.applicationId(), token.userName())
                    .orElseThrow(() -> new DomainException.Unauthorized(
                            ErrorCode.USER_INVALID_USER, "The token's user does not exist."));
            long now = clock.nowMs();
            Optional<Session> earlier = resumeId == null
                    ? Optional.empty()
                    : SessionId.parse(resumeId)
                            .flatMap(id -> tx.sessions().find(token.applicationId(), id))
                            .filter(s -> s.userId().equals(user.id()) && !s.ended());
            if (earlier.isPresent()) {
                tx.sessions().renew(earlier.get().id(), token.expiresAtMs(), now);
                return new LoggedIn(earlier.get(), user, true, List.of());
            }
            Session session = new Session(
                    SessionId.next(), token.applicationId(), user.id(), now, token.expiresAtMs(), startPosition, null);
            tx.sessions().insert(session, now);
            return new LoggedIn(session, user, false, List.of());
        });
    }

    /** The id of the user a user token speaks for; fails as the socket login reports it. */
    public UserId userOf(Principal principal) {
        Principal.UserToken token = userToken(principal);
        return store.read(tx -> tx.users().findByName(token.applicationId(), token.userName()))
                .map(User::id)
                .orElseThrow(() -> new DomainException.Unauthorized(
                        ErrorCode.USER_INVALID_USER, "The token's user does not exist."));
    }

    /** When the session's token expires (0 when the session is gone or logged out). */
    public long expiry(String applicationId, SessionId sessionId) {
        return store.read(tx -> tx.sessions().find(applicationId, sessionId))
                .filter(s -> !s.ended())
                .map(Session::expiresMs)
                .orElse(0L);
    }

    /** Remembers that everything for the session's user up to {@code position} was delivered. */
    public void delivered(SessionId sessionId, long position) {
        store.write(tx -> {
            tx.sessions().saveResumePosition(sessionId, position, clock.nowMs());
            return null;
        });
    }

    /** The Client SDK's logout ({@code session:logout}): the session cannot be resumed again. */
    public void logout(SessionId sessionId) {
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
            Session session = SessionId.parse(sessionId)
                    .flatMap(id -> tx.sessions().find(token.applicationId(), id))
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
                    page,
                    slice -> tx.sessions().listForUser(found.id(), slice),
                    s -> new Key(s.createdMs(), s.id().value()));
        });
    }

    private static DomainException notFound() {
        return new DomainException.NotFound(ErrorCode.SESSION_NOT_FOUND, "Session does not exist.");
    }
}
