package dev.parley.voice.sip.message;

import java.util.Locale;

/** The CSeq header: a sequence number and the method it belongs to. */
public record CSeq(long number, String method) {
    /** Parses {@code "314159 INVITE"}; number -1 and method "" when malformed. */
    public static CSeq parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 2) {
            return new CSeq(-1, "");
        }
        try {
            return new CSeq(Long.parseLong(parts[0]), parts[1].toUpperCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            return new CSeq(-1, "");
        }
    }

    public boolean valid() {
        return number >= 0 && !method.isEmpty();
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
