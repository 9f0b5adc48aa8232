package dev.parley.voice.sip.message;

import java.util.Map;

/**
 * A From, To or Contact value: {@code "Alice" <sip:alice@example.com>;tag=1928}. {@code uri} is the
 * address without angle brackets; {@code params} the header parameters after it (the tag among them).
 */
public record NameAddress(String displayName, String uri, Map<String, String> params) {
    public static NameAddress parse(String text) {
        String value = text.strip();
        int open = value.indexOf('<');
        int close = value.indexOf('>', open + 1);
        if (open >= 0 && close > open) {
            String display = SipText.unquote(value.substring(0, open).strip());
            return new NameAddress(
                    display.isEmpty() ? null : display,
                    value.substring(open + 1, close).strip(),
                    SipText.parameters(stripLeadingSemicolon(value.substring(close + 1))));
        }
        // addr-spec form: header parameters follow the URI directly (RFC 3261 §20.10).
        int semicolon = value.indexOf(';');
        return semicolon < 0
                ? new NameAddress(null, value, Map.of())
                : new NameAddress(
                        null, value.substring(0, semicolon), SipText.parameters(value.substring(semicolon + 1)));
    }

    private static String stripLeadingSemicolon(String text) {
        String stripped = text.strip();
        return stripped.startsWith(";") ? stripped.substring(1) : stripped;
    }

    public String tag() {
        return params.get("tag");
    }

    /** The user part of a sip: URI ({@code alice} of {@code sip:alice@host}), or null. */
    public String user() {
        return SipUri.user(uri);
    }
}
