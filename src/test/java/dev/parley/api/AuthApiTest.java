package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.auth.Pem;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Json;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthApiTest {
    static TestServer server;
    static Api admin;
    static Fixtures fx;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
        fx = new Fixtures(admin);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response listWith(String token) {
        return server.withToken(token).get("/v1/conversations");
    }

    private static Map<String, Object> claims() {
        return Tokens.claims(server.applicationId());
    }

    @Test
    void a_missing_token_is_401_missing_token() {
        Response r = server.withToken(null).get("/v1/conversations");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("system:error:missing-token");
        assertThat(r.json().get("title").asText()).isEqualTo("Unauthorized.");
    }

    @Test
    void garbage_is_401_invalid_token() {
        Response r = listWith("not.a.jwt");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("system:error:invalid-token");
        assertThat(r.json().get("detail").asText())
                .isEqualTo("You did not provide a valid token. Please provide a valid token.");
    }

    @Test
    void an_expired_token_is_401_expired_token() {
        Map<String, Object> claims = claims();
        long past = System.currentTimeMillis() / 1000 - 7200;
        claims.put("iat", past);
        claims.put("exp", past + 60);
        Response r = listWith(Tokens.rs256(server.privateKey(), claims));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("system:error:expired-token");
    }

    @Test
    void without_exp_a_token_lives_fifteen_minutes() {
        Map<String, Object> fresh = claims();
        fresh.remove("exp");
        assertThat(listWith(Tokens.rs256(server.privateKey(), fresh)).status()).isEqualTo(200);
        Map<String, Object> old = claims();
        old.remove("exp");
        old.put("iat", System.currentTimeMillis() / 1000 - 16 * 60);
        assertThat(listWith(Tokens.rs256(server.privateKey(), old)).code()).isEqualTo("system:error:expired-token");
    }

    @Test
    void a_numeric_string_exp_is_accepted_as_in_the_vonage_samples() {
        Map<String, Object> claims = claims();
        claims.put("exp", String.valueOf(System.currentTimeMillis() / 1000 + 600));
        assertThat(listWith(Tokens.rs256(server.privateKey(), claims)).status()).isEqualTo(200);
    }

    @Test
    void lifetimes_over_24_hours_and_future_nbf_are_refused() {
        Map<String, Object> longLived = claims();
        longLived.put("exp", (Long) longLived.get("iat") + 25 * 3600);
        assertThat(listWith(Tokens.rs256(server.privateKey(), longLived)).code())
                .isEqualTo("system:error:invalid-token");
        Map<String, Object> notYet = claims();
        notYet.put("nbf", System.currentTimeMillis() / 1000 + 600);
        assertThat(listWith(Tokens.rs256(server.privateKey(), notYet)).status()).isEqualTo(401);
    }

    @Test
    void iat_and_jti_are_required() {
        for (String claim : List.of("iat", "jti", "application_id")) {
            Map<String, Object> claims = claims();
            claims.remove(claim);
            assertThat(listWith(Tokens.rs256(server.privateKey(), claims)).code())
                    .as(claim)
                    .isEqualTo("system:error:invalid-token");
        }
    }

    @Test
    void alg_none_is_refused() {
        assertThat(listWith(Tokens.none(claims())).code()).isEqualTo("system:error:invalid-token");
    }

    @Test
    void hs256_signed_with_the_public_key_is_refused() throws Exception {
        String publicPem = Pem.publicKey(publicKeyOfServer());
        String token = Tokens.hs256(publicPem.getBytes(StandardCharsets.UTF_8), claims());
        assertThat(listWith(token).code()).isEqualTo("system:error:invalid-token");
    }

    private static java.security.PublicKey publicKeyOfServer() throws Exception {
        var key = (java.security.interfaces.RSAPrivateCrtKey) server.privateKey();
        var spec = new java.security.spec.RSAPublicKeySpec(key.getModulus(), key.getPublicExponent());
        return java.security.KeyFactory.getInstance("RSA").generatePublic(spec);
    }

    @Test
    void another_applications_key_and_data_are_separate() throws Exception {
        String c = fx.conversation();
        TestServer.Application other = server.createApplication("other");
        String otherId = other.id();

        // The running server sees the new application at once.
        String otherAdmin = other.adminToken();
        assertThat(listWith(otherAdmin).status()).isEqualTo(200);
        assertThat(Json.each(listWith(otherAdmin).json().at("/_embedded/conversations"), "id"))
                .doesNotContain(c);
        assertThat(server.withToken(otherAdmin).get("/v1/conversations/" + c).status())
                .isEqualTo(404);
        String userName = Fixtures.unique("mine");
        String userId = fx.user(userName);
        assertThat(server.withToken(otherAdmin).get("/v1/users/" + userId).status())
                .isEqualTo(404);
        assertThat(server.withToken(otherAdmin).get("/v1/users/" + userName).status())
                .isEqualTo(404);
        assertThat(Json.each(
                        server.withToken(otherAdmin).get("/v1/users").json().at("/_embedded/users"), "id"))
                .doesNotContain(userId);
        assertThat(server.withToken(otherAdmin)
                        .get("/v1/conversations/" + c + "/events")
                        .status())
                .isEqualTo(404);

        // A token naming our application but signed with the other application's key is refused.
        String forged = Tokens.rs256(other.privateKey(), claims());
        assertThat(listWith(forged).code()).isEqualTo("system:error:invalid-token");
    }

    @Test
    void acl_paths_limit_what_a_token_may_call() {
        Map<String, Object> claims = claims();
        claims.put("acl", Map.of("paths", Map.of("/*/users/**", Map.of())));
        Api limited = server.withToken(Tokens.rs256(server.privateKey(), claims));
        assertThat(limited.get("/v1/users").status()).isEqualTo(200);
        assertThat(limited.get("/v1/users/").status()).isEqualTo(200);
        Response denied = limited.get("/v1/conversations");
        assertThat(denied.status()).isEqualTo(403);
        Map<String, Object> wide = claims();
        wide.put("acl", Map.of("paths", Map.of("/*/conversations/**", Map.of(), "/*/users/**", Map.of())));
        assertThat(server.withToken(Tokens.rs256(server.privateKey(), wide))
                        .get("/v1/conversations")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void a_2019_user_token_without_exp_and_with_v1_acl_paths_drives_the_beta_paths_it_names() {
        // As the Nexmo CLI's jwt:generate minted them: {iat, jti, ...claims}, no exp; the era's ACL
        // documentation named /v1 paths for SDKs that called /beta.
        String alice = Fixtures.unique("era");
        fx.user(alice);
        String conversation = fx.conversation();
        fx.joined(conversation, alice);
        Map<String, Object> claims = claims();
        claims.remove("exp");
        claims.put("sub", alice);
        claims.put("acl", Map.of("paths", Map.of("/v1/conversations/**", Map.of(), "/v1/sessions/**", Map.of())));
        Api era = server.withToken(Tokens.rs256(server.privateKey(), claims));
        for (String version : List.of("/v1", "/beta", "/v0.1", "/v0.3")) {
            assertThat(era.get(version + "/conversations/" + conversation).status())
                    .as(version)
                    .isEqualTo(200);
        }
        assertThat(era.get("/beta2/conversations/" + conversation + "/events").status())
                .isEqualTo(200);
        Response users = era.get("/beta/users");
        assertThat(users.status()).as("never wider than the ACL says").isEqualTo(403);
        assertThat(users.json().path("description").asText()).isNotEmpty();
        assertThat(era.get("/v0.1/legs").status()).isEqualTo(403);
    }

    @Test
    void a_user_token_sees_only_its_own_conversations() {
        String alice = Fixtures.unique("alice");
        String bob = Fixtures.unique("bob");
        fx.user(alice);
        fx.user(bob);
        String shared = fx.conversation();
        String alicesOnly = fx.conversation();
        String aliceMember = fx.joined(shared, alice);
        String bobMember = fx.joined(shared, bob);
        fx.joined(alicesOnly, alice);
        Api asBob = server.as(bob);

        assertThat(Json.each(asBob.get("/v1/conversations").json().at("/_embedded/conversations"), "id"))
                .containsExactly(shared);
        assertThat(asBob.get("/v1/conversations/" + alicesOnly).status()).isEqualTo(404);
        assertThat(asBob.get("/v1/conversations/" + alicesOnly + "/events").status())
                .isEqualTo(404);
        assertThat(asBob.get("/v1/conversations/" + alicesOnly + "/members").status())
                .isEqualTo(404);

        Response spoof = asBob.post(
                "/v1/conversations/" + shared + "/events",
                Map.of("type", "message", "from", aliceMember, "body", Map.of("message_type", "text", "text", "x")));
        assertThat(spoof.status()).isEqualTo(403);
        Response kick = asBob.patch("/v1/conversations/" + shared + "/members/" + aliceMember, Map.of("state", "left"));
        assertThat(kick.status()).isEqualTo(403);
        assertThat(asBob.patch("/v1/conversations/" + shared + "/members/" + bobMember, Map.of("state", "left"))
                        .status())
                .isEqualTo(200);
        String aliceId = admin.get("/v1/users/" + alice).json().get("id").asText();
        assertThat(asBob.get("/v1/users/" + aliceId + "/conversations").status())
                .isEqualTo(403);
    }

    @Test
    void a_joined_user_may_invite_others_but_not_join_them() {
        String host = Fixtures.unique("host");
        String guest = Fixtures.unique("guest");
        String outsider = Fixtures.unique("outsider");
        fx.user(host);
        fx.user(guest);
        fx.user(outsider);
        String c = fx.conversation();
        fx.joined(c, host);
        Api asHost = server.as(host);
        String members = "/v1/conversations/" + c + "/members";
        Response join = asHost.post(
                members, Map.of("state", "joined", "user", Map.of("name", guest), "channel", Map.of("type", "app")));
        assertThat(join.status()).isEqualTo(403);
        Response invite = asHost.post(
                members, Map.of("state", "invited", "user", Map.of("name", guest), "channel", Map.of("type", "app")));
        assertThat(invite.status()).isEqualTo(201);
        assertThat(invite.json().at("/initiator/invited/is_system").asBoolean()).isFalse();
        assertThat(invite.json().get("invited_by").asText()).startsWith("MEM-");
        Response byOutsider = server.as(outsider)
                .post(
                        members,
                        Map.of("state", "invited", "user", Map.of("name", host), "channel", Map.of("type", "app")));
        assertThat(byOutsider.status()).isEqualTo(404);
    }

    @Test
    void bearer_is_case_insensitive_and_other_schemes_are_missing_tokens() {
        Response lower = server.withToken(null)
                .header("Authorization", "bearer " + server.adminToken())
                .get("/v1/users");
        assertThat(lower.status()).isEqualTo(200);
        Response basic = server.withToken(null)
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .get("/v1/users");
        assertThat(basic.code()).isEqualTo("system:error:missing-token");
    }
}
