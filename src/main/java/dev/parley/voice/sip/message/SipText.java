package dev.parley.voice.sip.message;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small pieces of SIP's text grammar shared by the header types: lists, quoted strings, parameters. */
public final class SipText {
    private SipText() {}

    /** Splits at {@code separator} where it is outside double quotes and angle brackets. */
    public static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int angle = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>' && angle > 0) {
                angle--;
            } else if (!quoted && angle == 0 && c == separator) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        String last = text.substring(start).strip();
        if (!last.isEmpty() || !parts.isEmpty()) {
            parts.add(last);
        }
        return parts;
    }

    /**
     * {@code ;name=value;flag} parameters (names lower-cased, a flag's value empty), in order. The text
     * starts after the part they belong to.
     */
    public static Map<String, String> parameters(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String part : splitOutsideQuotes(text, ';')) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = (eq < 0 ? part : part.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : unquote(part.substring(eq + 1).strip());
            params.put(name, value);
        }
        return params;
    }

    public static String unquote(String text) {
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return text;
    }

    /** Whether {@code text} is a token (RFC 3261 §25.1): what a method, header name or bare word may be. */
    public static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-.!%*_+`'~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A fresh tag or branch suffix: 16 hex digits (64 random bits), unique for this endpoint's lifetime. */
    public static String randomTag() {
        return java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
