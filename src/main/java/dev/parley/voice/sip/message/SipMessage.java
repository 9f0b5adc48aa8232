package dev.parley.voice.sip.message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A SIP request or response (RFC 3261 §7): start line, header fields and body. Immutable. */
public sealed interface SipMessage permits SipMessage.Request, SipMessage.Response {
    SipHeaders headers();

    byte[] body();

    /** A request: {@code METHOD request-uri SIP/2.0}. */
    record Request(String method, String uri, SipHeaders headers, byte[] body) implements SipMessage {
        public Request {
            body = body == null ? new byte[0] : body;
        }

        public Request withHeaders(SipHeaders next) {
            return new Request(method, uri, next, body);
        }
    }

    /** A response: {@code SIP/2.0 status reason}. */
    record Response(int status, String reason, SipHeaders headers, byte[] body) implements SipMessage {
        public Response {
            body = body == null ? new byte[0] : body;
        }
    }

    default String callId() {
        return headers().first("Call-ID").orElse("");
    }

    default CSeq cseq() {
        return CSeq.parse(headers().first("CSeq").orElse(""));
    }

    /** The topmost Via: the hop this message came from (requests) or goes back to (responses). */
    default Via topVia() {
        return Via.parse(headers().all("Via").stream().findFirst().orElse(""));
    }

    /** The message on the wire; Content-Length always written, from the body. */
    default byte[] encode() {
        StringBuilder head = new StringBuilder(256);
        switch (this) {
            case Request r ->
                head.append(r.method()).append(' ').append(r.uri()).append(" SIP/2.0\r\n");
            case Response r ->
                head.append("SIP/2.0 ")
                        .append(r.status())
                        .append(' ')
                        .append(r.reason())
                        .append("\r\n");
        }
        for (SipHeaders.Field field : headers().without("Content-Length").fields()) {
            head.append(field.name()).append(": ").append(field.value()).append("\r\n");
        }
        head.append("Content-Length: ").append(body().length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body().length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(body());
        return out.toByteArray();
    }
}
