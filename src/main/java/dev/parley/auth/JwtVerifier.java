package dev.parley.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import dev.parley.domain.Clock;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Verifies Conversation API tokens: RS256 only, signed by the key of the application named in the
 * {@code application_id} claim; {@code iat} and {@code jti} required; {@code exp} optional (15 minutes
 * after {@code iat} by default, at most 24 hours); {@code nbf} honoured. Thread-safe.
 */
public final class JwtVerifier {
    static final long DEFAULT_LIFETIME_S = 15 * 60;
    static final long MAX_LIFETIME_S = 24 * 60 * 60;
    /** Tolerated clock difference between the token's issuer and us. */
    static final long LEEWAY_S = 30;

    private final ApplicationKeys keys;
    private final Clock clock;
    private final VerifiedTokens verified = new VerifiedTokens();

    public JwtVerifier(ApplicationKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Returns the principal for a valid token; throws a 401 {@link DomainException} otherwise. */
    public Principal verify(String token) {
        long now = clock.nowMs();
        Principal known = verified.get(token, now);
        if (known != null) {
            return known;
        }
        Principal principal = verifyFully(token);
        verified.put(token, principal, now);
        return principal;
    }

    private Principal verifyFully(String token) {
        JWSObject jws;
        Map<String, Object> claims;
        try {
            jws = JWSObject.parse(token);
            claims = jws.getPayload().toJSONObject();
        } catch (ParseException | RuntimeException e) {
            throw invalid();
        }
        if (claims == null || !JWSAlgorithm.RS256.equals(jws.getHeader().getAlgorithm())) {
            throw invalid();
        }
        String applicationId = text(claims.get("application_id"));
        if (applicationId == null || !isUuid(applicationId)) {
            throw invalid();
        }
        RSAPublicKey key = keys.find(applicationId.toLowerCase()).orElseThrow(JwtVerifier::invalid);
        try {
            if (!jws.verify(new RSASSAVerifier(key))) {
                throw invalid();
            }
        } catch (JOSEException e) {
            throw invalid();
        }
        long expiresAtS = checkTimes(claims);
        if (text(claims.get("jti")) == null) {
            throw invalid();
        }
        Acl acl = acl(claims.get("acl"));
        String sub = text(claims.get("sub"));
        String app = applicationId.toLowerCase();
        long expiresAtMs = expiresAtS * 1000;
        return sub == null || sub.isBlank()
                ? new Principal.Admin(app, acl, expiresAtMs)
                : new Principal.UserToken(app, sub, acl, expiresAtMs);
    }

    /** Checks iat, nbf and exp; returns the expiry in epoch seconds. */
    private long checkTimes(Map<String, Object> claims) {
        Long iat = seconds(claims.get("iat"));
        if (iat == null) {
            throw invalid();
        }
        Long exp = claims.containsKey("exp") ? seconds(claims.get("exp")) : Long.valueOf(iat + DEFAULT_LIFETIME_S);
        if (exp == null || exp - iat > MAX_LIFETIME_S) {
            throw invalid();
        }
        long now = clock.nowMs() / 1000;
        if (iat > now + LEEWAY_S) {
            throw invalid();
        }
        if (claims.containsKey("nbf")) {
            Long nbf = seconds(claims.get("nbf"));
            if (nbf == null || nbf > now + LEEWAY_S) {
                throw invalid();
            }
        }
        if (now >= exp + LEEWAY_S) {
            throw new DomainException.Unauthorized(ErrorCode.SYSTEM_EXPIRED_TOKEN, "You provided an expired token.");
        }
        return exp;
    }

    private static Acl acl(Object claim) {
        if (claim == null) {
            return Acl.allowAll();
        }
        if (!(claim instanceof Map<?, ?> acl) || !(acl.get("paths") instanceof Map<?, ?> paths)) {
            throw invalid();
        }
        List<String> patterns = new ArrayList<>();
        paths.keySet().forEach(p -> patterns.add(String.valueOf(p)));
        return Acl.of(patterns);
    }

    /** Epoch seconds from a JSON number or numeric string (the Vonage samples use both). */
    private static Long seconds(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return (long) Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isEmpty() ? s : null;
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static DomainException.Unauthorized invalid() {
        return new DomainException.Unauthorized(
                ErrorCode.SYSTEM_INVALID_TOKEN, "You did not provide a valid token. Please provide a valid token.");
    }

    public static DomainException.Unauthorized missing() {
        return new DomainException.Unauthorized(ErrorCode.SYSTEM_MISSING_TOKEN, "You did not provide a token.");
    }
}
