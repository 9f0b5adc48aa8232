package dev.parley.voice.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Asks the application what a call should do: its answer URL with the call's {@code to}, {@code from},
 * {@code uuid}, {@code conversation_uuid} and the caller's {@code X-} SIP headers (as {@code
 * SipHeader_X-...}), by GET (query) or POST (JSON). As the Voice API does: on a connection error, a
 * timeout, 429, 503 or 504 the answer URL is tried twice, then the fallback answer URL twice.
 * Thread-safe.
 */
public final class AnswerClient {
    private static final Set<Integer> RETRIED = Set.of(429, 503, 504);

    private final HttpClient http;
    private final Duration timeout;

    public AnswerClient(Duration timeout) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.timeout = timeout;
    }

    /** The NCCO the application answered, or empty when no URL gave one. */
    public Optional<JsonNode> ncco(String answerUrl, String method, String fallbackUrl, Map<String, String> params) {
        for (String url : new String[] {answerUrl, answerUrl, fallbackUrl, fallbackUrl}) {
            if (url == null) {
                continue;
            }
            Attempt attempt = attempt(url, method, params);
            if (attempt.ncco() != null) {
                return Optional.of(attempt.ncco());
            }
            if (!attempt.retry()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Sends a call's event that may answer with an NCCO ({@code input} results, {@code notify}) as JSON
     * and returns what came back, retried like the answer URL on connection errors, 429, 503 and 504.
     */
    public Optional<JsonNode> callback(String url, String method, ObjectNode body) {
        for (int i = 0; i < 2; i++) {
            Attempt attempt = attempt(url, method, body);
            if (attempt.ncco() != null) {
                return Optional.of(attempt.ncco());
            }
            if (!attempt.retry()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private record Attempt(JsonNode ncco, boolean retry) {}

    private Attempt attempt(String url, String method, Map<String, String> params) {
        ObjectNode body = Json.object();
        params.forEach(body::put);
        return attempt(url, method, body);
    }

    private Attempt attempt(String url, String method, ObjectNode body) {
        HttpRequest.Builder request;
        if ("POST".equalsIgnoreCase(method)) {
            request = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            StringBuilder query = new StringBuilder();
            body.properties().forEach(e -> {
                JsonNode value = e.getValue();
                boolean scalar = value.isTextual() || value.isNumber() || value.isBoolean();
                query.append(query.isEmpty() ? "" : "&")
                        .append(encode(e.getKey()))
                        .append('=')
                        .append(encode(scalar ? value.asText() : value.toString()));
            });
            request = HttpRequest.newBuilder(URI.create(url + (url.contains("?") ? "&" : "?") + query))
                    .GET();
        }
        try {
            HttpResponse<String> response = http.send(
                    request.timeout(timeout).header("User-Agent", "Parley").build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return new Attempt(parsed(response.body()), false);
            }
            return new Attempt(null, RETRIED.contains(response.statusCode()));
        } catch (IOException e) {
            return new Attempt(null, true); // connection refused, reset or timed out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(null, false);
        } catch (IllegalArgumentException e) {
            return new Attempt(null, false); // not a URL we can call
        }
    }

    /** The answer as JSON; text that is not JSON is kept as a string, which the NCCO reader refuses. */
    private static JsonNode parsed(String body) {
        try {
            JsonNode ncco = Json.parse(body);
            return ncco == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : ncco;
        } catch (IllegalStateException e) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(body);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
