package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.ServerProcess;
import dev.parley.fixtures.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class RequestLogTest {

    @Test
    void the_error_instance_appears_in_the_request_log_line_and_no_token_does() {
        Logger access = (Logger) LoggerFactory.getLogger("parley.access");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        access.addAppender(appender);
        try (TestServer server = TestServer.start()) {
            String token = server.adminToken();
            Response r = server.withToken(token).get("/v1/conversations/CON-00000000-0000-0000-0000-000000000000");
            String instance = r.json().get("instance").asText();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            String line = null;
            while (line == null && Instant.now().isBefore(deadline)) {
                line = appender.list.stream()
                        .map(ILoggingEvent::getFormattedMessage)
                        .filter(m -> m.contains(instance))
                        .findFirst()
                        .orElse(null);
                Thread.onSpinWait();
            }
            assertThat(line).isNotNull().contains("404").contains("conversation:error:not-found");
            assertThat(appender.list).noneMatch(e -> e.getFormattedMessage().contains(token));
        } finally {
            access.detachAppender(appender);
        }
    }

    /**
     * The access log is buffered (a write per interval, not per request): lines reach standard error
     * after the flush interval, and the last ones at a normal stop even when the interval is long.
     */
    @Test
    void access_lines_reach_standard_error_within_the_flush_interval_and_at_stop(@TempDir Path dir) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Path serveErr = dir.resolve("serve.err");
        String early = "CON-" + UUID.randomUUID();
        String last = "CON-" + UUID.randomUUID();
        ServerProcess node = ServerProcess.start(Map.of("PARLEY_ACCESS_LOG_FLUSH_MS", "200"), dir, null);
        try {
            get(http, node, early);
            String log = Eventually.get(
                    () -> Files.readString(serveErr).contains(early) ? Files.readString(serveErr) : null,
                    Duration.ofSeconds(10));
            assertThat(log).contains("GET /v1/conversations/" + early + " 401");
        } finally {
            node.close();
        }
        Path slowDir = Files.createDirectories(dir.resolve("slow"));
        ServerProcess slow = ServerProcess.start(Map.of("PARLEY_ACCESS_LOG_FLUSH_MS", "600000"), slowDir, null);
        get(http, slow, last);
        slow.close(); // SIGTERM: logback's shutdown hook stops the appender, which flushes
        assertThat(Files.readString(slowDir.resolve("serve.err"))).contains("GET /v1/conversations/" + last + " 401");
    }

    private static void get(HttpClient http, ServerProcess node, String conversation) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(node.baseUrl() + "/v1/conversations/" + conversation))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
    }
}
