package dev.parley.voice.sip.transport;

import dev.parley.voice.sip.message.SipMessage;
import java.net.InetSocketAddress;

/** Where SIP messages leave from: one UDP socket, or one TCP connection. Thread-safe. */
public interface SipTransport {
    /** {@code UDP} or {@code TCP}, as Via writes it. */
    String name();

    /** The local address peers reach us at through this transport. */
    InetSocketAddress local();

    /** {@code host:port} of {@link #local}, as Via's sent-by and a Contact write it (IPv6 in brackets). */
    default String hostPort() {
        String host = local().getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + local().getPort();
    }

    /** Our Contact through this transport: {@code <sip:user@host:port;transport=udp>}. */
    default String contact(String user) {
        return "<sip:" + user + "@" + hostPort() + ";transport=" + name().toLowerCase(java.util.Locale.ROOT) + ">";
    }

    /** A top Via for a new request of ours through this transport: a fresh branch, asking for rport. */
    default String via(String branchSuffix) {
        return "SIP/2.0/" + name() + " " + hostPort() + ";branch=" + dev.parley.voice.sip.message.Via.COOKIE
                + branchSuffix + ";rport";
    }

    /** Sends a message to {@code to} (ignored by a connection, which has one peer). */
    void send(SipMessage message, InetSocketAddress to);

    /** A message that arrived, where from, and the transport an answer goes back through. */
    record Inbound(SipMessage message, InetSocketAddress source, SipTransport transport) {}
}
