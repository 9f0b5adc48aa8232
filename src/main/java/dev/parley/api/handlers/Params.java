package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.DomainException.InvalidParameter;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Typed query parameters, each recorded as a link filter and checked into a {@link Validation}. */
public final class Params {
    private Params() {}

    public static Long date(Context ctx, String name, Map<String, String> filters, Validation v) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        filters.put(name, text);
        return Dates.parseMillis(text).orElseGet(() -> {
            v.add(name, "\"" + name + "\" must be a valid ISO 8601 date");
            return null;
        });
    }

    public static Long positiveLong(Context ctx, String name, Map<String, String> filters, Validation v) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        filters.put(name, text);
        try {
            long value = Long.parseLong(text.strip());
            if (value < 1) {
                v.add(name, "\"" + name + "\" must be greater than or equal to 1");
            }
            return value;
        } catch (NumberFormatException e) {
            v.add(name, "\"" + name + "\" must be a number");
            return null;
        }
    }

    /** One of {@code allowed}, in any letter case, returned as {@code allowed} spells it; null when absent. */
    public static String oneOf(
            Context ctx, String name, List<String> allowed, Map<String, String> filters, Validation v) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return null;
        }
        for (String value : allowed) {
            if (value.equalsIgnoreCase(text.strip())) {
                filters.put(name, value);
                return value;
            }
        }
        v.add(name, "\"" + name + "\" must be one of [" + String.join(", ", allowed) + "]");
        return null;
    }

    /** A whole number from {@code min} to {@code max}; {@code fallback} when absent or refused. */
    public static int integer(
            Context ctx, String name, int fallback, int min, int max, Map<String, String> filters, Validation v) {
        String text = ctx.queryParam(name);
        if (text == null) {
            return fallback;
        }
        filters.put(name, text.strip());
        try {
            int value = Integer.parseInt(text.strip());
            if (value < min || value > max) {
                v.add(name, "\"" + name + "\" must be between " + min + " and " + max);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            v.add(name, "\"" + name + "\" must be a whole number");
            return fallback;
        }
    }

    /** {@code order}: {@code asc} (the default) or {@code desc}, in any letter case; true for ascending. */
    public static boolean ascending(Context ctx, Map<String, String> filters, Validation v) {
        String text = ctx.queryParam("order");
        if (text == null) {
            return true;
        }
        String order = text.strip().toLowerCase(Locale.ROOT);
        if (!order.equals("asc") && !order.equals("desc")) {
            v.add("order", "\"order\" must be one of [asc, desc]");
            return true;
        }
        filters.put("order", order);
        return order.equals("asc");
    }

    public static boolean bool(Context ctx, String name, Map<String, String> filters, Validation v) {
        String text = ctx.queryParam(name);
        if (text == null || text.isBlank()) {
            return false;
        }
        filters.put(name, text);
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> {
                v.add(name, "\"" + name + "\" must be a boolean");
                yield false;
            }
        };
    }

    /** An update body may repeat the resource's id (the SDKs send it); a different id is an error. */
    public static void checkRepeatedId(JsonNode body, String pathId, Validation v) {
        if (pathId == null || !body.has("id") || body.get("id").isNull()) {
            return;
        }
        if (!body.get("id").isTextual() || !body.get("id").asText().equalsIgnoreCase(pathId)) {
            v.add("id", "\"id\" must match the id in the path");
        }
    }

    /** The problems of a nested object's validation, named from the outer body ("callback.url"). */
    public static List<InvalidParameter> prefixed(String prefix, Validation inner) {
        return inner.problems().stream()
                .map(p -> new InvalidParameter(
                        prefix + p.name(), p.reason().replace("\"" + p.name() + "\"", "\"" + prefix + p.name() + "\"")))
                .toList();
    }
}
