package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.SharedServer;
import dev.parley.fixtures.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConversationApiTest {
    @RegisterExtension
    static final SharedServer shared = SharedServer.start();

    static final TestServer server = shared.server();
    static final Api admin = shared.admin();
    static final Fixtures fx = shared.fixtures();

    @Test
    void create_returns_201_with_the_full_conversation() {
        String name = Fixtures.unique("customer_chat");
        Response r = admin.post(
                "/v1/conversations",
                Map.of(
                        "name",
                        name,
                        "display_name",
                        "Customer Chat",
                        "image_url",
                        "https://example.com/image.png",
                        "properties",
                        Map.of("ttl", 60, "custom_data", Map.of("k", "v"))));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode c = r.json();
        assertThat(c.get("id").asText()).matches("^CON-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
        assertThat(c.get("name").asText()).isEqualTo(name);
        assertThat(c.get("display_name").asText()).isEqualTo("Customer Chat");
        assertThat(c.get("image_url").asText()).isEqualTo("https://example.com/image.png");
        assertThat(c.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(c.get("sequence_number").asInt()).isZero();
        assertThat(c.at("/timestamp/created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(c.at("/properties/ttl").asInt()).isEqualTo(60);
        assertThat(c.at("/properties/custom_data/k").asText()).isEqualTo("v");
        assertThat(c.at("/_links/self/href").asText())
                .isEqualTo(server.baseUrl() + "/v1/conversations/" + c.get("id").asText());
    }

    @Test
    void create_without_a_name_generates_one() {
        Response r = admin.post("/v1/conversations", "");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("name").asText()).isNotBlank();
    }

    @Test
    void a_duplicate_name_is_409() {
        String name = Fixtures.unique("dup");
        assertThat(admin.post("/v1/conversations", Map.of("name", name)).status())
                .isEqualTo(201);
        Response r = admin.post("/v1/conversations", Map.of("name", name));
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("title").asText()).isEqualTo("Conflict.");
        assertThat(r.code()).isEqualTo("conversation:error:duplicate-name");
        assertThat(r.json().get("type").asText())
                .isEqualTo("https://developer.nexmo.com/api/conversation#conversation:error:duplicate-name");
        assertThat(r.json().get("instance").asText()).matches("[0-9a-f]{32}");
    }

    @Test
    void an_unknown_conversation_is_404() {
        Response r = admin.get("/v1/conversations/CON-00000000-0000-0000-0000-000000000000");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("conversation:error:not-found");
        assertThat(r.json().get("detail").asText())
                .isEqualTo("Conversation does not exist, or you do not have access.");
    }

    @Test
    void get_works_with_and_without_a_trailing_slash_and_upper_case_ids() {
        String id = fx.conversation();
        assertThat(admin.get("/v1/conversations/" + id).status()).isEqualTo(200);
        assertThat(admin.get("/v1/conversations/" + id + "/").status()).isEqualTo(200);
        Response upper = admin.get("/v1/conversations/CON-" + id.substring(4).toUpperCase());
        assertThat(upper.status()).isEqualTo(200);
        assertThat(upper.json().get("id").asText()).isEqualTo(id);
    }

    @Test
    void put_replaces_fields_and_writes_conversation_updated() {
        String id = fx.conversation();
        String newName = Fixtures.unique("renamed");
        Response r = admin.put(
                "/v1/conversations/" + id,
                Map.of("id", id, "name", newName, "display_name", "Renamed", "properties", Map.of("ttl", 5)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("name").asText()).isEqualTo(newName);
        assertThat(r.json().get("display_name").asText()).isEqualTo("Renamed");
        assertThat(r.json().at("/timestamp/updated").isTextual()).isTrue();
        assertThat(r.json().get("sequence_number").asInt()).isEqualTo(1);
        JsonNode events =
                admin.get("/v1/conversations/" + id + "/events").json().get("_embedded");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("type").asText()).isEqualTo("conversation:updated");
        assertThat(events.get(0).at("/body/name").asText()).isEqualTo(newName);
    }

    @Test
    void put_with_a_different_id_in_the_body_is_rejected() {
        String id = fx.conversation();
        Response r = admin.put("/v1/conversations/" + id, Map.of("id", "CON-other", "name", "x"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/invalid_parameters/0/name").asText()).isEqualTo("id");
    }

    @Test
    void put_onto_another_conversations_name_is_409() {
        String taken = Fixtures.unique("taken");
        admin.post("/v1/conversations", Map.of("name", taken));
        String id = fx.conversation();
        assertThat(admin.put("/v1/conversations/" + id, Map.of("name", taken)).code())
                .isEqualTo("conversation:error:duplicate-name");
    }

    @Test
    void delete_is_204_then_the_conversation_is_gone_and_its_name_free() {
        String name = Fixtures.unique("gone");
        String id = admin.post("/v1/conversations", Map.of("name", name))
                .json()
                .get("id")
                .asText();
        Response r = admin.delete("/v1/conversations/" + id);
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.text()).isEmpty();
        assertThat(admin.get("/v1/conversations/" + id).status()).isEqualTo(404);
        assertThat(admin.delete("/v1/conversations/" + id).status()).isEqualTo(404);
        assertThat(admin.post("/v1/conversations", Map.of("name", name)).status())
                .isEqualTo(201);
    }

    @Test
    void every_bad_field_is_named() {
        Response r = admin.post(
                "/v1/conversations",
                Map.of(
                        "name", 5,
                        "display_name", "x".repeat(51),
                        "image_url", "not a url",
                        "properties", Map.of("ttl", -1),
                        "callback", Map.of("method", "PUT")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("http:error:validation-fail");
        assertThat(r.json().get("detail").asText()).isEqualTo("Input validation failure.");
        assertThat(r.json().get("invalid_parameters").findValuesAsText("name"))
                .containsExactlyInAnyOrder("name", "display_name", "image_url", "properties.ttl", "callback.method");
        assertThat(r.json().at("/invalid_parameters/0/reason").asText()).isEqualTo("\"name\" must be a string");
    }

    @Test
    void malformed_json_and_wrong_content_type_are_clear_errors() {
        Response malformed = admin.send("POST", "/v1/conversations", "{\"name\":", "application/json");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.code()).isEqualTo("http:error:validation-fail");
        Response array = admin.send("POST", "/v1/conversations", "[1,2]", "application/json");
        assertThat(array.status()).isEqualTo(400);
        Response form = admin.send("POST", "/v1/conversations", "name=x", "application/x-www-form-urlencoded");
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.code()).isEqualTo("http:error:unsupported-media-type");
        Response charset = admin.send(
                "POST",
                "/v1/conversations",
                "{\"name\":\"" + Fixtures.unique("cs") + "\"}",
                "application/json; charset=utf-8");
        assertThat(charset.status()).isEqualTo(201);
    }

    @Test
    void bodies_over_the_limit_get_413() {
        String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
        // Expect: 100-continue, as careful clients send large bodies: the 413 comes before the upload,
        // so it is never lost to the connection Jetty closes after refusing one.
        Response r = admin.expectingContinue().send("POST", "/v1/conversations", big, "application/json");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("instance").asText()).isNotBlank();
    }

    @Test
    void chunked_bodies_over_the_limit_get_413_too() {
        String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
        Response r = admin.expectingContinue().postChunked("/v1/conversations", big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.code()).isEqualTo("http:error:request-too-large");
        String small = "{\"name\":\"" + Fixtures.unique("chunk") + "\"}";
        assertThat(admin.postChunked("/v1/conversations", small).status()).isEqualTo(201);
    }

    @Test
    void unknown_routes_and_wrong_methods_get_vonage_errors() {
        Response unknown = admin.get("/v1/nothing-here");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("http:error:not-found");
        Response wrongMethod = admin.send("PATCH", "/v1/conversations", "{}", "application/json");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.code()).isEqualTo("http:error:method-not-allowed");
    }

    @Test
    void list_filters_by_creation_date_in_every_accepted_format() {
        String id = fx.conversation();
        String created = admin.get("/v1/conversations/" + id)
                .json()
                .at("/timestamp/created")
                .asText();
        String spaced = created.replace('T', ' ').replace("Z", "");
        for (String start : new String[] {created, spaced, created.replace("Z", "+00:00")}) {
            Response r = admin.get("/v1/conversations?page_size=100&date_start="
                    + java.net.URLEncoder.encode(start, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(r.status()).as(start).isEqualTo(200);
            assertThat(r.json().at("/_embedded/conversations").findValuesAsText("id"))
                    .as(start)
                    .contains(id);
        }
        Response before = admin.get("/v1/conversations?date_end=2000-01-01");
        assertThat(before.json().at("/_embedded/conversations")).isEmpty();
        Response bad = admin.get("/v1/conversations?date_start=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/invalid_parameters/0/reason").asText())
                .isEqualTo("\"date_start\" must be a valid ISO 8601 date");
    }

    @Test
    void list_items_are_conversation_lite() {
        fx.conversation();
        JsonNode item = admin.get("/v1/conversations?order=DESC").json().at("/_embedded/conversations/0");
        assertThat(item.has("id")).isTrue();
        assertThat(item.has("name")).isTrue();
        assertThat(item.at("/timestamp/created").isTextual()).isTrue();
        assertThat(item.at("/_links/self/href").asText()).startsWith("http://127.0.0.1:");
        assertThat(item.has("sequence_number")).isFalse();
    }
}
