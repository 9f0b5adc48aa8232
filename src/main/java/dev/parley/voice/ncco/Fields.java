package dev.parley.voice.ncco;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads one NCCO object's fields with their types and ranges, naming the field in every failure. */
final class Fields {
    private final JsonNode node;
    private final String where;

    Fields(JsonNode node, String where) {
        this.node = node;
        this.where = where;
    }

    NccoException error(String message) {
        return new NccoException(where + ": " + message);
    }

    private JsonNode get(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    boolean has(String name) {
        return get(name) != null;
    }

    String requiredText(String name, int maxLength) throws NccoException {
        String text = text(name, maxLength);
        if (text == null || text.isBlank()) {
            throw error("\"" + name + "\" is required");
        }
        return text;
    }

    String text(String name, int maxLength) throws NccoException {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw error("\"" + name + "\" must be a string");
        }
        if (value.asText().length() > maxLength) {
            throw error("\"" + name + "\" must be at most " + maxLength + " characters");
        }
        return value.asText();
    }

    String oneOf(String name, Set<String> allowed, String fallback) throws NccoException {
        String text = text(name, 100);
        if (text == null) {
            return fallback;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw error("\"" + name + "\" must be one of " + new java.util.TreeSet<>(allowed));
        }
        return lower;
    }

    boolean bool(String name, boolean fallback) throws NccoException {
        JsonNode value = get(name);
        if (value == null) {
            return fallback;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()
                && (value.asText().equals("true") || value.asText().equals("false"))) {
            return Boolean.parseBoolean(value.asText()); // the Java SDK writes some flags as strings
        }
        throw error("\"" + name + "\" must be true or false");
    }

    Boolean optionalBool(String name) throws NccoException {
        return has(name) ? bool(name, false) : null;
    }

    Integer integer(String name, int min, int max) throws NccoException {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (value.isTextual() && value.asText().matches("-?\\d{1,9}")) {
            value = com.fasterxml.jackson.databind.node.IntNode.valueOf(Integer.parseInt(value.asText()));
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw error("\"" + name + "\" must be a whole number");
        }
        int number = value.intValue();
        if (number < min || number > max) {
            throw error("\"" + name + "\" must be between " + min + " and " + max);
        }
        return number;
    }

    Double number(String name, double min, double max) throws NccoException {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        double number;
        if (value.isNumber()) {
            number = value.doubleValue();
        } else if (value.isTextual()) {
            try {
                number = Double.parseDouble(value.asText()); // "level": "0.5" in the REST talk body
            } catch (NumberFormatException e) {
                throw error("\"" + name + "\" must be a number");
            }
        } else {
            throw error("\"" + name + "\" must be a number");
        }
        if (!(number >= min && number <= max)) {
            throw error("\"" + name + "\" must be between " + min + " and " + max);
        }
        return number;
    }

    /** A list of strings; null when absent (which differs from an empty list for canHear/canSpeak). */
    List<String> texts(String name) throws NccoException {
        JsonNode value = get(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw error("\"" + name + "\" must be an array of strings");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw error("\"" + name + "\" must be an array of strings");
            }
            items.add(item.asText());
        }
        return List.copyOf(items);
    }

    /** An array holding exactly one URL (eventUrl, streamUrl, musicOnHoldUrl are arrays in NCCOs). */
    String singleUrl(String name, boolean required) throws NccoException {
        List<String> urls = texts(name);
        if (urls == null || urls.isEmpty()) {
            if (required) {
                throw error("\"" + name + "\" is required (an array with one URL)");
            }
            return null;
        }
        if (urls.size() != 1) {
            throw error("\"" + name + "\" must hold exactly one URL");
        }
        String url = urls.get(0);
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw error("\"" + name + "\" must be an http or https URL");
        }
        return url;
    }

    /** An optional http(s) URL given as a string, as {@code ringbackTone} is (an array of one is taken too). */
    String url(String name) throws NccoException {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            return singleUrl(name, false);
        }
        if (!value.isTextual()) {
            throw error("\"" + name + "\" must be a URL");
        }
        String url = value.asText();
        if (url.length() > 2_000 || (!url.startsWith("http://") && !url.startsWith("https://"))) {
            throw error("\"" + name + "\" must be an http or https URL");
        }
        return url;
    }

    NccoAction.Webhook webhook(boolean required) throws NccoException {
        String url = singleUrl("eventUrl", required);
        String method = oneOf("eventMethod", Set.of("get", "post"), "post").toUpperCase(Locale.ROOT);
        return url == null ? null : new NccoAction.Webhook(url, method);
    }

    JsonNode object(String name, boolean required) throws NccoException {
        JsonNode value = get(name);
        if (value == null) {
            if (required) {
                throw error("\"" + name + "\" is required");
            }
            return null;
        }
        if (!value.isObject()) {
            throw error("\"" + name + "\" must be an object");
        }
        return value;
    }

    /** The fields of a nested settings object ({@code dtmf}, {@code speech} ...); none when absent. */
    Fields nested(String name) throws NccoException {
        JsonNode value = object(name, false);
        return new Fields(
                value == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : value,
                where + " " + name);
    }

    Map<String, String> stringMap(String name) throws NccoException {
        JsonNode value = object(name, false);
        Map<String, String> map = new TreeMap<>();
        if (value != null) {
            for (var entry : value.properties()) {
                if (!entry.getValue().isValueNode()) {
                    throw error("\"" + name + "\" values must be strings");
                }
                map.put(entry.getKey(), entry.getValue().asText());
            }
        }
        return Map.copyOf(map);
    }
}
