package dev.parley.realtime.ws;

/**
 * The slice of engine.io v4 / socket.io v5 the Client SDKs use, over the websocket transport only
 * (both SDKs force it). Each websocket text message is one engine.io packet: a type digit, then for
 * "message" packets a socket.io packet: type digit, optional ack id, JSON.
 */
final class EngineIo {
    private EngineIo() {}

    static final long PING_INTERVAL_MS = 25_000;
    static final long PING_TIMEOUT_MS = 20_000;
    static final int MAX_PAYLOAD = 1_000_000;

    static final String PING = "2";
    static final String PONG = "3";
    static final String DISCONNECT = "41";

    /** Engine.io OPEN: the handshake the client waits for before anything else. */
    static String open(String sid) {
        return "0{\"sid\":\"" + sid + "\",\"upgrades\":[],\"pingInterval\":" + PING_INTERVAL_MS + ",\"pingTimeout\":"
                + PING_TIMEOUT_MS + ",\"maxPayload\":" + MAX_PAYLOAD + "}";
    }

    /** Socket.io CONNECT answer for the default namespace. */
    static String connected(String sid) {
        return "40{\"sid\":\"" + sid + "\"}";
    }

    /** A parsed socket.io packet sent by the client. */
    record Packet(char type, Long ackId, String json) {}

    /**
     * Parses an engine.io "message" packet ({@code 4...}) into its socket.io packet; returns null for
     * anything else.
     */
    static Packet parseMessage(String text) {
        if (text.length() < 2 || text.charAt(0) != '4') {
            return null;
        }
        char type = text.charAt(1);
        int i = 2;
        // A namespace other than "/" would appear here as "/name,"; the SDKs use the default one.
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            i = comma < 0 ? text.length() : comma + 1;
        }
        int digits = i;
        while (digits < text.length() && Character.isDigit(text.charAt(digits)) && digits - i < 18) {
            digits++;
        }
        Long ackId = digits > i ? Long.valueOf(text.substring(i, digits)) : null;
        return new Packet(type, ackId, text.substring(digits));
    }
}
