package dev.parley.api.http;

import dev.parley.auth.JwtVerifier;
import dev.parley.auth.Principal;
import dev.parley.domain.Errors;
import io.javalin.http.Context;

/**
 * The edge of authentication: reads the bearer token, verifies it, applies the token's ACL and the
 * caller's rate limits.
 */
public final class Auth {
    private static final String ATTRIBUTE = "parley.principal";
    private static final String COUNTED = "parley.counted";

    private final JwtVerifier verifier;
    private final RateLimiter limiter;

    public Auth(JwtVerifier verifier, RateLimiter limiter) {
        this.verifier = verifier;
        this.limiter = limiter;
    }

    /** Before-handler for every authenticated path. */
    public void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw JwtVerifier.missing();
        }
        // "Bearer <token>"; no regex: this runs on every request and tokens are long.
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw JwtVerifier.missing();
        }
        String token = value.substring(space + 1).strip();
        if (token.isEmpty()) {
            throw JwtVerifier.missing();
        }
        Principal principal = verifier.verify(token);
        if (!principal.acl().allows(ctx.path())) {
            throw Errors.permission("The token's acl does not allow " + ctx.path() + ".");
        }
        ctx.attribute(ATTRIBUTE, principal);
        if (limiter.admit(principal)) {
            ctx.attribute(COUNTED, Boolean.TRUE);
        }
    }

    /** After-handler for every request: a request counted into the fair share is counted out. */
    public void finish(Context ctx) {
        if (ctx.attribute(COUNTED) != null) {
            ctx.attribute(COUNTED, null);
            limiter.leave(principal(ctx));
        }
    }

    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(ATTRIBUTE);
        if (principal == null) {
            throw JwtVerifier.missing();
        }
        return principal;
    }
}
