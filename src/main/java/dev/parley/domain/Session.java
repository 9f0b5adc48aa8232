package dev.parley.domain;

/**
 * A Client SDK session of one user. {@code resumePosition} is the stream position up to which every
 * event for the user was delivered and acknowledged; a reconnect resumes after it.
 */
public record Session(
        SessionId id,
        String applicationId,
        UserId userId,
        long createdMs,
        long expiresMs,
        long resumePosition,
        Long endedMs) {

    public boolean ended() {
        return endedMs != null;
    }
}
