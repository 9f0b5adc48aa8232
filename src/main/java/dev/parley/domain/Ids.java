package dev.parley.domain;

import java.util.Locale;
import java.util.UUID;

/**
 * Resource id kinds: a type prefix and a lower-case UUID, as the hosted service issues them. The typed
 * ids ({@link ConversationId} ...) are made through here.
 */
public enum Ids {
    CONVERSATION("CON-"),
    MEMBER("MEM-"),
    USER("USR-"),
    SESSION("SES-");

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
        return id != null && id.startsWith(prefix) && isUuid(id, prefix.length());
    }

    /**
     * A UUID's 36 characters (hex digits, hyphens at 8, 13, 18 and 23) from {@code from} to the end.
     * By hand, not by regex: every stored row's ids are checked when read.
     */
    static boolean isUuid(String text, int from) {
        if (text.length() - from != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(from + i);
            boolean hyphen = i == 8 || i == 13 || i == 18 || i == 23;
            if (hyphen ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
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
