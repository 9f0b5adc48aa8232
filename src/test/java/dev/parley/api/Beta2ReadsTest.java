package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.SharedServer;
import dev.parley.fixtures.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code /beta2} reads of the later 2019 betas (nexmo-node 2.6 and 2.7): conversation and user
 * lists in v0.2's shape (items under {@code _embedded.data}, cursor paging), one user, one member and
 * one event.
 */
class Beta2ReadsTest {
    @RegisterExtension
    static final SharedServer shared = SharedServer.start();

    static final TestServer server = shared.server();
    static final Api admin = shared.admin();
    static final Fixtures fx = shared.fixtures();

    @Test
    void lists_and_single_reads_answer_in_the_later_betas_shapes() {
        String name = Fixtures.unique("b2");
        String userId = fx.user(name);
        String conversation = fx.conversation();
        String member = fx.joined(conversation, name);
        long event = fx.text(conversation, member, "hello");

        List<String> conversations = new ArrayList<>();
        String next = "/beta2/conversations?page_size=100";
        while (next != null) {
            JsonNode page = admin.get(next).json();
            page.path("_embedded").path("data").path("conversations").forEach(c -> {
                assertThat(c.path("_links").path("self").path("href").asText()).isNotEmpty();
                conversations.add(c.path("id").asText());
            });
            String href = page.path("_links").path("next").path("href").asText(null);
            next = href == null ? null : href.substring(server.baseUrl().length());
        }
        assertThat(conversations).contains(conversation);

        JsonNode users = admin.get("/beta2/users?page_size=100&order=desc").json();
        List<String> userIds = new ArrayList<>();
        users.path("_embedded")
                .path("data")
                .path("users")
                .forEach(u -> userIds.add(u.path("id").asText()));
        assertThat(userIds).contains(userId);

        assertThat(admin.get("/beta2/users/" + userId).json().path("name").asText())
                .isEqualTo(name);
        JsonNode one = admin.get("/beta2/conversations/" + conversation + "/members/" + member)
                .json();
        assertThat(one.path("id").asText()).isEqualTo(member);
        assertThat(one.path("state").asText()).isEqualTo("JOINED");
        JsonNode read = admin.get("/beta2/conversations/" + conversation + "/events/" + event)
                .json();
        assertThat(read.path("id").asLong()).isEqualTo(event);
        assertThat(read.path("type").asText()).isEqualTo("message");
        assertThat(admin.get("/beta2/users/USR-00000000-0000-0000-0000-000000000000")
                        .json()
                        .path("description")
                        .asText())
                .isNotEmpty();
    }
}
