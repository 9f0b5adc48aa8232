package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Json;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestartTest {

    @Test
    void a_restart_keeps_every_acknowledged_write_and_valid_cursors() {
        try (TestServer server = TestServer.start()) {
            Fixtures fx = new Fixtures(server.admin());
            String user = Fixtures.unique("durable");
            String userId = fx.user(user);
            String c = fx.conversation();
            String m = fx.joined(c, user);
            for (int i = 0; i < 5; i++) {
                fx.text(c, m, "before restart " + i);
            }
            String next = server.admin()
                    .get("/v1/conversations/" + c + "/events?page_size=2")
                    .json()
                    .at("/_links/next/href")
                    .asText();
            String cursorQuery = next.substring(next.indexOf("/v1/"));

            server.restart();

            var admin = server.admin();
            assertThat(admin.get("/v1/users/" + userId).json().get("name").asText())
                    .isEqualTo(user);
            JsonNode conversation = admin.get("/v1/conversations/" + c).json();
            assertThat(conversation.get("sequence_number").asInt()).isEqualTo(6);
            JsonNode events =
                    admin.get("/v1/conversations/" + c + "/events").json().get("_embedded");
            assertThat(Json.each(events, "id")).containsExactly("1", "2", "3", "4", "5", "6");
            Response resumed = admin.get(cursorQuery);
            assertThat(resumed.status()).isEqualTo(200);
            assertThat(Json.each(resumed.json().get("_embedded"), "id")).containsExactly("3", "4");
            long after = new Fixtures(admin).text(c, m, "after restart");
            assertThat(after).isEqualTo(7);
            assertThat(admin.get("/v1/conversations/" + c + "/members/" + m)
                            .json()
                            .get("state")
                            .asText())
                    .isEqualTo("JOINED");
            assertThat(admin.post("/v1/users", Map.of("name", user)).status()).isEqualTo(409);
        }
    }
}
