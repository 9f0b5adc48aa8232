package dev.parley.auth;

/**
 * Who a verified token speaks for. An admin token (no {@code sub}) acts for its whole application; a
 * user token acts as that one user.
 */
public sealed interface Principal {
    String applicationId();

    Acl acl();

    /** A name that identifies the caller for idempotency records and logs (never a secret). */
    String label();

    /** When the token stops being valid (epoch milliseconds). */
    long expiresAtMs();

    record Admin(String applicationId, Acl acl, long expiresAtMs) implements Principal {
        @Override
        public String label() {
            return "admin";
        }
    }

    record UserToken(String applicationId, String userName, Acl acl, long expiresAtMs) implements Principal {
        @Override
        public String label() {
            return "user:" + userName;
        }
    }
}
