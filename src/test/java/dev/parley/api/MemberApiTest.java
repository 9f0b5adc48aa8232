package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Json;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.SharedServer;
import dev.parley.fixtures.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MemberApiTest {
    @RegisterExtension
    static final SharedServer shared = SharedServer.start(Map.of("maxMembers", "3"));

    static final TestServer server = shared.server();
    static final Api admin = shared.admin();
    static final Fixtures fx = shared.fixtures();

    private static String members(String conversationId) {
        return "/v1/conversations/" + conversationId + "/members";
    }

    @Test
    void an_admin_invites_a_user_and_the_member_has_the_v1_shape() {
        String user = Fixtures.unique("inv");
        String userId = fx.user(user);
        String c = fx.conversation();
        Response r = admin.post(
                members(c), Map.of("state", "invited", "user", Map.of("id", userId), "channel", Map.of("type", "app")));
        assertThat(r.status()).isEqualTo(201);
        JsonNode m = r.json();
        assertThat(m.get("id").asText()).matches("^MEM-[0-9a-f-]{36}$");
        assertThat(m.get("conversation_id").asText()).isEqualTo(c);
        assertThat(m.get("state").asText()).isEqualTo("INVITED");
        assertThat(m.at("/timestamp/invited").isTextual()).isTrue();
        assertThat(m.at("/_embedded/user/id").asText()).isEqualTo(userId);
        assertThat(m.at("/_embedded/user/name").asText()).isEqualTo(user);
        assertThat(m.at("/channel/type").asText()).isEqualTo("app");
        assertThat(m.at("/initiator/invited/is_system").asBoolean()).isTrue();
        assertThat(m.at("/_links/href").asText())
                .isEqualTo(server.baseUrl() + "/v1/conversations/" + c + "/members/"
                        + m.get("id").asText());
        JsonNode conversation = admin.get("/v1/conversations/" + c).json();
        assertThat(conversation.get("sequence_number").asInt()).isEqualTo(1);
        JsonNode event = admin.get("/v1/conversations/" + c + "/events/1").json();
        assertThat(event.get("type").asText()).isEqualTo("member:invited");
        assertThat(event.at("/body/member_id").asText()).isEqualTo(m.get("id").asText());
        assertThat(event.at("/body/initiator/invited/isSystem").asBoolean()).isTrue();
        assertThat(event.at("/body/conversation/conversation_id").asText()).isEqualTo(c);
    }

    @Test
    void invited_then_joined_then_left_and_left_is_final() {
        String user = Fixtures.unique("life");
        fx.user(user);
        String c = fx.conversation();
        String m = fx.member(c, user, "invited");
        Response joined = admin.patch(members(c) + "/" + m, Map.of("state", "JOINED"));
        assertThat(joined.status()).isEqualTo(200);
        assertThat(joined.json().get("state").asText()).isEqualTo("JOINED");
        assertThat(joined.json().at("/timestamp/joined").isTextual()).isTrue();
        Response left = admin.patch(
                members(c) + "/" + m, Map.of("state", "left", "reason", Map.of("code", "x", "text", "bye")));
        assertThat(left.status()).isEqualTo(200);
        assertThat(left.json().get("state").asText()).isEqualTo("LEFT");
        assertThat(left.json().at("/timestamp/left").isTextual()).isTrue();
        Response again = admin.patch(members(c) + "/" + m, Map.of("state", "joined"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.code()).isEqualTo("conversation:error:invalid-member-state");
        assertThat(again.json().get("detail").asText()).isEqualTo("The conversation membership has already ended.");
        List<String> types =
                Json.each(admin.get("/v1/conversations/" + c + "/events").json().get("_embedded"), "type");
        assertThat(types).containsExactly("member:invited", "member:joined", "member:left");
        JsonNode leftEvent = admin.get("/v1/conversations/" + c + "/events/3").json();
        assertThat(leftEvent.at("/body/reason/text").asText()).isEqualTo("bye");
    }

    @Test
    void a_left_user_can_be_added_again_as_a_new_member() {
        String user = Fixtures.unique("back");
        fx.user(user);
        String c = fx.conversation();
        String first = fx.joined(c, user);
        admin.patch(members(c) + "/" + first, Map.of("state", "left"));
        String second = fx.joined(c, user);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void duplicates_are_rejected_with_specific_codes() {
        String user = Fixtures.unique("dup");
        fx.user(user);
        String c = fx.conversation();
        fx.member(c, user, "invited");
        Response invitedAgain = admin.post(
                members(c), Map.of("state", "invited", "user", Map.of("name", user), "channel", Map.of("type", "app")));
        assertThat(invitedAgain.status()).isEqualTo(400);
        assertThat(invitedAgain.code()).isEqualTo("conversation:error:member-already-invited");
        String c2 = fx.conversation();
        fx.joined(c2, user);
        Response joinedAgain = admin.post(
                members(c2), Map.of("state", "joined", "user", Map.of("name", user), "channel", Map.of("type", "app")));
        assertThat(joinedAgain.status()).isEqualTo(400);
        assertThat(joinedAgain.code()).isEqualTo("conversation:error:member-already-joined");
        String m2 = joinedAgain.json().path("id").asText(null);
        assertThat(m2).isNull();
    }

    @Test
    void joining_an_invited_user_moves_the_invitation_on() {
        String user = Fixtures.unique("accept");
        fx.user(user);
        String c = fx.conversation();
        String invited = fx.member(c, user, "invited");
        Response r = admin.post(
                members(c), Map.of("state", "joined", "user", Map.of("name", user), "channel", Map.of("type", "app")));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("id").asText()).isEqualTo(invited);
        assertThat(r.json().get("state").asText()).isEqualTo("JOINED");
    }

    @Test
    void the_member_limit_is_enforced() {
        String c = fx.conversation();
        for (int i = 0; i < 3; i++) {
            String user = Fixtures.unique("cap");
            fx.user(user);
            fx.joined(c, user);
        }
        String extra = Fixtures.unique("cap");
        fx.user(extra);
        Response r = admin.post(
                members(c), Map.of("state", "joined", "user", Map.of("name", extra), "channel", Map.of("type", "app")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("conversation:error:maximum-number-of-members");
    }

    @Test
    void invalid_member_requests_name_every_field() {
        String c = fx.conversation();
        Response r = admin.post(members(c), Map.of("state", "left", "channel", Map.of("type", "carrier-pigeon")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("invalid_parameters").findValuesAsText("name"))
                .containsExactlyInAnyOrder("state", "user", "channel.type");
        assertThat(r.json().at("/invalid_parameters/0/reason").asText())
                .isEqualTo("\"state\" must be one of [invited, joined]");
        Response patch = admin.patch(members(c) + "/MEM-x", Map.of("state", "invited"));
        assertThat(patch.status()).isEqualTo(400);
        assertThat(patch.json().at("/invalid_parameters/0/reason").asText())
                .isEqualTo("\"state\" must be one of [joined, left]");
    }

    @Test
    void unknown_users_members_and_conversations_are_404() {
        String c = fx.conversation();
        Response noUser = admin.post(
                members(c),
                Map.of("state", "joined", "user", Map.of("name", "nobody-" + c), "channel", Map.of("type", "app")));
        assertThat(noUser.status()).isEqualTo(404);
        assertThat(noUser.code()).isEqualTo("user:error:not-found");
        Response noMember = admin.get(members(c) + "/MEM-00000000-0000-0000-0000-000000000000");
        assertThat(noMember.status()).isEqualTo(404);
        assertThat(noMember.code()).isEqualTo("conversation:error:member-not-found");
        Response noConversation = admin.get(members("CON-00000000-0000-0000-0000-000000000000"));
        assertThat(noConversation.code()).isEqualTo("conversation:error:not-found");
    }

    @Test
    void members_me_is_the_token_users_member() {
        String user = Fixtures.unique("me");
        fx.user(user);
        String c = fx.conversation();
        String m = fx.joined(c, user);
        Response r = server.as(user).get(members(c) + "/me");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("id").asText()).isEqualTo(m);
        Response adminMe = admin.get(members(c) + "/me");
        assertThat(adminMe.status()).isEqualTo(401);
        assertThat(adminMe.code()).isEqualTo("user:error:invalid-user-token");
    }

    @Test
    void a_member_keeps_how_it_came_in_after_leaving_and_the_left_event_names_who_made_it_leave() {
        String user = Fixtures.unique("lv");
        String userId = fx.user(user);
        String c = fx.conversation();
        String member = fx.member(c, user, "invited");
        assertThat(server.as(user)
                        .patch(members(c) + "/" + member, Map.of("state", "joined"))
                        .status())
                .isEqualTo(200);
        Response left = admin.patch(members(c) + "/" + member, Map.of("state", "left"));
        assertThat(left.status()).isEqualTo(200);
        JsonNode initiator = admin.get(members(c) + "/" + member).json().get("initiator");
        assertThat(Json.fieldNames(initiator)).containsExactly("joined");
        assertThat(initiator.at("/joined/is_system").asBoolean()).isFalse();
        assertThat(initiator.at("/joined/user_id").asText()).isEqualTo(userId);
        JsonNode leftEvent = admin.get("/v1/conversations/" + c + "/events?event_type=member:left")
                .json()
                .at("/_embedded/0/body/initiator");
        assertThat(leftEvent.at("/left/isSystem").asBoolean()).isTrue();
        assertThat(leftEvent.at("/joined/isSystem").asBoolean()).isFalse();
        assertThat(leftEvent.at("/joined/member_id").asText()).isEqualTo(member);
    }

    @Test
    void a_user_joins_itself_and_its_initiator_names_it() {
        String user = Fixtures.unique("self");
        String userId = fx.user(user);
        String c = fx.conversation();
        Response r = server.as(user)
                .post(
                        members(c),
                        Map.of("state", "joined", "user", Map.of("name", user), "channel", Map.of("type", "app")));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().at("/initiator/joined/is_system").asBoolean()).isFalse();
        assertThat(r.json().at("/initiator/joined/user_id").asText()).isEqualTo(userId);
        assertThat(r.json().at("/initiator/joined/member_id").asText())
                .isEqualTo(r.json().get("id").asText());
    }

    @Test
    void the_member_list_shows_member_lite_with_embedded_users() {
        String c = fx.conversation();
        String user = Fixtures.unique("lst");
        fx.user(user);
        fx.joined(c, user);
        Response r = admin.get(members(c));
        assertThat(r.status()).isEqualTo(200);
        JsonNode item = r.json().at("/_embedded/members/0");
        assertThat(item.get("state").asText()).isEqualTo("JOINED");
        assertThat(item.at("/_embedded/user/name").asText()).isEqualTo(user);
        assertThat(item.at("/_links/href").asText()).contains("/members/");
        assertThat(r.json().get("page_size").asInt()).isEqualTo(10);
    }
}
