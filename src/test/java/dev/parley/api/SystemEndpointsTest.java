package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Response;
import dev.parley.fixtures.TestServer;
import org.junit.jupiter.api.Test;

class SystemEndpointsTest {

    @Test
    void health_needs_no_token_and_metrics_expose_requests_and_sockets() {
        try (TestServer server = TestServer.start()) {
            Response health = server.withToken(null).get("/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").asText()).isEqualTo("ok");
            server.admin().get("/v1/conversations");
            Response metrics = server.withToken(null).get("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.text())
                    .contains("parley_http_requests_seconds_count")
                    .contains("route=\"/v1/conversations\"")
                    .contains("parley_rtc_sockets")
                    .contains("parley_stream_routed_position");
        }
    }

    @Test
    void socket_closes_are_counted_by_code_and_reason() throws Exception {
        try (TestServer server = TestServer.start()) {
            try (dev.parley.fixtures.RtcClient refused =
                    dev.parley.fixtures.RtcClient.connect(server.baseUrl(), "garbage", null, true)) {
                refused.login();
                refused.awaitClosed(java.time.Duration.ofSeconds(10));
            }
            String text = "";
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (!text.contains("parley_rtc_closes_total") && System.nanoTime() < deadline) {
                text = server.withToken(null).get("/metrics").text();
            }
            assertThat(text).contains("parley_rtc_closes_total{code=\"1008\",reason=\"system:error:invalid-token\"}");
        }
    }
}
