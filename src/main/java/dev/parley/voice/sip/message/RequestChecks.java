package dev.parley.voice.sip.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a UAS checks of a request before acting on it (RFC 3261 §8.2), in the RFC's order: is it well
 * formed at all (400), is its Request-URI a scheme Parley speaks (416), does it require an extension
 * Parley lacks (420 with {@code Unsupported}), is its body a type Parley reads (415 with {@code
 * Accept}), can Parley answer in a type it accepts (406), and has it run out of hops (483). Pure.
 */
public final class RequestChecks {
    /** Headers a request carries exactly once (RFC 3261 §7.3.1, §20). */
    private static final List<String> SINGLE = List.of("Call-ID", "From", "To", "CSeq", "Max-Forwards", "Content-Type");

    private RequestChecks() {}

    /** A refusal: the status, and a header to add to the response (or null). */
    public record Refusal(int status, String reason, String header, String value) {}

    /** Why the request cannot be read as RFC 3261 says, or empty when it can. */
    public static Optional<String> malformation(SipMessage.Request request) {
        SipHeaders h = request.headers();
        if (h.all("Via").isEmpty()) {
            return Optional.of("no Via");
        }
        for (String name : SINGLE) {
            if (count(h, name) > 1) {
                return Optional.of(name + " given more than once");
            }
        }
        if (h.first("From").isEmpty()
                || h.first("To").isEmpty()
                || request.callId().isEmpty()) {
            return Optional.of("From, To and Call-ID are required");
        }
        if (!request.cseq().valid() || !request.cseq().method().equals(request.method())) {
            return Optional.of("CSeq does not name the request's method");
        }
        String topVia =
                SipText.splitOutsideQuotes(h.first("Via").orElse(""), ',').getFirst();
        Via via = Via.parse(topVia);
        if (via.transport().isEmpty() || via.host().isEmpty() || hasEmptyParameter(topVia)) {
            return Optional.of("the top Via cannot be read");
        }
        Optional<String> hops = h.first("Max-Forwards");
        if (hops.isPresent()
                && !(hops.get().strip().matches("[0-9]{1,9}")
                        && Integer.parseInt(hops.get().strip()) <= 255)) {
            return Optional.of("Max-Forwards is not a number from 0 to 255"); // RFC 3261 §20.22
        }
        return AddressChecks.problem(request);
    }

    /** The refusal a well-formed request of a method Parley serves gets, or empty to go on. */
    public static Optional<Refusal> refusal(SipMessage.Request request) {
        SipHeaders h = request.headers();
        String method = request.method();
        String scheme = scheme(request.uri());
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            return Optional.of(new Refusal(416, null, null, null));
        }
        if (!method.equals("CANCEL")) {
            List<String> unsupported = new ArrayList<>();
            for (String option : h.all("Require")) {
                if (!option.isBlank()) {
                    unsupported.add(option.strip());
                }
            }
            if (!unsupported.isEmpty()) { // Parley supports no extension a peer could require
                return Optional.of(new Refusal(420, null, "Unsupported", String.join(", ", unsupported)));
            }
        }
        if (request.body().length > 0) {
            String type = h.first("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (!type.startsWith("application/sdp")) {
                return Optional.of(new Refusal(415, null, "Accept", "application/sdp"));
            }
        }
        if (method.equals("INVITE") && !accepts(h.all("Accept"))) {
            return Optional.of(new Refusal(406, null, "Accept", "application/sdp"));
        }
        Optional<String> hops = h.first("Max-Forwards");
        if (!method.equals("OPTIONS")
                && hops.isPresent()
                && Integer.parseInt(hops.get().strip()) == 0) {
            return Optional.of(new Refusal(483, null, null, null));
        }
        return Optional.empty();
    }

    /** Whether an answer in SDP is acceptable: no Accept at all, or one naming it or a wildcard over it. */
    private static boolean accepts(List<String> accepted) {
        if (accepted.isEmpty()) {
            return true;
        }
        for (String value : accepted) {
            String type = value.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (type.equals("application/sdp") || type.equals("application/*") || type.equals("*/*")) {
                return true;
            }
        }
        return false;
    }

    private static String scheme(String uri) {
        int colon = uri.indexOf(':');
        return colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    private static long count(SipHeaders h, String name) {
        String key = SipHeaders.key(name);
        return h.fields().stream()
                .filter(f -> SipHeaders.key(f.name()).equals(key))
                .count();
    }

    /** {@code ;;} or a {@code ;} with nothing after it: a parameter without even a name. */
    private static boolean hasEmptyParameter(String via) {
        int semicolon = via.indexOf(';');
        if (semicolon < 0) {
            return false;
        }
        for (String part : SipText.splitOutsideQuotes(via.substring(semicolon + 1), ';')) {
            if (part.isBlank() || part.strip().startsWith("=")) {
                return true;
            }
        }
        return false;
    }
}
