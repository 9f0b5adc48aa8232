package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.TestServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that honours {@code Retry-After} and retries each send with its client transaction id
 * ({@code Idempotency-Key}) stores every message exactly once, with gapless ids, through a per-user
 * limit: 40 concurrent senders x 10 messages through one user token. The limit (20 requests/s, bursts
 * of 20) is one this test reaches on any machine: its 40 opening requests, sent at once, would have to
 * spread over a whole second for none to be refused. (serve's default burst, twice the rate, let a busy
 * machine's 40 senders through without a refusal.)
 */
class RetryUnderLimitTest {
    private static final int SENDERS = 40;
    private static final int MESSAGES = 10;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("rateLimitUser", "20", "rateLimitUserBurst", "20"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void retried_sends_under_429_are_stored_exactly_once_with_gapless_ids() throws Exception {
        Fixtures fx = new Fixtures(server.admin());
        String user = Fixtures.unique("retry");
        fx.user(user);
        String c = fx.conversation();
        fx.joined(c, user);
        Api device = server.as(user);
        String events = "/v1/conversations/" + c + "/events";
        AtomicInteger refusals = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                senders.add(pool.submit(() -> {
                    for (int m = 0; m < MESSAGES; m++) {
                        String text = sender + "/" + m;
                        Api withKey = device.header("Idempotency-Key", c + "-" + text);
                        while (true) {
                            Response r = withKey.post(
                                    events,
                                    Map.of("type", "message", "body", Map.of("message_type", "text", "text", text)));
                            if (r.status() == 201) {
                                break;
                            }
                            assertThat(r.status()).as(r.toString()).isEqualTo(429);
                            refusals.incrementAndGet();
                            // The client honours the server's Retry-After: the protocol, not a test wait.
                            Thread.sleep(Long.parseLong(r.header("Retry-After")) * 1000);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : senders) {
                f.get();
            }
        }
        assertThat(refusals.get()).as("the per-user limit was reached").isPositive();

        Map<String, Integer> seen = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        String next = events + "?event_type=message&page_size=100&order=asc";
        while (next != null) {
            JsonNode page = server.admin().get(next).json();
            page.get("_embedded").forEach(e -> {
                ids.add(e.get("id").asLong());
                seen.merge(e.at("/body/text").asText(), 1, Integer::sum);
            });
            JsonNode link = page.at("/_links/next/href");
            next = link.isTextual() ? link.asText().substring(link.asText().indexOf("/v1/")) : null;
        }
        assertThat(seen).hasSize(SENDERS * MESSAGES);
        assertThat(seen.values()).containsOnly(1);
        // Gapless: the member's join is event 1, the 400 messages are 2..401.
        assertThat(ids).hasSize(SENDERS * MESSAGES);
        assertThat(ids.getFirst()).isEqualTo(2);
        assertThat(ids.getLast()).isEqualTo(1L + SENDERS * MESSAGES);
        JsonNode conversation = server.admin().get("/v1/conversations/" + c).json();
        assertThat(conversation.get("sequence_number").asLong()).isEqualTo(1L + SENDERS * MESSAGES);
    }
}
