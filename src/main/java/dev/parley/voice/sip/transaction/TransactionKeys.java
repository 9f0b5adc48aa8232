package dev.parley.voice.sip.transaction;

import dev.parley.voice.sip.message.NameAddress;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.message.Via;
import java.util.Locale;

/** How messages find their transactions (RFC 3261 §17.1.3 and §17.2.3). */
public final class TransactionKeys {
    private TransactionKeys() {}

    /** A response's client transaction: the top Via's branch and the CSeq method. */
    public static String client(SipMessage.Response response) {
        return client(response.topVia().branch(), response.cseq().method());
    }

    /** The client transaction of a request we send with {@code branch}. */
    public static String client(String branch, String method) {
        return branch + " " + method;
    }

    /**
     * A request's server transaction: its branch, the top Via's sent-by and its method, an ACK counting
     * as its INVITE's. For a peer of RFC 2543 (no magic cookie): the Request-URI, From tag, Call-ID,
     * CSeq number and the whole top Via, plus the To tag outside INVITE (an INVITE has none, its ACK
     * ours). A branch reused by another sender is another transaction.
     */
    public static String server(SipMessage.Request request) {
        return server(request, request.method().equals("ACK") ? "INVITE" : request.method());
    }

    /** The INVITE transaction a CANCEL cancels (RFC 3261 §9.2): the CANCEL's own key, method INVITE. */
    public static String cancelled(SipMessage.Request cancel) {
        return server(cancel, "INVITE");
    }

    private static String server(SipMessage.Request request, String method) {
        Via via = request.topVia();
        // A branch of the cookie alone identifies nothing (RFC 4475 §3.2.1): matched the 2543 way.
        if (via.branch().startsWith(Via.COOKIE) && via.branch().length() > Via.COOKIE.length()) {
            return via.branch() + " " + via.host().toLowerCase(Locale.ROOT) + ":" + via.port() + " " + method;
        }
        String toTag = method.equals("INVITE") ? "" : tag(request, "To");
        return "2543 " + request.uri() + " " + tag(request, "From") + " " + toTag + " " + request.callId() + " "
                + request.cseq().number() + " " + request.headers().first("Via").orElse("") + " " + method;
    }

    private static String tag(SipMessage.Request request, String header) {
        return NameAddress.parse(request.headers().first(header).orElse("")).tag();
    }
}
