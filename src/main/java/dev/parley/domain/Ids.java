package dev.parley.domain;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Resource id kinds: a type prefix and a lower-case UUID, as the hosted service issues them. The typed
 * ids ({@link ConversationId} ...) are made through here.
 */
public enum Ids {
    CONVERSATION("CON-"),
    MEMBER("MEM-"),
    USER("USR-"),
    SESSION("SES-");

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final String prefix;

    Ids(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String next() {
        return prefix + UUID.randomUUID();
    }

    /** True when {@code id} has this prefix followed by a UUID (any case). */
    public boolean matches(String id) {
        return id != null
                && id.startsWith(prefix)
                && UUID_TEXT.matcher(id.substring(prefix.length())).matches();
    }

    /** The canonical spelling of a well-formed id; fails for anything else (a bug: check first). */
    String require(String id) {
        if (!matches(id)) {
            throw new IllegalArgumentException("not a " + prefix + " id: " + id);
        }
        return prefix + id.substring(prefix.length()).toLowerCase(Locale.ROOT);
    }

    /**
     * The canonical (lower-case UUID) spelling of an id a client sent, so ids match however a client
     * cased them. Unknown shapes are returned as they are and simply find nothing.
     */
    public String canonical(String id) {
        return matches(id) ? prefix + id.substring(prefix.length()).toLowerCase(Locale.ROOT) : id;
    }
}
