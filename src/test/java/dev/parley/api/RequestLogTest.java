package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.TestServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
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
}
