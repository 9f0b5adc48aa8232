package dev.parley.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Which web origins may call the API from a browser (CORS). The default, any origin, is safe here
 * because Parley authenticates with bearer tokens only, never cookies: a page can use only the tokens
 * it was given, never a visitor's ambient credentials. Operators may still name their apps' origins.
 */
public record CorsSettings(List<String> origins) {
    public static final String ANY = "*";
    public static final CorsSettings ANY_ORIGIN = new CorsSettings(List.of(ANY));

    public CorsSettings {
        origins = List.copyOf(origins);
    }

    /** From {@code --cors-origins}: {@code *}, or a comma-separated list of {@code scheme://host[:port]}. */
    public static CorsSettings parse(String value) {
        List<String> origins = new ArrayList<>();
        for (String origin : value.split(",")) {
            if (!origin.isBlank()) {
                origins.add(origin.strip());
            }
        }
        return new CorsSettings(origins);
    }

    public boolean anyOrigin() {
        return origins.contains(ANY);
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (origins.isEmpty()) {
            problems.add("cors-origins must name at least one origin, or * (got none)");
        }
        for (String origin : origins) {
            if (!origin.equals(ANY) && !origin.matches("https?://[^/\\s:]+(:[0-9]{1,5})?")) {
                problems.add("cors-origins: " + origin + " is not an origin (scheme://host[:port], no path)");
            }
        }
        return problems;
    }
}
