package dev.parley.voice.sip.message;

import java.util.Locale;
import java.util.Map;

/**
 * One Via value: {@code SIP/2.0/UDP host:port;branch=z9hG4bK...;rport}. {@code branch} identifies the
 * transaction (RFC 3261 §17.2.3); {@code received} and {@code rport} say where a response really goes.
 */
public record Via(String transport, String host, int port, Map<String, String> params) {
    /** The magic cookie every RFC 3261 branch starts with. */
    public static final String COOKIE = "z9hG4bK";

    /** SLASH with its optional white space around it. */
    private static final java.util.regex.Pattern SLASH = java.util.regex.Pattern.compile("\\s*/\\s*");

    /** Parses a Via value; transport "" when malformed. */
    public static Via parse(String text) {
        int semicolon = text.indexOf(';');
        // SLASH is SWS "/" SWS (RFC 3261 §25.1): "SIP / 2.0 / UDP" is "SIP/2.0/UDP".
        String sentBy = SLASH.matcher((semicolon < 0 ? text : text.substring(0, semicolon)).strip())
                .replaceAll("/");
        Map<String, String> params = semicolon < 0 ? Map.of() : SipText.parameters(text.substring(semicolon + 1));
        String[] protocolAndHost = sentBy.split("\\s+", 2);
        if (protocolAndHost.length != 2) {
            return new Via("", "", 0, params);
        }
        String[] protocol = protocolAndHost[0].split("/");
        String transport = protocol.length == 3 ? protocol[2].toUpperCase(Locale.ROOT) : "";
        String hostPort = protocolAndHost[1].strip();
        String host = hostPort;
        int port = 5060;
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && hostPort.indexOf(']') < colon) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                return new Via("", "", 0, params);
            }
        }
        return new Via(transport, host, port, params);
    }

    public String branch() {
        return params.getOrDefault("branch", "");
    }
}
