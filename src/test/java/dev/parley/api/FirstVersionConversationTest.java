package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conversations of the API's first versions under {@code /beta} (as its 2019 users called it) and
 * {@code /v0.1}: the era's curl bodies (their unexpanded {@code "$CONV_NAME"} included), offset paging
 * with {@code count}, {@code uuid}s, {@code {id, href}} answers with {@code href}s on the version called,
 * {@code {}} for deletes, and errors carrying {@code description}. A server of its own, so counts are
 * exact.
 */
class FirstVersionConversationTest {
    private static TestServer server;
    private static Api admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_eras_curl_calls_round_trip_a_conversation_on_both_prefixes() {
        for (String prefix : List.of("/beta", "/v0.1")) {
            // the snippet's body sits inside $'...', so the shell never expands it
            Response created = admin.post(
                    prefix + "/conversations", Map.of("name", "$CONV_NAME", "display_name", "$CONV_DISPLAY_NAME"));
            assertThat(created.status()).as(prefix + " create").isEqualTo(200);
            String id = created.json().path("id").asText();
            assertThat(id).startsWith("CON-");
            assertThat(created.json().path("href").asText())
                    .isEqualTo(server.baseUrl() + prefix + "/conversations/" + id);

            JsonNode got = admin.get(prefix + "/conversations/" + id).json();
            assertThat(got.path("uuid").asText()).isEqualTo(id);
            assertThat(got.path("name").asText()).isEqualTo("$CONV_NAME");
            assertThat(got.path("display_name").asText()).isEqualTo("$CONV_DISPLAY_NAME");
            assertThat(got.path("members").isArray()).isTrue();
            assertThat(got.path("href").asText()).isEqualTo(server.baseUrl() + prefix + "/conversations/" + id);

            Response replaced =
                    admin.put(prefix + "/conversations/" + id, Map.of("name", "$CONV_NAME", "display_name", "Renamed"));
            assertThat(replaced.status()).isEqualTo(200);
            assertThat(replaced.json().path("id").asText()).isEqualTo(id);
            assertThat(replaced.json().path("href").asText()).endsWith(prefix + "/conversations/" + id);
            assertThat(admin.get(prefix + "/conversations/" + id)
                            .json()
                            .path("display_name")
                            .asText())
                    .isEqualTo("Renamed");

            Response deleted = admin.delete(prefix + "/conversations/" + id);
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.json().isObject()).isTrue();
            assertThat(deleted.json().size()).isZero();

            Response gone = admin.get(prefix + "/conversations/" + id);
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.json().path("code").asText()).isEqualTo("conversation:error:not-found");
            assertThat(gone.json().path("description").asText())
                    .as("the era's clients print code and description")
                    .isEqualTo(gone.json().path("detail").asText())
                    .isNotEmpty();
        }
    }

    @Test
    void conversations_page_by_record_index_with_a_count_in_either_order() {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            made.add(admin.post("/v1/conversations", Map.of("name", "paged-" + i))
                    .json()
                    .path("id")
                    .asText());
        }
        for (String prefix : List.of("/beta", "/v0.1")) {
            List<String> seen = new ArrayList<>();
            for (int index = 0; index < 10; index += 3) {
                JsonNode page = admin.get(prefix + "/conversations?page_size=3&record_index=" + index)
                        .json();
                assertThat(page.path("page_size").asInt()).isEqualTo(3);
                assertThat(page.path("record_index").asInt()).isEqualTo(index);
                assertThat(page.path("_links").path("self").path("href").asText())
                        .startsWith(server.baseUrl() + prefix + "/conversations?");
                for (JsonNode item : page.path("_embedded").path("conversations")) {
                    assertThat(item.path("href").asText())
                            .isEqualTo(server.baseUrl() + prefix + "/conversations/"
                                    + item.path("uuid").asText());
                    seen.add(item.path("uuid").asText());
                }
            }
            List<String> all = new ArrayList<>(seen);
            assertThat(seen)
                    .as(prefix + ": every conversation once, oldest first")
                    .endsWith(made.toArray(new String[0]));
            int count =
                    admin.get(prefix + "/conversations").json().path("count").asInt();
            assertThat(count).isEqualTo(all.size());
            JsonNode newest =
                    admin.get(prefix + "/conversations?order=desc&page_size=1").json();
            assertThat(newest.path("_embedded")
                            .path("conversations")
                            .path(0)
                            .path("uuid")
                            .asText())
                    .isEqualTo(made.get(made.size() - 1));
            JsonNode defaults = admin.get(prefix + "/conversations").json();
            assertThat(defaults.path("page_size").asInt())
                    .as("the spec's default")
                    .isEqualTo(10);
        }
    }

    @Test
    void bad_paging_is_a_validation_error_with_a_description() {
        Response bad = admin.get("/beta/conversations?record_index=-1&page_size=101");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("code").asText()).isEqualTo("http:error:validation-fail");
        assertThat(bad.json().path("description").asText())
                .isEqualTo(bad.json().path("detail").asText());
        List<String> names = new ArrayList<>();
        bad.json()
                .path("invalid_parameters")
                .forEach(p -> names.add(p.path("name").asText()));
        assertThat(names).contains("record_index", "page_size");
        Response v1 = admin.get("/v1/conversations/CON-00000000-0000-0000-0000-000000000000");
        assertThat(v1.json().has("description"))
                .as("v1 errors keep their own shape")
                .isFalse();
    }
}
