package dev.parley.voice.sip.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A SIP message's header fields in the order they came, each value as written. Names match without
 * regard to case and in their compact forms ({@code i} is {@code Call-ID}, {@code v} is {@code Via}
 * ...), as RFC 3261 §7.3.3 requires. Immutable.
 */
public final class SipHeaders {
    /** RFC 3261 §7.3.3 compact forms, and RFC 3515/3891's few that peers use. */
    private static final Map<String, String> COMPACT = Map.ofEntries(
            Map.entry("i", "call-id"),
            Map.entry("m", "contact"),
            Map.entry("e", "content-encoding"),
            Map.entry("l", "content-length"),
            Map.entry("c", "content-type"),
            Map.entry("f", "from"),
            Map.entry("s", "subject"),
            Map.entry("k", "supported"),
            Map.entry("t", "to"),
            Map.entry("v", "via"));

    /** One header line: the name as written, and its value without surrounding white space. */
    public record Field(String name, String value) {}

    private final List<Field> fields;

    private SipHeaders(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    public static SipHeaders of(List<Field> fields) {
        return new SipHeaders(fields);
    }

    public static SipHeaders empty() {
        return new SipHeaders(List.of());
    }

    /** The canonical lower-case name: compact forms expanded. */
    static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return COMPACT.getOrDefault(lower, lower);
    }

    public List<Field> fields() {
        return fields;
    }

    public Optional<String> first(String name) {
        String key = key(name);
        for (Field field : fields) {
            if (key(field.name()).equals(key)) {
                return Optional.of(field.value());
            }
        }
        return Optional.empty();
    }

    /** Every value of the header, a comma-separated line counted as several values (§7.3.1). */
    public List<String> all(String name) {
        String key = key(name);
        List<String> values = new ArrayList<>();
        for (Field field : fields) {
            if (key(field.name()).equals(key)) {
                values.addAll(SipText.splitOutsideQuotes(field.value(), ','));
            }
        }
        return values;
    }

    /** These headers and one more at the end. */
    public SipHeaders with(String name, String value) {
        List<Field> next = new ArrayList<>(fields);
        next.add(new Field(name, value));
        return new SipHeaders(next);
    }

    /** These headers without any of {@code name}. */
    public SipHeaders without(String name) {
        String key = key(name);
        return new SipHeaders(
                fields.stream().filter(f -> !key(f.name()).equals(key)).toList());
    }

    /** These headers with every {@code name} replaced by one line holding {@code value}. */
    public SipHeaders replacing(String name, String value) {
        return without(name).with(name, value);
    }
}
