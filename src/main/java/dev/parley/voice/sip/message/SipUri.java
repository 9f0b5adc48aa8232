package dev.parley.voice.sip.message;

/** The parts of a {@code sip:user@host:port;params} URI that routing needs. */
public final class SipUri {
    private SipUri() {}

    /**
     * The user part, %-escapes decoded ({@code sip:%75ser@...} is {@code user}, RFC 3261 §19.1.4), or
     * null when there is none.
     */
    public static String user(String uri) {
        String rest = withoutScheme(uri);
        int at = rest.indexOf('@');
        return at < 0 ? null : unescape(rest.substring(0, at));
    }

    /** Decodes %HH escapes (as UTF-8); a % not followed by two hex digits stays as it is. */
    static String unescape(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int plain = 0; // start of the run of text not yet copied
        for (int i = 0; i + 2 < text.length(); i++) {
            if (text.charAt(i) == '%' && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                bytes.writeBytes(text.substring(plain, i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
                plain = i + 1;
            }
        }
        bytes.writeBytes(text.substring(plain).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** The host (without port and parameters). */
    public static String host(String uri) {
        String rest = withoutScheme(uri);
        int at = rest.indexOf('@');
        String hostPart = at < 0 ? rest : rest.substring(at + 1);
        int end = hostPart.length();
        for (char stop : new char[] {';', '?', ':'}) {
            int i = hostPart.indexOf(stop);
            if (i >= 0 && i < end && !(stop == ':' && hostPart.startsWith("["))) {
                end = i;
            }
        }
        return hostPart.substring(0, end);
    }

    /** The port written in the URI, or 5060. */
    public static int port(String uri) {
        String rest = withoutScheme(uri);
        int at = rest.indexOf('@');
        String hostPart = at < 0 ? rest : rest.substring(at + 1);
        for (char stop : new char[] {';', '?'}) {
            int i = hostPart.indexOf(stop);
            if (i >= 0) {
                hostPart = hostPart.substring(0, i);
            }
        }
        int colon = hostPart.lastIndexOf(':');
        if (colon < 0 || hostPart.indexOf(']') > colon) {
            return 5060;
        }
        try {
            int port = Integer.parseInt(hostPart.substring(colon + 1));
            return port > 0 && port < 65536 ? port : 5060;
        } catch (NumberFormatException e) {
            return 5060;
        }
    }

    /** A URI parameter ({@code transport} of {@code sip:a@b;transport=tcp}), lower-cased name, or null. */
    public static String parameter(String uri, String name) {
        String rest = withoutScheme(uri);
        int question = rest.indexOf('?');
        if (question >= 0) {
            rest = rest.substring(0, question);
        }
        int semicolon = rest.indexOf(';');
        return semicolon < 0
                ? null
                : SipText.parameters(rest.substring(semicolon + 1)).get(name);
    }

    private static String withoutScheme(String uri) {
        String value = uri.strip();
        if (value.regionMatches(true, 0, "sips:", 0, 5)) {
            return value.substring(5);
        }
        if (value.regionMatches(true, 0, "sip:", 0, 4)) {
            return value.substring(4);
        }
        return value;
    }
}
