package dev.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.RtcClient;
import dev.parley.fixtures.RtcClient.Pushed;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.Tokens;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The App channel's socket with a plain socket.io client: login, pushes, membership, order, resume. */
class RealtimeTest {
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

    private static RtcClient login(String user) throws InterruptedException {
        return login(server, user);
    }

    private static RtcClient login(TestServer server, String user) throws InterruptedException {
        RtcClient client = RtcClient.connect(server.baseUrl(), server.userToken(user));
        Pushed success = client.login();
        assertThat(success.name()).as(success.toString()).isEqualTo("session:success");
        return client;
    }

    private static Pushed awaitMessage(RtcClient client, String text) throws InterruptedException {
        return client.await(p -> p.name().equals("message")
                && p.payload().at("/body/text").asText().equals(text));
    }

    @Test
    void login_answers_session_success_with_the_session_and_user() throws Exception {
        String user = Fixtures.unique("rt-login");
        String userId = fx.user(user);
        try (RtcClient client = RtcClient.connect(server.baseUrl(), server.userToken(user))) {
            Pushed success = client.login();
            assertThat(success.name()).isEqualTo("session:success");
            JsonNode body = success.payload().get("body");
            assertThat(body.get("id").asText()).matches("^SES-[0-9a-f-]{36}$");
            assertThat(body.get("user_id").asText()).isEqualTo(userId);
            assertThat(body.get("name").asText()).isEqualTo(user);
            assertThat(body.get("api_key").asText()).isEqualTo(server.applicationId());
            Response sessions = server.as(user).get("/v0.3/users/" + userId + "/sessions");
            assertThat(sessions.status()).isEqualTo(200);
            assertThat(sessions.json().at("/_embedded/sessions/0/id").asText())
                    .isEqualTo(body.get("id").asText());
        }
    }

    @Test
    void bad_expired_admin_and_unknown_user_tokens_get_an_error_event_and_a_disconnect() throws Exception {
        Map<String, Object> expired = Tokens.claims(server.applicationId());
        long past = System.currentTimeMillis() / 1000 - 3600;
        expired.put("iat", past);
        expired.put("exp", past + 60);
        expired.put("sub", "whoever");
        Map<String, String> cases = Map.of(
                "garbage",
                "system:error:invalid-token",
                Tokens.rs256(server.privateKey(), expired),
                "system:error:expired-token",
                server.adminToken(),
                "session:error:invalid",
                server.userToken("nobody-" + System.nanoTime()),
                "user:error:invalid-user");
        for (var entry : cases.entrySet()) {
            try (RtcClient client = RtcClient.connect(server.baseUrl(), entry.getKey(), null, true)) {
                assertThat(client.login().name()).isEqualTo(entry.getValue());
                assertThat(client.awaitClosed(Duration.ofSeconds(10))).isNotZero();
            }
        }
    }

    @Test
    void every_stored_event_is_pushed_to_every_member_with_an_ack_request() throws Exception {
        String alice = Fixtures.unique("rt-alice");
        String bob = Fixtures.unique("rt-bob");
        fx.user(alice);
        fx.user(bob);
        String c = fx.conversation();
        String aliceMember = fx.joined(c, alice);
        fx.joined(c, bob);
        try (RtcClient a = login(alice);
                RtcClient b = login(bob)) {
            long id = fx.text(c, aliceMember, "pushed");
            for (RtcClient client : List.of(a, b)) {
                Pushed pushed = awaitMessage(client, "pushed");
                assertThat(pushed.ackId()).isNotNull();
                JsonNode p = pushed.payload();
                assertThat(p.get("id").asLong()).isEqualTo(id);
                assertThat(p.get("cid").asText()).isEqualTo(c);
                assertThat(p.get("from").asText()).isEqualTo(aliceMember);
                assertThat(p.get("timestamp").asText()).endsWith("Z");
                assertThat(p.at("/_embedded/from_user/name").asText()).isEqualTo(alice);
                assertThat(p.at("/_embedded/from_member/id").asText()).isEqualTo(aliceMember);
            }
        }
    }

    @Test
    void sockets_negotiate_no_compression_and_get_no_http_session() throws Exception {
        // Browsers always offer permessage-deflate; compressing one event once per recipient would
        // cost more CPU than the bytes it saves.
        URI uri = URI.create(server.baseUrl());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "GET /v2/rtc/?EIO=4&transport=websocket&token=x HTTP/1.1\r\n"
                    + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                    + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            List<String> head = new ArrayList<>();
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                head.add(line.toLowerCase(java.util.Locale.ROOT));
            }
            assertThat(head.get(0)).contains("101");
            assertThat(head).noneMatch(line -> line.startsWith("sec-websocket-extensions"));
            // Nor an HTTP session (which Jetty would keep forever for an upgraded request).
            assertThat(head).noneMatch(line -> line.startsWith("set-cookie"));
        }
    }

    @Test
    void invitees_hear_their_invitation_and_leavers_stop_hearing() throws Exception {
        String carol = Fixtures.unique("rt-carol");
        String host = Fixtures.unique("rt-host");
        fx.user(carol);
        fx.user(host);
        String c = fx.conversation();
        String other = fx.conversation();
        String hostMember = fx.joined(c, host);
        String hostOther = fx.joined(other, host);
        fx.joined(other, carol);
        try (RtcClient client = login(carol)) {
            String invited = fx.member(c, carol, "invited");
            Pushed invitation = client.await(p -> p.name().equals("member:invited"));
            assertThat(invitation.payload().get("from").asText()).isEqualTo(invited);
            assertThat(invitation.payload().at("/body/user/name").asText()).isEqualTo(carol);
            admin.patch("/v1/conversations/" + c + "/members/" + invited, Map.of("state", "joined"));
            client.await(p -> p.name().equals("member:joined")
                    && p.payload().get("cid").asText().equals(c));
            fx.text(c, hostMember, "while a member");
            awaitMessage(client, "while a member");
            admin.patch("/v1/conversations/" + c + "/members/" + invited, Map.of("state", "left"));
            client.await(p -> p.name().equals("member:left")
                    && p.payload().get("cid").asText().equals(c));
            fx.text(c, hostMember, "after leaving");
            // Events are routed in stream order: once the later marker arrives, the earlier message
            // would have arrived too if it were going to.
            fx.text(other, hostOther, "marker");
            List<Pushed> before = new ArrayList<>();
            client.await(p -> p.payload().at("/body/text").asText().equals("marker"), Duration.ofSeconds(15), before);
            assertThat(before)
                    .noneMatch(p -> p.payload().at("/body/text").asText().equals("after leaving"));
        }
    }

    @Test
    void a_membership_changed_while_no_socket_was_connected_is_honoured_when_one_connects() throws Exception {
        // Its own server: with no socket connected anywhere the dispatcher skips reading the stream.
        try (TestServer quiet = TestServer.start()) {
            Fixtures qfx = new Fixtures(quiet.admin());
            String dave = Fixtures.unique("rt-dave");
            String host = Fixtures.unique("rt-host");
            qfx.user(dave);
            qfx.user(host);
            String c = qfx.conversation();
            String hostMember = qfx.joined(c, host);
            try (RtcClient hostClient = login(quiet, host)) {
                // Routing to the host makes the dispatcher cache c's members (dave not among them).
                qfx.text(c, hostMember, "cache the members");
                awaitMessage(hostClient, "cache the members");
            }
            qfx.joined(c, dave); // nobody connected: a member event nobody routes
            qfx.text(c, hostMember, "while nobody listened");
            try (RtcClient client = login(quiet, dave)) {
                qfx.text(c, hostMember, "after connecting");
                awaitMessage(client, "after connecting");
            }
        }
    }

    @Test
    void ephemeral_events_reach_the_joined_members_only() throws Exception {
        String sender = Fixtures.unique("rt-sender");
        String joinedUser = Fixtures.unique("rt-joined");
        String invitedUser = Fixtures.unique("rt-invited");
        fx.user(sender);
        fx.user(joinedUser);
        fx.user(invitedUser);
        String c = fx.conversation();
        String senderMember = fx.joined(c, sender);
        fx.joined(c, joinedUser);
        fx.member(c, invitedUser, "invited");
        String other = fx.conversation();
        String otherSender = fx.joined(other, sender);
        fx.joined(other, invitedUser);
        try (RtcClient joined = login(joinedUser);
                RtcClient invited = login(invitedUser)) {
            Response r = admin.post(
                    "/v1/conversations/" + c + "/events",
                    Map.of("type", "ephemeral", "from", senderMember, "body", Map.of("typing", true)));
            assertThat(r.status()).isEqualTo(200);
            Pushed got = joined.await(p -> p.name().equals("ephemeral"));
            assertThat(got.payload().has("id")).isFalse();
            // Never sent again, so nothing to acknowledge.
            assertThat(got.ackId()).isNull();
            assertThat(got.payload().at("/body/typing").asBoolean()).isTrue();
            fx.text(other, otherSender, "marker");
            List<Pushed> before = new ArrayList<>();
            invited.await(p -> p.payload().at("/body/text").asText().equals("marker"), Duration.ofSeconds(15), before);
            assertThat(before).noneMatch(p -> p.name().equals("ephemeral"));
        }
    }

    @Test
    void twenty_concurrent_senders_reach_every_member_in_id_order() throws Exception {
        int members = 5;
        int senders = 20;
        int each = 10;
        String c = fx.conversation();
        List<String> memberIds = new ArrayList<>();
        List<RtcClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < members; i++) {
                String user = Fixtures.unique("rt-many");
                fx.user(user);
                memberIds.add(fx.joined(c, user));
                clients.add(login(user));
            }
            long before = admin.get("/v1/conversations/" + c)
                    .json()
                    .get("sequence_number")
                    .asLong();
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                String from = memberIds.get(s % members);
                int sender = s;
                tasks.add(() -> {
                    for (int i = 0; i < each; i++) {
                        fx.text(c, from, "load " + sender + "-" + i);
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
            pool.shutdown();
            long total = senders * each;
            for (RtcClient client : clients) {
                List<Long> ids = new ArrayList<>();
                while (ids.size() < total) {
                    Pushed p = client.next(Duration.ofSeconds(15));
                    assertThat(p)
                            .as("only " + ids.size() + " of " + total + " arrived")
                            .isNotNull();
                    if (p.name().equals("message")
                            && p.payload().get("cid").asText().equals(c)) {
                        ids.add(p.payload().get("id").asLong());
                    }
                }
                List<Long> expected = new ArrayList<>();
                for (long id = before + 1; id <= before + total; id++) {
                    expected.add(id);
                }
                assertThat(ids).isEqualTo(expected);
            }
        } finally {
            clients.forEach(RtcClient::close);
        }
    }

    @Test
    void a_client_that_stops_acknowledging_is_dropped_and_resumes_without_loss_or_duplicates() throws Exception {
        try (TestServer small = TestServer.start(Map.of("sessionBuffer", "16"))) {
            stuckClient(small);
        }
    }

    private static void stuckClient(TestServer server) throws Exception {
        Fixtures fx = new Fixtures(server.admin());
        String slowUser = Fixtures.unique("rt-slow");
        String fastUser = Fixtures.unique("rt-fast");
        fx.user(slowUser);
        fx.user(fastUser);
        String c = fx.conversation();
        String sender = fx.joined(c, fastUser);
        fx.joined(c, slowUser);
        try (RtcClient fast = login(server, fastUser)) {
            RtcClient slow = RtcClient.connect(server.baseUrl(), server.userToken(slowUser), null, false);
            Pushed success = slow.login();
            String sessionId = success.payload().at("/body/id").asText();
            List<Long> sent = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                sent.add(fx.text(c, sender, "burst " + i));
            }
            // The buffer holds 16 unacknowledged events: the stuck client is cut off, the other is not.
            assertThat(slow.awaitClosed(Duration.ofSeconds(15))).isEqualTo(1008);
            for (int i = 0; i < 40; i++) {
                awaitMessage(fast, "burst " + i);
            }
            sent.add(fx.text(c, sender, "while gone"));
            try (RtcClient resumed = RtcClient.connect(server.baseUrl(), server.userToken(slowUser), sessionId, true)) {
                Pushed again = resumed.login();
                assertThat(again.name()).isEqualTo("session:success");
                assertThat(again.payload().at("/body/id").asText()).isEqualTo(sessionId);
                List<Long> pending = new ArrayList<>();
                again.payload().at("/body/pending_events").forEach(e -> {
                    if (e.get("type").asText().equals("message")) {
                        pending.add(e.get("id").asLong());
                    }
                });
                assertThat(pending).isEqualTo(sent);
                long after = fx.text(c, sender, "live again");
                Pushed live = awaitMessage(resumed, "live again");
                assertThat(live.payload().get("id").asLong()).isEqualTo(after);
            }
        }
    }

    @Test
    void a_session_resumes_after_a_server_restart_with_exactly_what_it_missed() throws Exception {
        try (TestServer own = TestServer.start()) {
            Fixtures ownFx = new Fixtures(own.admin());
            String user = Fixtures.unique("rt-restart");
            String other = Fixtures.unique("rt-writer");
            ownFx.user(user);
            ownFx.user(other);
            String c = ownFx.conversation();
            String writer = ownFx.joined(c, other);
            ownFx.joined(c, user);
            String sessionId;
            long seen;
            try (RtcClient client = RtcClient.connect(own.baseUrl(), own.userToken(user))) {
                Pushed success = client.login();
                sessionId = success.payload().at("/body/id").asText();
                seen = ownFx.text(c, writer, "before");
                awaitMessage(client, "before");
            }
            own.restart();
            Fixtures restarted = new Fixtures(own.admin());
            List<Long> missed = List.of(restarted.text(c, writer, "missed 1"), restarted.text(c, writer, "missed 2"));
            try (RtcClient client = RtcClient.connect(own.baseUrl(), own.userToken(user), sessionId, true)) {
                Pushed success = client.login();
                List<Long> pending = new ArrayList<>();
                success.payload()
                        .at("/body/pending_events")
                        .forEach(e -> pending.add(e.get("id").asLong()));
                assertThat(pending).isEqualTo(missed);
                assertThat(pending).doesNotContain(seen);
            }
        }
    }

    @Test
    void another_users_token_cannot_take_over_a_session() throws Exception {
        String owner = Fixtures.unique("rt-owner");
        String intruder = Fixtures.unique("rt-intruder");
        fx.user(owner);
        fx.user(intruder);
        String c = fx.conversation();
        String ownerMember = fx.joined(c, owner);
        RtcClient mine = RtcClient.connect(server.baseUrl(), server.userToken(owner));
        String sessionId = mine.login().payload().at("/body/id").asText();
        try (RtcClient theirs = RtcClient.connect(server.baseUrl(), server.userToken(intruder), sessionId, true)) {
            Pushed answer = theirs.login();
            assertThat(answer.name()).isEqualTo("session:success");
            assertThat(answer.payload().at("/body/id").asText()).isNotEqualTo(sessionId);
            fx.text(c, ownerMember, "still mine");
            awaitMessage(mine, "still mine");
            assertThat(mine.isClosed()).isFalse();
        } finally {
            mine.close();
        }
    }

    @Test
    void logout_is_answered_and_ends_the_session_and_tokens_renew_it() throws Exception {
        String user = Fixtures.unique("rt-logout");
        fx.user(user);
        RtcClient client = RtcClient.connect(server.baseUrl(), server.userToken(user));
        String sessionId = client.login().payload().at("/body/id").asText();
        Response renewed = server.as(user).send("PUT", "/v0.2/sessions/" + sessionId, null, null);
        assertThat(renewed.status()).isEqualTo(200);
        assertThat(renewed.json().get("id").asText()).isEqualTo(sessionId);
        String stranger = Fixtures.unique("rt-stranger");
        fx.user(stranger);
        assertThat(server.as(stranger)
                        .send("PUT", "/v0.2/sessions/" + sessionId, null, null)
                        .status())
                .isEqualTo(404);
        client.emit("session:logout", "{\"tid\":\"t-1\",\"body\":{}}");
        Pushed answer = client.await(p -> p.name().equals("session:logged-out"));
        assertThat(answer.payload().get("rid").asText()).isEqualTo("t-1");
        client.close();
        try (RtcClient again = RtcClient.connect(server.baseUrl(), server.userToken(user), sessionId, true)) {
            assertThat(again.login().payload().at("/body/id").asText()).isNotEqualTo(sessionId);
        }
    }
}
