package dev.parley.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Signs RS256 application tokens the way the Vonage CLI and SDKs do. */
public final class TokenIssuer {
    private TokenIssuer() {}

    /**
     * @param sub the user name, or null for an admin token
     * @param acl the {@code acl} claim (e.g. {@code {"paths": {...}}}), or null for none
     */
    public static String sign(
            String applicationId, PrivateKey key, String sub, long ttlSeconds, Map<String, Object> acl, long nowMs) {
        long iat = nowMs / 1000;
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("application_id", applicationId);
        claims.put("iat", iat);
        claims.put("exp", iat + ttlSeconds);
        claims.put("jti", UUID.randomUUID().toString());
        if (sub != null) {
            claims.put("sub", sub);
        }
        if (acl != null) {
            claims.put("acl", acl);
        }
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .type(JOSEObjectType.JWT)
                        .build(),
                new Payload(claims));
        try {
            jws.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token: " + e.getMessage(), e);
        }
        return jws.serialize();
    }
}
