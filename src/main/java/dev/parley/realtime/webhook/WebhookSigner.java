package dev.parley.realtime.webhook;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Signs a webhook as Vonage signs its callbacks: a JWT, HS256 with the application's signature
 * secret, carrying {@code iat}, {@code jti}, {@code iss}, {@code application_id} and
 * {@code payload_hash} (SHA-256 hex of the exact bytes sent), so a receiver can check both the sender
 * and the payload.
 */
final class WebhookSigner {
    private WebhookSigner() {}

    static String sign(String secret, String applicationId, byte[] payload, long nowMs) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issueTime(new Date(nowMs / 1000 * 1000))
                    .jwtID(UUID.randomUUID().toString())
                    // Receivers written for the hosted service may check the issuer.
                    .issuer("Vonage")
                    .claim("application_id", applicationId)
                    .claim("payload_hash", sha256Hex(payload))
                    .build();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a webhook (is the signature secret at least 32 bytes?)", e);
        }
    }

    static String sha256Hex(byte[] payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
