package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.DomainException;
import dev.parley.domain.DomainException.InvalidParameter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem with a request's fields, then fails once naming them all (400
 * {@code http:error:validation-fail}). Reasons are worded as the hosted service words them.
 */
public final class Validation {
    private final List<InvalidParameter> problems = new ArrayList<>();

    public void add(String name, String reason) {
        problems.add(new InvalidParameter(name, reason));
    }

    public void addAll(List<InvalidParameter> more) {
        problems.addAll(more);
    }

    public List<InvalidParameter> problems() {
        return List.copyOf(problems);
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new DomainException.Invalid(problems);
        }
    }

    /** A string field: absent and null give null; anything else must be a string up to {@code max}. */
    public String string(JsonNode body, String field, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            add(field, quote(field) + " must be a string");
            return null;
        }
        String value = node.asText();
        if (value.length() > max) {
            add(field, quote(field) + " length must be less than or equal to " + max + " characters long");
            return null;
        }
        if (value.indexOf('\u0000') >= 0) {
            // No database text type stores NUL (PostgreSQL rejects it): refuse it up front, everywhere.
            add(field, quote(field) + " must not contain NUL characters");
            return null;
        }
        return value;
    }

    /** An optional name: a string up to {@code max} that, when given, is not blank. */
    public String name(JsonNode body, String field, int max) {
        String value = string(body, field, max);
        if (value != null && value.isBlank()) {
            add(field, quote(field) + " is not allowed to be empty");
            return null;
        }
        return value;
    }

    /** The {@code properties} object, whose {@code custom_data} (when given) must be an object. */
    public JsonNode properties(JsonNode body) {
        JsonNode properties = object(body, "properties");
        if (properties != null
                && properties.has("custom_data")
                && !properties.get("custom_data").isObject()) {
            add("properties.custom_data", "\"properties.custom_data\" must be of type object");
        }
        return properties;
    }

    public String requiredString(JsonNode body, String field, int max) {
        if (body.get(field) == null || body.get(field).isNull()) {
            add(field, quote(field) + " is required");
            return null;
        }
        String value = string(body, field, max);
        if (value != null && value.isBlank()) {
            add(field, quote(field) + " is not allowed to be empty");
            return null;
        }
        return value;
    }

    /** An absolute http(s) URI up to {@code max} characters. */
    public String uri(JsonNode body, String field, int max) {
        String value = string(body, field, max);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (!uri.isAbsolute() || uri.getScheme() == null) {
                throw new URISyntaxException(value, "not absolute");
            }
        } catch (URISyntaxException e) {
            add(field, quote(field) + " must be a valid uri");
            return null;
        }
        return value;
    }

    /** A JSON object field: absent and null give null. */
    public JsonNode object(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            add(field, quote(field) + " must be of type object");
            return null;
        }
        return node;
    }

    /**
     * A string enum, matched in any letter case (the spec's own spelling, and the other case some
     * clients send); returns the matching value as {@code allowed} spells it, or null when absent or
     * refused.
     */
    public String oneOf(JsonNode body, String field, List<String> allowed, boolean required) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                add(field, quote(field) + " is required");
            }
            return null;
        }
        if (node.isTextual()) {
            for (String value : allowed) {
                if (value.equalsIgnoreCase(node.asText())) {
                    return value;
                }
            }
        }
        add(field, quote(field) + " must be one of [" + String.join(", ", allowed) + "]");
        return null;
    }

    /**
     * A URL as the Voice API gives one: an array holding one absolute http(s) URL (or, leniently, the
     * URL as a plain string); null if absent.
     */
    public String voiceUrl(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode value = node.isArray() && node.size() == 1 ? node.get(0) : node;
        if (!value.isTextual()) {
            add(field, quote(field) + " must be an array holding one URL");
            return null;
        }
        try {
            URI uri = new URI(value.asText());
            if (uri.getHost() == null && uri.getRawAuthority() != null) {
                add(
                        field,
                        quote(field) + " has a host that cannot be read (" + uri.getRawAuthority()
                                + "): write an IPv4 address as four decimal numbers, such as 192.0.2.1");
                return null;
            }
            if (uri.getScheme() == null
                    || !(uri.getScheme().equalsIgnoreCase("http")
                            || uri.getScheme().equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                add(field, quote(field) + " must be an absolute http or https URL");
                return null;
            }
        } catch (URISyntaxException e) {
            add(field, quote(field) + " must be a URL");
            return null;
        }
        return value.asText();
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when absent or refused. */
    public int integer(JsonNode body, String field, int fallback, int min, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
            add(field, quote(field) + " must be a whole number from " + min + " to " + max);
            return fallback;
        }
        return node.asInt();
    }

    /** An audio {@code level}: -1 to 1, as a number or the string the Voice API's spec shows; 0 when absent. */
    public double level(JsonNode body) {
        JsonNode node = body.get("level");
        if (node == null || node.isNull()) {
            return 0;
        }
        try {
            double level = node.isNumber() ? node.asDouble() : Double.parseDouble(node.asText());
            if (level >= -1 && level <= 1) {
                return level;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        add("level", "\"level\" must be a number from -1 to 1");
        return 0;
    }

    public static boolean isExplicitNull(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && node.isNull();
    }

    public static String quote(String field) {
        return "\"" + field + "\"";
    }
}
