package dev.parley.voice.sip.dialog;

import dev.parley.voice.sip.message.NameAddress;
import dev.parley.voice.sip.message.SipHeaders;
import dev.parley.voice.sip.message.SipMessage;
import dev.parley.voice.sip.message.SipText;
import dev.parley.voice.sip.transport.SipTransport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A dialog (RFC 3261 §12): Call-ID, both tags (inside the From and To we write), the remote target,
 * the route set and our CSeq, from which every request we send inside it is built. Thread-safe.
 */
public final class Dialog {
    private final String callId;
    /** Our side as a header value, with our tag: From in our requests. */
    private final String local;
    /** The peer's side as a header value, with its tag: To in our requests. */
    private final String remote;

    private final String remoteTarget;
    private final List<String> routeSet;
    private long localSequence;

    private Dialog(String callId, String local, String remote, String remoteTarget, List<String> routeSet, long seq) {
        this.callId = callId;
        this.local = local;
        this.remote = remote;
        this.remoteTarget = remoteTarget;
        this.routeSet = List.copyOf(routeSet);
        this.localSequence = seq;
    }

    /**
     * The dialog an INVITE we answer opens (§12.1.1): the caller's Contact is the remote target, its
     * Record-Route in order the route set; our To gets {@code localTag}; our own CSeq starts at 1.
     */
    public static Dialog asServer(SipMessage.Request invite, String localTag) {
        String to = invite.headers().first("To").orElse("");
        if (NameAddress.parse(to).tag() == null) {
            to = to + ";tag=" + localTag;
        }
        String from = invite.headers().first("From").orElse("");
        return new Dialog(invite.callId(), to, from, target(invite.headers(), from), routes(invite.headers()), 1);
    }

    /**
     * The dialog a 2xx to our INVITE opens (§12.1.2): its Contact is the remote target, its
     * Record-Route reversed the route set, its To (with the peer's tag) the remote side.
     */
    public static Dialog asClient(SipMessage.Request invite, SipMessage.Response ok) {
        List<String> routes = new ArrayList<>(routes(ok.headers()));
        Collections.reverse(routes);
        String to = ok.headers().first("To").orElse(invite.headers().first("To").orElse(""));
        String target = target(ok.headers(), invite.uri());
        return new Dialog(
                invite.callId(),
                invite.headers().first("From").orElse(""),
                to,
                target,
                routes,
                invite.cseq().number());
    }

    private static String target(SipHeaders headers, String fallback) {
        String uri =
                NameAddress.parse(headers.first("Contact").orElse(fallback)).uri();
        return uri.isEmpty() ? NameAddress.parse(fallback).uri() : uri;
    }

    private static List<String> routes(SipHeaders headers) {
        return headers.all("Record-Route").stream()
                .flatMap(value -> SipText.splitOutsideQuotes(value, ',').stream())
                .map(String::strip)
                .toList();
    }

    public String callId() {
        return callId;
    }

    /** Our tag. */
    public String localTag() {
        return NameAddress.parse(local).tag();
    }

    /** The peer's tag (null when it gave none). */
    public String remoteTag() {
        return NameAddress.parse(remote).tag();
    }

    /** A new request inside the dialog (BYE, re-INVITE ...): the next CSeq, a fresh branch. */
    public synchronized SipMessage.Request request(String method, SipTransport transport) {
        return build(method, ++localSequence, transport);
    }

    /** The ACK for the 2xx to our INVITE with CSeq {@code number} (§13.2.2.4): its own branch. */
    public SipMessage.Request ack(long number, SipTransport transport) {
        return build("ACK", number, transport);
    }

    private SipMessage.Request build(String method, long number, SipTransport transport) {
        SipHeaders h = SipHeaders.empty()
                .with("Via", transport.via(SipText.randomTag()))
                .with("Max-Forwards", "70")
                .with("From", local)
                .with("To", remote)
                .with("Call-ID", callId)
                .with("CSeq", number + " " + method);
        for (String route : routeSet) {
            h = h.with("Route", route);
        }
        h = h.with("User-Agent", "Parley");
        return new SipMessage.Request(method, remoteTarget, h, null);
    }
}
