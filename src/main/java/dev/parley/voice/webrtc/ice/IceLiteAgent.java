package dev.parley.voice.webrtc.ice;

import dev.parley.voice.webrtc.stun.StunAttributes;
import dev.parley.voice.webrtc.stun.StunIntegrity;
import dev.parley.voice.webrtc.stun.StunMessage;
import dev.parley.voice.webrtc.stun.XorAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One leg's ICE-lite agent (RFC 8445 §2.5, §7.3): it answers the browser's Binding requests when
 * their USERNAME is {@code <ours>:<theirs>} and their MESSAGE-INTEGRITY is keyed with our password;
 * an address that sent such a request has completed a check and may carry media; the one that sent
 * USE-CANDIDATE is nominated, and media goes there. Requests that fail the checks get 400 or 401
 * (RFC 8489 §9.1.3) or nothing, and never change the state. Thread-safe.
 */
public final class IceLiteAgent {
    private final IceCredentials local;
    /** The peer's ufrag; null until a leg Parley offered has its answer (then any peer's checks pass). */
    private volatile String remoteUfrag;

    private final LongSupplier clock;
    private final Set<InetSocketAddress> checked = ConcurrentHashMap.newKeySet();
    private volatile InetSocketAddress nominated;
    private volatile long lastConsentMs = -1;

    /** {@code clock} gives milliseconds (monotonic), for consent freshness. */
    public IceLiteAgent(IceCredentials local, String remoteUfrag, LongSupplier clock) {
        this.local = local;
        this.remoteUfrag = remoteUfrag;
        this.clock = clock;
    }

    /** The answer to Parley's offer came: from now on only this peer's checks pass. */
    public void remote(String ufrag) {
        remoteUfrag = ufrag;
    }

    public IceCredentials local() {
        return local;
    }

    /** What to send back to {@code source} for this STUN datagram; empty to drop it. */
    public Optional<byte[]> received(byte[] data, int length, InetSocketAddress source) {
        Optional<StunMessage> parsed = StunMessage.parse(data, length);
        if (parsed.isEmpty() || !StunIntegrity.fingerprintValid(data, length)) {
            return Optional.empty();
        }
        StunMessage request = parsed.get();
        if (request.type() != StunMessage.BINDING_REQUEST) {
            return Optional.empty(); // indications (keep-alives) and stray responses: nothing to say
        }
        if (request.username().isEmpty() || !request.has(StunAttributes.MESSAGE_INTEGRITY)) {
            return Optional.of(error(request, 400, "Bad Request"));
        }
        byte[] key = local.password().getBytes(StandardCharsets.UTF_8);
        String remote = remoteUfrag;
        String username = request.username().get();
        boolean named = remote != null
                ? username.equals(local.ufrag() + ":" + remote)
                : username.startsWith(local.ufrag() + ":"); // the integrity check proves it read our offer
        if (!named || !StunIntegrity.integrityValid(data, length, key)) {
            return Optional.of(error(request, 401, "Unauthorized"));
        }
        List<Integer> unknown = new ArrayList<>();
        for (StunMessage.Attribute attribute : request.attributes()) {
            if (StunAttributes.comprehensionRequired(attribute.type()) && !StunAttributes.known(attribute.type())) {
                unknown.add(attribute.type());
            }
        }
        if (!unknown.isEmpty()) {
            return Optional.of(unknownAttributes(request, unknown, key));
        }
        checked.add(source);
        lastConsentMs = clock.getAsLong();
        if (request.has(StunAttributes.USE_CANDIDATE)) {
            nominated = source;
        }
        byte[] transaction = request.transactionId();
        return Optional.of(new StunMessage.Builder(StunMessage.BINDING_SUCCESS, transaction)
                .add(StunAttributes.XOR_MAPPED_ADDRESS, XorAddress.encode(source, transaction))
                .encode(key));
    }

    /** Whether media from {@code source} may be read: it completed a connectivity check. */
    public boolean admits(InetSocketAddress source) {
        return checked.contains(source);
    }

    /** Where media goes: the nominated address (empty until the browser nominates one). */
    public Optional<InetSocketAddress> nominated() {
        return Optional.ofNullable(nominated);
    }

    /**
     * Milliseconds since the last valid check (RFC 7675: consent lapses after 30 s without one); -1
     * when none has come yet.
     */
    public long sinceConsentMs() {
        long last = lastConsentMs;
        return last < 0 ? -1 : clock.getAsLong() - last;
    }

    private static byte[] error(StunMessage request, int code, String reason) {
        return new StunMessage.Builder(StunMessage.BINDING_ERROR, request.transactionId())
                .add(StunAttributes.ERROR_CODE, errorCode(code, reason))
                .encode(null);
    }

    private static byte[] unknownAttributes(StunMessage request, List<Integer> unknown, byte[] key) {
        ByteBuffer types = ByteBuffer.allocate(unknown.size() * 2);
        unknown.forEach(type -> types.putShort((short) (int) type));
        return new StunMessage.Builder(StunMessage.BINDING_ERROR, request.transactionId())
                .add(StunAttributes.ERROR_CODE, errorCode(420, "Unknown Attribute"))
                .add(StunAttributes.UNKNOWN_ATTRIBUTES, types.array())
                .encode(key);
    }

    /** ERROR-CODE (RFC 8489 §14.8): class and number, then the reason phrase. */
    private static byte[] errorCode(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + text.length)
                .putShort((short) 0)
                .put((byte) (code / 100))
                .put((byte) (code % 100))
                .put(text)
                .array();
    }
}
