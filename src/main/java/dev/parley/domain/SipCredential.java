package dev.parley.domain;

/**
 * The digest credentials an application's outbound calls to {@code host} answer a challenge with.
 * {@code toString} hides the password, so it never reaches a log. Immutable.
 */
public record SipCredential(String applicationId, String host, String username, String password, long createdMs) {
    @Override
    public String toString() {
        return "SipCredential[" + applicationId + ", " + host + ", " + username + ", password hidden]";
    }
}
