package dev.parley.voice.sip.message;

import java.net.InetSocketAddress;

/** Builds responses to requests as RFC 3261 §8.2.6 says: the request's Vias, From, To, Call-ID, CSeq. */
public final class Responses {
    private Responses() {}

    public static String reason(int status) {
        return switch (status) {
            case 100 -> "Trying";
            case 180 -> "Ringing";
            case 183 -> "Session Progress";
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Unsupported URI Scheme";
            case 420 -> "Bad Extension";
            case 483 -> "Too Many Hops";
            case 505 -> "Version Not Supported";
            case 480 -> "Temporarily Unavailable";
            case 481 -> "Call/Transaction Does Not Exist";
            case 482 -> "Loop Detected";
            case 486 -> "Busy Here";
            case 487 -> "Request Terminated";
            case 488 -> "Not Acceptable Here";
            case 500 -> "Server Internal Error";
            case 503 -> "Service Unavailable";
            default -> "Unknown";
        };
    }

    /**
     * A response to {@code request} from {@code source}; {@code toTag} is added to To when it has none
     * (a 100 never gets one). The top Via gets {@code received} and {@code rport} (RFC 3581), so the
     * peer's view of where it sent from is recorded.
     */
    public static SipMessage.Response to(
            SipMessage.Request request, InetSocketAddress source, int status, String toTag, byte[] body) {
        SipHeaders h = SipHeaders.empty();
        boolean top = true;
        for (SipHeaders.Field field : request.headers().fields()) {
            if (!SipHeaders.key(field.name()).equals("via")) {
                continue;
            }
            for (String via : SipText.splitOutsideQuotes(field.value(), ',')) {
                h = h.with("Via", top ? stamped(via, source) : via);
                top = false;
            }
        }
        String to = request.headers().first("To").orElse("");
        if (status > 100 && toTag != null && NameAddress.parse(to).tag() == null) {
            to = to + ";tag=" + toTag;
        }
        h = h.with("From", request.headers().first("From").orElse(""))
                .with("To", to)
                .with("Call-ID", request.callId())
                .with("CSeq", request.headers().first("CSeq").orElse(""))
                .with("Server", "Parley");
        return new SipMessage.Response(status, reason(status), h, body);
    }

    private static String stamped(String via, InetSocketAddress source) {
        Via parsed = Via.parse(via);
        String address = source.getAddress().getHostAddress();
        String stamped = via;
        if (parsed.params().containsKey("rport") && parsed.params().get("rport").isEmpty()) {
            stamped = stamped.replaceFirst(";\\s*rport(?=;|$)", ";rport=" + source.getPort());
        }
        if (!parsed.host().equals(address) && !parsed.params().containsKey("received")) {
            stamped = stamped + ";received=" + address;
        }
        return stamped;
    }
}
