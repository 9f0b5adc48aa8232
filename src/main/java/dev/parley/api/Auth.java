package dev.parley.api;

import dev.parley.auth.JwtVerifier;
import dev.parley.auth.Principal;
import dev.parley.domain.Errors;
import io.javalin.http.Context;

/** The edge of authentication: reads the bearer token, verifies it, applies the token's ACL. */
final class Auth {
    private static final String ATTRIBUTE = "parley.principal";

    private final JwtVerifier verifier;

    Auth(JwtVerifier verifier) {
        this.verifier = verifier;
    }

    /** Before-handler for every authenticated path. */
    void authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw JwtVerifier.missing();
        }
        String[] parts = header.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw JwtVerifier.missing();
        }
        Principal principal = verifier.verify(parts[1]);
        if (!principal.acl().allows(ctx.path())) {
            throw Errors.permission("The token's acl does not allow " + ctx.path() + ".");
        }
        ctx.attribute(ATTRIBUTE, principal);
    }

    static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(ATTRIBUTE);
        if (principal == null) {
            throw JwtVerifier.missing();
        }
        return principal;
    }
}
