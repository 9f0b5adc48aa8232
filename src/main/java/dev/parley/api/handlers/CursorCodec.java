package dev.parley.api.handlers;

import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.Key;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque paging cursors. A cursor holds a keyset position and its direction, and is signed together
 * with the query it belongs to (path, filters, order): a cursor cannot be edited, and cannot be carried
 * over to another query. URL-safe base64, so it needs no escaping. Thread-safe.
 */
public final class CursorCodec {
    private static final byte VERSION = 1;
    private static final int MAC_BYTES = 16;

    private final byte[] secret;

    public CursorCodec(byte[] secret) {
        this.secret = secret.clone();
    }

    /** A decoded cursor: continue after the key (forward) or read the page before it. */
    public record Position(Key key, boolean forward) {}

    public String encode(Position position, String query) {
        byte[] id = position.key().id().getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(2 + 8 + 2 + id.length);
        payload.put(VERSION).put((byte) (position.forward() ? 'n' : 'p'));
        payload.putLong(position.key().sort()).putShort((short) id.length).put(id);
        byte[] body = payload.array();
        byte[] mac = mac(body, query);
        byte[] all = Arrays.copyOf(body, body.length + MAC_BYTES);
        System.arraycopy(mac, 0, all, body.length, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
    }

    public Position decode(String cursor, String query) {
        try {
            byte[] all = Base64.getUrlDecoder().decode(cursor);
            if (all.length < 12 + MAC_BYTES) {
                throw invalid();
            }
            byte[] body = Arrays.copyOf(all, all.length - MAC_BYTES);
            byte[] mac = Arrays.copyOfRange(all, all.length - MAC_BYTES, all.length);
            if (!MessageDigest.isEqual(mac, Arrays.copyOf(mac(body, query), MAC_BYTES))) {
                throw invalid();
            }
            ByteBuffer in = ByteBuffer.wrap(body);
            if (in.get() != VERSION) {
                throw invalid();
            }
            boolean forward = in.get() == 'n';
            long sort = in.getLong();
            byte[] id = new byte[in.getShort()];
            in.get(id);
            return new Position(new Key(sort, new String(id, StandardCharsets.UTF_8)), forward);
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            throw invalid();
        }
    }

    private byte[] mac(byte[] body, String query) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(body);
            mac.update(query.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DomainException invalid() {
        return new DomainException.Rejected(
                ErrorCode.PAGINATOR_BUILDER_INVALID_CURSOR, "The cursor is invalid or belongs to another query.");
    }
}
