package dev.parley.voice.sip.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the addresses of a request can be read as RFC 3261 §25.1 writes them: the Request-URI (one
 * URI, no angle brackets, spaces or header part), and From, To and Contact as name-addr or addr-spec
 * (balanced quotes, a display name of tokens unless quoted, nothing but the URI inside the angle
 * brackets, and no {@code ?} or {@code ,} in a URI outside them). RFC 4475 §3.1.2 sends each fault.
 */
final class AddressChecks {
    private AddressChecks() {}

    /** scheme ":" and then no space, angle bracket or quote (RFC 3986 §3.1, RFC 3261 §25.1). */
    private static final java.util.regex.Pattern URI =
            java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s<>\"]+");

    /** What is wrong with the request's addresses, or empty. */
    static Optional<String> problem(SipMessage.Request request) {
        Optional<String> uri = requestUri(request.uri());
        if (uri.isPresent()) {
            return uri;
        }
        for (String header : List.of("From", "To")) {
            Optional<String> value = request.headers().first(header);
            if (value.isPresent()) {
                Optional<String> problem = address(value.get());
                if (problem.isPresent()) {
                    return Optional.of(header + ": " + problem.get());
                }
            }
        }
        for (String contacts : request.headers().all("Contact")) {
            for (String contact : splitAddresses(contacts)) {
                Optional<String> problem = contact.strip().equals("*") ? Optional.empty() : address(contact);
                if (problem.isPresent()) {
                    return Optional.of("Contact: " + problem.get());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> requestUri(String uri) {
        if (!URI.matcher(uri).matches()) {
            return Optional.of("the Request-URI is not a URI");
        }
        String scheme = uri.substring(0, uri.indexOf(':')).toLowerCase(Locale.ROOT);
        if ((scheme.equals("sip") || scheme.equals("sips")) && uri.indexOf('?', uri.lastIndexOf('@') + 1) >= 0) {
            return Optional.of("the Request-URI has a header part"); // RFC 3261 §19.1.1: not allowed there
        }
        return Optional.empty();
    }

    /** One name-addr or addr-spec with its header parameters. */
    private static Optional<String> address(String text) {
        String value = text.strip();
        int open = -1;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++; // a quoted-pair
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                open = i;
                break;
            }
        }
        if (quoted) {
            return Optional.of("an unterminated quoted string");
        }
        if (open < 0) {
            String uri = value.split(";", 2)[0].strip();
            if (uri.contains("?") || uri.contains(",") || uri.contains("\"")) {
                return Optional.of("a URI with ? or , must be in angle brackets");
            }
            return Optional.empty();
        }
        String display = value.substring(0, open).strip();
        if (!display.isEmpty() && display.charAt(0) != '"') {
            for (String word : display.split("\\s+")) {
                if (!SipText.isToken(word)) {
                    return Optional.of("a display name that is neither tokens nor quoted");
                }
            }
        } else if (!display.isEmpty() && display.charAt(display.length() - 1) != '"') {
            return Optional.of("text after the quoted display name");
        }
        int close = value.indexOf('>', open);
        if (close < 0) {
            return Optional.of("no closing angle bracket");
        }
        String inside = value.substring(open + 1, close);
        if (inside.isEmpty() || !inside.equals(inside.strip())) {
            return Optional.of("spaces inside the angle brackets");
        }
        return Optional.empty();
    }

    /** A Contact value split at the commas between addresses (not those in quotes or brackets). */
    private static List<String> splitAddresses(String value) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        boolean bracketed = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                bracketed = true;
            } else if (c == '>') {
                bracketed = false;
            } else if (c == ',' && !bracketed) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts;
    }
}
