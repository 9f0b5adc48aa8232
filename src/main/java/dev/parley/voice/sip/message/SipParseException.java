package dev.parley.voice.sip.message;

/**
 * Bytes that are not a SIP message we can read; the reason names what was wrong. When enough of a
 * request was read to answer it (its header fields, whatever was wrong after them), {@link #request}
 * holds it and {@link #status} the answer it deserves: 400, or 505 for a SIP version other than 2.0.
 */
public final class SipParseException extends Exception {
    private final transient SipMessage.Request request;
    private final int status;

    public SipParseException(String reason) {
        this(reason, null, 400);
    }

    SipParseException(String reason, SipMessage.Request request, int status) {
        super(reason, null, false, false);
        this.request = request;
        this.status = status;
    }

    /** The request as far as it was read, when it can be answered; else null. */
    public SipMessage.Request request() {
        return request;
    }

    public int status() {
        return status;
    }
}
