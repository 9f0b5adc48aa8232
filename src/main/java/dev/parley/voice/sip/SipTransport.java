package dev.parley.voice.sip;

import java.net.InetSocketAddress;

/** Where SIP messages leave from: one UDP socket, or one TCP connection. Thread-safe. */
public interface SipTransport {
    /** {@code UDP} or {@code TCP}, as Via writes it. */
    String name();

    /** The local address peers reach us at through this transport. */
    InetSocketAddress local();

    /** Sends a message to {@code to} (ignored by a connection, which has one peer). */
    void send(SipMessage message, InetSocketAddress to);

    /** A message that arrived, where from, and the transport an answer goes back through. */
    record Inbound(SipMessage message, InetSocketAddress source, SipTransport transport) {}
}
