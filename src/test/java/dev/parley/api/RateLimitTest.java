package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Token buckets per application and per user: 429 in the Vonage format with Retry-After, isolated per tenant. */
class RateLimitTest {
    /** Users limited to 1/s (bursts of 2); the application's limit is far away. */
    private static TestServer users;
    /** The application limited to 20/s (bursts of 40). */
    private static TestServer applications;

    @BeforeAll
    static void start() {
        users = TestServer.start(Map.of("rateLimitApplication", "10000", "rateLimitUser", "1"));
        applications = TestServer.start(Map.of("rateLimitApplication", "20"));
    }

    @AfterAll
    static void stop() {
        users.close();
        applications.close();
    }

    /** Requests until the first 429 (or {@code max}); returns every answer. */
    private static List<Response> until429(Api api, String path, int max) {
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            Response r = api.get(path);
            answers.add(r);
            if (r.status() == 429) {
                break;
            }
        }
        return answers;
    }

    @Test
    void a_user_over_its_rate_gets_429_with_retry_after_and_other_users_are_unaffected() {
        TestServer server = users;
        Fixtures fx = new Fixtures(server.admin());
        String aliceName = Fixtures.unique("rl");
        String alice = fx.user(aliceName);
        String bob = Fixtures.unique("rl");
        fx.user(bob);
        List<Response> answers = until429(server.as(aliceName), "/v1/users/" + alice, 10);
        Response refused = answers.getLast();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(answers).hasSizeLessThanOrEqualTo(3); // burst of 2, then refused
        assertThat(refused.code()).isEqualTo("http:error:too-many-request");
        assertThat(refused.json().get("title").asText()).isEqualTo("Too Many Requests.");
        assertThat(refused.json().get("detail").asText()).contains("request limit");
        assertThat(refused.json().get("instance").asText()).isNotBlank();
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 2L);
        assertThat(server.as(bob).get("/v1/users/" + bob).status()).isEqualTo(200);
    }

    @Test
    void an_application_over_its_rate_does_not_starve_another_application() {
        TestServer server = applications;
        Api other = server.withToken(server.createApplication("other").adminToken());

        long started = System.nanoTime();
        List<Response> answers = until429(server.admin(), "/v1/users", 1000);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(answers.getLast().status()).isEqualTo(429);
        assertThat(answers.getLast().code()).isEqualTo("http:error:too-many-request");
        // The burst of 40, plus at most what refilled (20/s) while the requests ran.
        assertThat(answers.size() - 1).isBetween(40, 40 + (int) Math.ceil(20 * seconds) + 1);
        assertThat(other.get("/v1/users").status()).isEqualTo(200);
    }
}
