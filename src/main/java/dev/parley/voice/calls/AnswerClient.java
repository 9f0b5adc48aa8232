package dev.parley.voice.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.outbound.OutboundGate;
import dev.parley.outbound.OutboundRefused;
import dev.parley.wire.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;

/**
 * Asks the application what a call should do: its answer URL with the call's {@code to}, {@code from},
 * {@code uuid}, {@code conversation_uuid} and the caller's {@code X-} SIP headers (as {@code
 * SipHeader_X-...}), by GET (query) or POST (JSON). As the Voice API does: on a connection error, a
 * timeout, 429, 503 or 504 the answer URL is tried twice, then the fallback answer URL twice. Requests go
 * through the {@link OutboundGate}; one it refuses is not tried again, and the reply says why.
 * Thread-safe.
 */
public final class AnswerClient implements AutoCloseable {
    private static final Set<Integer> RETRIED = Set.of(429, 503, 504);

    private final OutboundGate gate;
    private final HttpClient http;
    private final Duration timeout;

    public AnswerClient(Duration timeout, OutboundGate gate) {
        this.gate = gate;
        this.http = gate.httpClient("answers", timeout, 64, true);
        this.timeout = timeout;
    }

    /** What the application answered: an NCCO, or none (and then whether the gate refused the URL). */
    public record Reply(Optional<JsonNode> ncco, Optional<OutboundRefused> refused) {
        static final Reply NONE = new Reply(Optional.empty(), Optional.empty());

        /** Why no NCCO came from {@code what} ("the answer URL"), for the call's error event. */
        public String whyNone(String what) {
            return refused.map(r -> "No NCCO came from " + what + ": " + r.getMessage() + ".")
                    .orElse("No NCCO came from " + what + ".");
        }
    }

    /** The NCCO the application answered, or why none came. */
    public Reply ncco(String answerUrl, String method, String fallbackUrl, Map<String, String> params) {
        ObjectNode body = Json.object();
        params.forEach(body::put);
        OutboundRefused refused = null;
        String[] urls = {answerUrl, answerUrl, fallbackUrl, fallbackUrl};
        for (int i = 0; i < urls.length; i++) {
            if (urls[i] == null) {
                continue;
            }
            Attempt attempt = attempt(urls[i], method, body);
            if (attempt.ncco() != null) {
                return new Reply(Optional.of(attempt.ncco()), Optional.empty());
            }
            if (attempt.refused() != null) {
                refused = attempt.refused();
                i |= 1; // not this URL again: on to the fallback
                continue;
            }
            if (!attempt.retry()) {
                break;
            }
        }
        return new Reply(Optional.empty(), Optional.ofNullable(refused));
    }

    /**
     * Sends a call's event that may answer with an NCCO ({@code input} results, {@code notify}) as JSON
     * and returns what came back, retried like the answer URL on connection errors, 429, 503 and 504.
     */
    public Reply callback(String url, String method, ObjectNode body) {
        for (int i = 0; i < 2; i++) {
            Attempt attempt = attempt(url, method, body);
            if (attempt.ncco() != null) {
                return new Reply(Optional.of(attempt.ncco()), Optional.empty());
            }
            if (attempt.refused() != null) {
                return new Reply(Optional.empty(), Optional.of(attempt.refused()));
            }
            if (!attempt.retry()) {
                break;
            }
        }
        return Reply.NONE;
    }

    private record Attempt(JsonNode ncco, boolean retry, OutboundRefused refused) {}

    private Attempt attempt(String url, String method, ObjectNode body) {
        Request request;
        try {
            if ("POST".equalsIgnoreCase(method)) {
                request = http.POST(gate.target(URI.create(url)))
                        .body(new StringRequestContent("application/json", body.toString()));
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
                request = http.newRequest(gate.target(URI.create(url + (url.contains("?") ? "&" : "?") + query)));
            }
        } catch (IllegalArgumentException e) {
            return new Attempt(null, false, null); // not a URL we can call
        } catch (OutboundRefused refused) {
            return new Attempt(null, false, refused);
        }
        try {
            ContentResponse response = request.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .agent("Parley")
                    .send();
            if (response.getStatus() / 100 == 2) {
                return new Attempt(parsed(response.getContentAsString()), false, null);
            }
            return new Attempt(null, RETRIED.contains(response.getStatus()), null);
        } catch (ExecutionException e) {
            return OutboundRefused.in(e)
                    .map(refused -> new Attempt(null, false, refused))
                    .orElse(new Attempt(null, true, null)); // connection refused, reset
        } catch (TimeoutException e) {
            return new Attempt(null, true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(null, false, null);
        } catch (IllegalArgumentException e) {
            return new Attempt(null, false, null); // not a URL we can call
        }
    }

    /** The answer as JSON; text that is not JSON is kept as a string, which the NCCO reader refuses. */
    private static JsonNode parsed(String body) {
        try {
            JsonNode ncco = Json.parse(body);
            return ncco == null ? NullNode.getInstance() : ncco;
        } catch (IllegalStateException e) {
            return TextNode.valueOf(body);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(AnswerClient.class).debug("answer client did not stop cleanly", e);
        }
    }
}
