package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.SharedServer;
import dev.parley.fixtures.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The users of the API's first versions under {@code /beta} and {@code /v0.1}: the era's curl bodies
 * (unexpanded {@code "$USER_NAME"} included), bare arrays for the user list and a user's
 * conversations, {@code {id, href}} answers on the version called, {@code {}} for deletes, errors with
 * {@code description}.
 */
class FirstVersionUserTest {
    @RegisterExtension
    static final SharedServer shared = SharedServer.start();

    static final TestServer server = shared.server();
    static final Api admin = shared.admin();
    static final Fixtures fx = shared.fixtures();

    @Test
    void the_eras_curl_calls_round_trip_a_user_on_both_prefixes() {
        for (String prefix : List.of("/beta", "/v0.1")) {
            Response created =
                    admin.post(prefix + "/users", Map.of("name", "$USER_NAME", "display_name", "$USER_DISPLAY_NAME"));
            assertThat(created.status()).as(prefix + " create").isEqualTo(200);
            String id = created.json().path("id").asText();
            assertThat(id).startsWith("USR-");
            String href = server.baseUrl() + prefix + "/users/" + id;
            assertThat(created.json().path("href").asText()).isEqualTo(href);

            JsonNode got = admin.get(prefix + "/users/" + id).json();
            assertThat(got.path("id").asText()).isEqualTo(id);
            assertThat(got.path("name").asText()).isEqualTo("$USER_NAME");
            assertThat(got.path("href").asText()).isEqualTo(href);

            Response list = admin.get(prefix + "/users");
            assertThat(list.json().isArray()).as("a bare array").isTrue();
            List<String> hrefs = new ArrayList<>();
            list.json().forEach(u -> hrefs.add(u.path("href").asText()));
            assertThat(hrefs).contains(href);

            Response replaced = admin.put(prefix + "/users/" + id, Map.of("display_name", "Renamed"));
            assertThat(replaced.status()).isEqualTo(200);
            assertThat(replaced.json().path("href").asText()).isEqualTo(href);
            assertThat(admin.get(prefix + "/users/" + id)
                            .json()
                            .path("display_name")
                            .asText())
                    .isEqualTo("Renamed");

            Response deleted = admin.delete(prefix + "/users/" + id);
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.json().size()).isZero();
            Response gone = admin.get(prefix + "/users/" + id);
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.json().path("code").asText()).isEqualTo("user:error:not-found");
            assertThat(gone.json().path("description").asText())
                    .isEqualTo(gone.json().path("detail").asText());
        }
    }

    @Test
    void a_users_conversations_are_a_bare_array_with_its_membership_and_only_its_own() {
        String alice = Fixtures.unique("alice");
        String aliceId = fx.user(alice);
        String bob = Fixtures.unique("bob");
        fx.user(bob);
        String conversation = fx.conversation();
        String member = fx.joined(conversation, alice);
        for (String prefix : List.of("/beta", "/v0.1")) {
            Response mine = server.as(alice).get(prefix + "/users/" + aliceId + "/conversations");
            assertThat(mine.status()).isEqualTo(200);
            assertThat(mine.json().isArray()).isTrue();
            assertThat(mine.json()).hasSize(1);
            JsonNode item = mine.json().get(0);
            assertThat(item.path("id").asText()).isEqualTo(conversation);
            assertThat(item.path("member_id").asText()).isEqualTo(member);
            assertThat(item.path("state").asText()).isEqualTo("JOINED");
            assertThat(item.path("href").asText())
                    .isEqualTo(server.baseUrl() + prefix + "/conversations/" + conversation);

            Response others = server.as(bob).get(prefix + "/users/" + aliceId + "/conversations");
            assertThat(others.status()).isEqualTo(403);
            assertThat(others.json().path("description").asText()).isNotEmpty();
        }
    }

    @Test
    void the_user_list_pages_by_record_index() {
        List<String> all = new ArrayList<>();
        admin.get("/v0.1/users?page_size=100")
                .json()
                .forEach(u -> all.add(u.path("id").asText()));
        for (int i = 0; i < 3; i++) {
            fx.user(Fixtures.unique("paged"));
        }
        List<String> walked = new ArrayList<>();
        for (int index = 0; ; index += 2) {
            JsonNode page =
                    admin.get("/v0.1/users?page_size=2&record_index=" + index).json();
            page.forEach(u -> walked.add(u.path("id").asText()));
            if (page.size() < 2) {
                break;
            }
        }
        assertThat(walked)
                .startsWith(all.toArray(new String[0]))
                .hasSize(walked.stream().distinct().toList().size());
        assertThat(walked.size()).isGreaterThanOrEqualTo(all.size() + 3);
    }
}
