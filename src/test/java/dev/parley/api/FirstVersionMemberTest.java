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
 * The members of the API's first versions under {@code /beta} and {@code /v0.1}: the era's curl calls
 * (create by {@code action} and {@code user_id}, update by {@code action}), the bare-array list whose
 * {@code name} is the member id, {@code href}s on the version called, {@code {}} for a leave, and a
 * {@code PUT} without {@code action} still the Client SDKs' state change.
 */
class FirstVersionMemberTest {
    @RegisterExtension
    static final SharedServer shared = SharedServer.start();

    static final TestServer server = shared.server();
    static final Api admin = shared.admin();
    static final Fixtures fx = shared.fixtures();

    @Test
    void the_eras_curl_calls_invite_join_list_and_remove_a_member_on_both_prefixes() {
        for (String prefix : List.of("/beta", "/v0.1")) {
            String name = Fixtures.unique("member");
            String userId = fx.user(name);
            String conversation = fx.conversation();
            String members = prefix + "/conversations/" + conversation + "/members";

            Response created = admin.post(
                    members, Map.of("user_id", userId, "action", "invite", "channel", Map.of("type", "app")));
            assertThat(created.status()).as(prefix + " " + created.text()).isEqualTo(201);
            JsonNode member = created.json();
            String memberId = member.path("id").asText();
            assertThat(memberId).startsWith("MEM-");
            assertThat(member.path("user_id").asText()).isEqualTo(userId);
            assertThat(member.path("state").asText()).isEqualTo("INVITED");
            assertThat(member.path("timestamp").has("invited")).isTrue();
            assertThat(member.path("channel").path("type").asText()).isEqualTo("app");
            assertThat(member.has("initiator")).isTrue();
            String href = server.baseUrl() + members + "/" + memberId;
            assertThat(member.path("href").asText()).isEqualTo(href);

            Response list = admin.get(members);
            assertThat(list.json().isArray()).as("a bare array").isTrue();
            assertThat(list.json()).hasSize(1);
            assertThat(list.json().get(0).path("name").asText())
                    .as("the member id")
                    .isEqualTo(memberId);
            assertThat(list.json().get(0).path("user_name").asText()).isEqualTo(name);
            assertThat(list.json().get(0).path("user_id").asText()).isEqualTo(userId);
            assertThat(list.json().get(0).path("state").asText()).isEqualTo("INVITED");

            assertThat(admin.get(members + "/" + memberId).json().path("href").asText())
                    .isEqualTo(href);

            Response joined = admin.put(
                    members + "/" + memberId,
                    Map.of("user_id", userId, "action", "join", "channel", Map.of("type", "app")));
            assertThat(joined.status()).isEqualTo(200);
            assertThat(joined.json().path("id").asText()).isEqualTo(memberId);
            assertThat(joined.json().path("href").asText()).isEqualTo(href);
            assertThat(admin.get(members).json().get(0).path("state").asText()).isEqualTo("JOINED");

            Response removed = admin.delete(members + "/" + memberId);
            assertThat(removed.status()).isEqualTo(200);
            assertThat(removed.json().size()).isZero();
            assertThat(admin.get(members).json().get(0).path("state").asText()).isEqualTo("LEFT");
        }
    }

    @Test
    void a_member_joined_by_action_and_a_missing_user_id_is_a_validation_error() {
        String name = Fixtures.unique("joiner");
        String userId = fx.user(name);
        String conversation = fx.conversation();
        Response joined = admin.post(
                "/beta/conversations/" + conversation + "/members",
                Map.of("action", "join", "channel", Map.of("type", "app"), "user_id", userId));
        assertThat(joined.json().path("state").asText()).isEqualTo("JOINED");

        Response bad = admin.post(
                "/v0.1/conversations/" + conversation + "/members",
                Map.of("action", "wave", "channel", Map.of("type", "app")));
        assertThat(bad.status()).isEqualTo(400);
        List<String> names = new ArrayList<>();
        bad.json()
                .path("invalid_parameters")
                .forEach(p -> names.add(p.path("name").asText()));
        assertThat(names).contains("action", "user_id");
        assertThat(bad.json().path("description").asText()).isNotEmpty();
    }

    @Test
    void a_put_with_action_leave_leaves_and_invite_is_refused() {
        String name = Fixtures.unique("leaver");
        fx.user(name);
        String conversation = fx.conversation();
        String member = fx.joined(conversation, name);
        String path = "/v0.1/conversations/" + conversation + "/members/" + member;
        Response invite = admin.put(path, Map.of("action", "invite"));
        assertThat(invite.status()).isEqualTo(400);
        assertThat(invite.json().path("invalid_parameters").get(0).path("name").asText())
                .isEqualTo("action");
        Response left = admin.put(path, Map.of("action", "leave", "channel", Map.of("type", "app")));
        assertThat(left.status()).isEqualTo(200);
        assertThat(left.json().path("id").asText()).isEqualTo(member);
        assertThat(admin.get(path).json().path("state").asText()).isEqualTo("LEFT");
    }

    @Test
    void a_put_without_action_is_the_client_sdks_state_change() {
        String name = Fixtures.unique("sdk");
        fx.user(name);
        String conversation = fx.conversation();
        String member = fx.member(conversation, name, "invited");
        Response answered = server.as(name)
                .put(
                        "/beta/conversations/" + conversation + "/members/" + member,
                        Map.of("state", "joined", "channel", Map.of("type", "app"), "from", member));
        assertThat(answered.status()).as(answered.text()).isEqualTo(200);
        assertThat(answered.json().path("state").asText()).isEqualTo("JOINED");
    }
}
