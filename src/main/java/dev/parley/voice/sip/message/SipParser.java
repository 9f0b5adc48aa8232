package dev.parley.voice.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SIP messages (RFC 3261 §7) from bytes. Lenient where peers differ (bare LF line ends, folded
 * header lines, compact names, no Content-Length on UDP), strict where a mistake would be silent: a
 * start line it cannot read, a header without a colon, a body shorter than its Content-Length, or a
 * message over the size limits is refused with the reason.
 */
public final class SipParser {
    /** The largest message read: far above any real INVITE, far below anything harmful. */
    public static final int MAX_MESSAGE_BYTES = 65_535;

    private static final int MAX_HEADER_LINES = 256;

    private SipParser() {}

    /** One whole message, as a UDP datagram carries it. */
    public static SipMessage parse(byte[] data, int length) throws SipParseException {
        if (length > MAX_MESSAGE_BYTES) {
            throw new SipParseException("message larger than " + MAX_MESSAGE_BYTES + " bytes");
        }
        int headEnd = endOfHead(data, 0, length);
        if (headEnd < 0) {
            throw new SipParseException("no empty line after the header fields");
        }
        Head head = head(data, 0, headEnd);
        int bodyStart = bodyStart(data, headEnd);
        int available = length - bodyStart;
        int bodyLength = head.contentLength() < 0 ? available : head.contentLength();
        if (bodyLength > available) {
            throw head.unanswerable("body shorter than its Content-Length");
        }
        return head.message(Arrays.copyOfRange(data, bodyStart, bodyStart + bodyLength));
    }

    /** {@code SIP/2.0 200 OK}; the reason phrase may be empty (RFC 3261 §25.1: {@code *(...)}). */
    private static final Pattern STATUS_LINE = Pattern.compile("SIP/2\\.0 ([0-9]{3})(?: (.*))?");

    /**
     * {@code METHOD request-uri SIP/x.y}: any version, so that another than 2.0 can be answered 505;
     * extra spaces between the three are read past (RFC 4475 §3.1.2.9 allows either).
     */
    private static final Pattern REQUEST_LINE = Pattern.compile("(\\S+) +(\\S+) +SIP/([0-9]+\\.[0-9]+)");

    /** A request line whose Request-URI has spaces in it: still a request, to be answered 400. */
    private static final Pattern SPACED_REQUEST_LINE = Pattern.compile("(\\S+) +(.+?) +SIP/([0-9]+\\.[0-9]+)");

    /** The start line and header fields, and the Content-Length they give (-1 for none). */
    public record Head(String startLine, SipHeaders headers, int contentLength) {
        public SipMessage message(byte[] body) throws SipParseException {
            Matcher status = STATUS_LINE.matcher(startLine);
            if (status.matches()) {
                int code = Integer.parseInt(status.group(1));
                if (code < 100 || code > 699) {
                    throw new SipParseException("status code out of range");
                }
                return new SipMessage.Response(code, status.group(2) == null ? "" : status.group(2), headers, body);
            }
            Matcher request = REQUEST_LINE.matcher(startLine);
            if (request.matches() && SipText.isToken(request.group(1))) {
                SipMessage.Request read = new SipMessage.Request(
                        request.group(1).toUpperCase(Locale.ROOT), request.group(2), headers, body);
                if (!request.group(3).equals("2.0")) {
                    throw new SipParseException("SIP version " + request.group(3) + " is not supported", read, 505);
                }
                return read;
            }
            Matcher spaced = SPACED_REQUEST_LINE.matcher(startLine);
            if (spaced.matches() && SipText.isToken(spaced.group(1))) {
                SipMessage.Request read = new SipMessage.Request(
                        spaced.group(1).toUpperCase(Locale.ROOT), spaced.group(2), headers, body);
                throw new SipParseException("spaces in the Request-URI", read, 400);
            }
            throw new SipParseException("not a SIP/2.0 request or status line");
        }

        /** The head is a request that can be answered, though what follows it cannot be read: 400. */
        SipParseException unanswerable(String reason) {
            try {
                if (message(new byte[0]) instanceof SipMessage.Request request) {
                    return new SipParseException(reason, request, 400);
                }
            } catch (SipParseException e) {
                return e.request() != null ? e : new SipParseException(reason);
            }
            return new SipParseException(reason);
        }
    }

    /** Parses the head in {@code data[from, to)} (without the empty line). */
    public static Head head(byte[] data, int from, int to) throws SipParseException {
        String text = new String(data, from, to - from, StandardCharsets.UTF_8);
        String[] lines = text.split("\r?\n", -1);
        if (lines.length - 1 > MAX_HEADER_LINES) {
            throw new SipParseException("more than " + MAX_HEADER_LINES + " header lines");
        }
        String startLine = lines[0].strip();
        List<SipHeaders.Field> fields = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !fields.isEmpty()) {
                SipHeaders.Field last = fields.remove(fields.size() - 1);
                fields.add(new SipHeaders.Field(last.name(), last.value() + " " + line.strip()));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !SipText.isToken(line.substring(0, colon).strip())) {
                throw new SipParseException("header line without a name and colon");
            }
            fields.add(new SipHeaders.Field(
                    line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        SipHeaders headers = SipHeaders.of(fields);
        int contentLength = -1;
        String problem = null;
        for (String declared : headers.all("Content-Length")) {
            int value;
            try {
                value = Integer.parseInt(declared.strip());
            } catch (NumberFormatException e) {
                problem = "Content-Length is not a number";
                break;
            }
            if (value < 0 || value > MAX_MESSAGE_BYTES) {
                problem = "Content-Length out of range";
                break;
            }
            if (contentLength >= 0 && value != contentLength) {
                // Which one frames the stream? Taking either lets a peer smuggle a message past us.
                problem = "conflicting Content-Length values";
                break;
            }
            contentLength = value;
        }
        Head head = new Head(startLine, headers, contentLength);
        if (problem != null) {
            throw head.unanswerable(problem);
        }
        return head;
    }

    /** Index of the empty line ending the head in {@code data[from, to)} (CRLFCRLF or LFLF), or -1. */
    public static int endOfHead(byte[] data, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (data[i] == '\n' && data[i + 1] == '\n') {
                return i;
            }
            if (data[i] == '\n' && data[i + 1] == '\r' && i + 2 < to && data[i + 2] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Where the body starts, given {@link #endOfHead}'s index. */
    public static int bodyStart(byte[] data, int headEnd) {
        return data[headEnd + 1] == '\r' ? headEnd + 3 : headEnd + 2;
    }
}
