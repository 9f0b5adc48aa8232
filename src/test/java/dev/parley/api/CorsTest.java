package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Browser apps on their own origin: CORS preflights on the paths the Client SDKs call are answered
 * without credentials, and responses (errors too) carry the CORS headers for an allowed origin. With
 * the default any origin is allowed; with {@code --cors-origins} only those named.
 */
class CorsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestServer open;
    private static TestServer closed;

    @BeforeAll
    static void start() {
        open = TestServer.start();
        closed = TestServer.start(Map.of("corsOrigins", "https://app.example,http://localhost:3000"));
    }

    @AfterAll
    static void stop() {
        open.close();
        closed.close();
    }

    private static HttpResponse<String> preflight(TestServer server, String path, String origin) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", origin)
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization, content-type")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(TestServer server, String path, String origin, String token)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Origin", origin);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_preflight_from_any_origin_is_answered_without_credentials() throws Exception {
        for (String path : new String[] {"/v0.3/conversations", "/beta/conversations", "/v1/users", "/v0.1/legs"}) {
            HttpResponse<String> response = preflight(open, path, "https://app.example");
            assertThat(response.statusCode()).as(path).isBetween(200, 204);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
                    .as(path)
                    .hasValueSatisfying(v -> assertThat(v).isIn("*", "https://app.example"));
            assertThat(response.headers().firstValue("Access-Control-Allow-Methods"))
                    .hasValueSatisfying(v -> assertThat(v).contains("POST"));
            assertThat(response.headers().firstValue("Access-Control-Allow-Headers"))
                    .hasValueSatisfying(v -> assertThat(v.toLowerCase()).contains("authorization"));
        }
    }

    @Test
    void responses_and_errors_carry_the_cors_header_so_a_page_can_read_them() throws Exception {
        HttpResponse<String> ok = get(open, "/v1/users", "https://app.example", open.adminToken());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
        HttpResponse<String> unauthorized = get(open, "/v1/users", "https://app.example", null);
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(unauthorized.headers().firstValue("Access-Control-Allow-Origin"))
                .isPresent();
        assertThat(unauthorized.body()).contains("\"title\"");
    }

    @Test
    void with_origins_named_only_those_are_allowed() throws Exception {
        HttpResponse<String> allowed = preflight(closed, "/v0.3/conversations", "https://app.example");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("https://app.example");
        HttpResponse<String> other = preflight(closed, "/v0.3/conversations", "https://evil.example");
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> read = get(closed, "/v1/users", "https://evil.example", closed.adminToken());
        assertThat(read.headers().firstValue("Access-Control-Allow-Origin"))
                .as("the browser will not hand the response to the page")
                .isEmpty();
        HttpResponse<String> local = get(closed, "/v1/users", "http://localhost:3000", closed.adminToken());
        assertThat(local.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:3000");
    }
}
