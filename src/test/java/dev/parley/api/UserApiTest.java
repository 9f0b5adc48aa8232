package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Json;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.SharedServer;
import dev.parley.fixtures.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserApiTest {
    @RegisterExtension
    static final SharedServer shared = SharedServer.start();

    static final TestServer server = shared.server();
    static final Api admin = shared.admin();
    static final Fixtures fx = shared.fixtures();

    @Test
    void create_returns_the_user_and_a_duplicate_name_is_409() {
        String name = Fixtures.unique("my_user_name");
        Map<String, Object> body = Map.of(
                "name",
                name,
                "display_name",
                "My User Name",
                "image_url",
                "https://example.com/image.png",
                "properties",
                Map.of("custom_data", Map.of("tier", "gold")),
                "channels",
                Map.of("pstn", java.util.List.of(Map.of("number", "447700900000"))));
        Response r = admin.post("/v1/users", body);
        assertThat(r.status()).isEqualTo(201);
        JsonNode u = r.json();
        assertThat(u.get("id").asText()).matches("^USR-[0-9a-f-]{36}$");
        assertThat(u.get("name").asText()).isEqualTo(name);
        assertThat(u.get("display_name").asText()).isEqualTo("My User Name");
        assertThat(u.at("/properties/custom_data/tier").asText()).isEqualTo("gold");
        assertThat(u.at("/channels/pstn/0/number").asText()).isEqualTo("447700900000");
        assertThat(u.at("/_links/self/href").asText())
                .isEqualTo(server.baseUrl() + "/v1/users/" + u.get("id").asText());
        Response again = admin.post("/v1/users", body);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("user:error:duplicate-name");
    }

    @Test
    void get_by_id_or_by_name() {
        String name = Fixtures.unique("byname");
        String id = fx.user(name);
        assertThat(admin.get("/v1/users/" + id).json().get("name").asText()).isEqualTo(name);
        assertThat(admin.get("/v1/users/" + name).json().get("id").asText()).isEqualTo(id);
        Response missing = admin.get("/v1/users/USR-00000000-0000-0000-0000-000000000000");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("user:error:not-found");
        assertThat(missing.json().get("detail").asText()).isEqualTo("User does not exist, or you do not have access.");
    }

    @Test
    void reserved_names_are_rejected() {
        assertThat(admin.post("/v1/users", Map.of("name", "me")).code()).isEqualTo("user:error:invalid-user-name");
        assertThat(admin.post("/v1/users", Map.of("name", "USR-x")).code()).isEqualTo("user:error:invalid-user-name");
    }

    @Test
    void patch_changes_only_the_given_fields() {
        String name = Fixtures.unique("patch");
        String id = fx.user(name);
        Response r = admin.patch("/v1/users/" + id, Map.of("id", id, "display_name", "New Name"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("name").asText()).isEqualTo(name);
        assertThat(r.json().get("display_name").asText()).isEqualTo("New Name");
        assertThat(r.json().at("/timestamp/updated").isTextual()).isTrue();
    }

    @Test
    void delete_removes_the_user_and_ends_its_memberships() {
        String name = Fixtures.unique("del");
        String id = fx.user(name);
        String c = fx.conversation();
        String m = fx.joined(c, name);
        assertThat(admin.delete("/v1/users/" + id).status()).isEqualTo(204);
        assertThat(admin.get("/v1/users/" + id).status()).isEqualTo(404);
        JsonNode member = admin.get("/v1/conversations/" + c + "/members/" + m).json();
        assertThat(member.get("state").asText()).isEqualTo("LEFT");
        assertThat(member.at("/_embedded/user/name").asText()).isEqualTo(name);
        assertThat(fx.user(name)).isNotEqualTo(id);
    }

    @Test
    void list_filters_by_name() {
        String name = Fixtures.unique("filter");
        String id = fx.user(name);
        Response r = admin.get("/v1/users?name=" + name);
        assertThat(r.status()).isEqualTo(200);
        JsonNode users = r.json().at("/_embedded/users");
        assertThat(Json.each(users, "id")).containsExactly(id);
        assertThat(users.get(0).has("display_name")).isTrue();
        assertThat(r.json().at("/_links/first/href").asText()).contains("name=" + name);
    }

    @Test
    void user_tokens_cannot_manage_users_but_can_read_them() {
        String name = Fixtures.unique("reader");
        fx.user(name);
        Api user = server.as(name);
        Response create = user.post("/v1/users", Map.of("name", Fixtures.unique("x")));
        assertThat(create.status()).isEqualTo(403);
        assertThat(user.patch("/v1/users/" + name, Map.of("display_name", "x")).status())
                .isEqualTo(403);
        assertThat(user.delete("/v1/users/" + name).status()).isEqualTo(403);
        assertThat(user.get("/v1/users/" + name).status()).isEqualTo(200);
    }

    @Test
    void user_conversations_filter_by_state_and_include_custom_data() {
        String name = Fixtures.unique("uc");
        String userId = fx.user(name);
        String joined = admin.post(
                        "/v1/conversations",
                        Map.of("name", Fixtures.unique("c"), "properties", Map.of("custom_data", Map.of("k", "v"))))
                .json()
                .get("id")
                .asText();
        String joinedMember = fx.joined(joined, name);
        String invited = fx.conversation();
        fx.member(invited, name, "invited");
        Response all = admin.get("/v1/users/" + userId + "/conversations");
        assertThat(all.status()).isEqualTo(200);
        assertThat(Json.each(all.json().at("/_embedded/conversations"), "id")).containsExactly(joined, invited);
        Response onlyJoined = admin.get("/v1/users/" + userId + "/conversations?state=joined&include_custom_data=true");
        JsonNode item = onlyJoined.json().at("/_embedded/conversations/0");
        assertThat(onlyJoined.json().at("/_embedded/conversations")).hasSize(1);
        assertThat(item.at("/_embedded/id").asText()).isEqualTo(joinedMember);
        assertThat(item.at("/_embedded/state").asText()).isEqualTo("JOINED");
        assertThat(item.at("/properties/custom_data/k").asText()).isEqualTo("v");
        JsonNode withoutData = admin.get("/v1/users/" + userId + "/conversations?state=JOINED")
                .json()
                .at("/_embedded/conversations/0");
        assertThat(withoutData.at("/properties/custom_data").isMissingNode()).isTrue();
        Response badState = admin.get("/v1/users/" + userId + "/conversations?state=sleeping");
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.code()).isEqualTo("user:error:invalid-state-lookup");
        assertThat(admin.get("/v1/users/" + userId + "/conversations?order_by=name")
                        .status())
                .isEqualTo(400);
    }
}
