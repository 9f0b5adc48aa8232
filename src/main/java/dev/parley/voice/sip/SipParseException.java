package dev.parley.voice.sip;

/** Bytes that are not a SIP message we can read; the reason names what was wrong. */
public final class SipParseException extends Exception {
    public SipParseException(String reason) {
        super(reason, null, false, false);
    }
}
