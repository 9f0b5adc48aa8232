package dev.parley.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.parley.auth.Pem;
import dev.parley.auth.TokenIssuer;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Cli;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.ServerProcess;
import dev.parley.fixtures.TestDatabase;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.WebhookReceiver;
import dev.parley.fixtures.WebhookReceiver.Hook;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Webhooks to a real local HTTP receiver: signed, ordered, retried, durable across kill -9. */
class WebhookTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("webhookRetryForMs", "1500", "webhookBackoffMinMs", "50"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An application made with {@code parley app create}, as an operator would. */
    record App(String id, String secret, Api admin) {}

    private static App createApp(List<String> storeArgs, String baseUrl, String... eventArgs) throws Exception {
        Path key = Files.createTempDirectory("parley-app").resolve("app.key");
        List<String> args = new ArrayList<>(
                List.of("app", "create", "--name", Fixtures.unique("hooks"), "--private-key-out", key.toString()));
        args.addAll(storeArgs);
        args.addAll(List.of(eventArgs));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode out = JSON.readTree(r.out());
        String id = out.get("id").asText();
        String token = TokenIssuer.sign(
                id, Pem.parsePrivateKey(Files.readString(key)), null, 3600, null, System.currentTimeMillis());
        return new App(id, out.get("signature_secret").asText(), new Api(baseUrl, token));
    }

    private static App createApp(String... eventArgs) throws Exception {
        return createApp(server.storeArgs(), server.baseUrl(), eventArgs);
    }

    /** A CLI command against the test server's store. */
    private static Cli.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(server.storeArgs());
        return Cli.run(all.toArray(String[]::new));
    }

    private static Predicate<List<Hook>> hasMessage(String text) {
        return hooks -> hooks.stream().anyMatch(h -> text.equals(textOf(h)));
    }

    private static String textOf(Hook hook) {
        JsonNode json = hook.method().equals("GET") ? null : hook.json();
        return json == null ? null : json.at("/body/text").asText(null);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * The SQLite writer remembers each conversation's webhook targets between sends; a change made by
     * another process (the CLI's own connection) must reach the very next event.
     */
    @Test
    void an_event_url_changed_by_the_cli_takes_effect_at_the_next_event() throws Exception {
        try (WebhookReceiver first = WebhookReceiver.start();
                WebhookReceiver second = WebhookReceiver.start()) {
            App app = createApp("--event-url", first.url("/before"));
            Fixtures fx = new Fixtures(app.admin());
            String c = fx.conversation();
            String name = Fixtures.unique("mover");
            fx.user(name);
            String member = fx.joined(c, name);
            fx.text(c, member, "to the first");
            first.await(hasMessage("to the first"), WAIT);

            Cli.Result moved = cli("app", "update", "--id", app.id(), "--event-url", second.url("/after"));
            assertThat(moved.exitCode()).as(moved.err()).isZero();
            fx.text(c, member, "to the second");
            Hook hook = second.await(hasMessage("to the second"), WAIT).stream()
                    .filter(h -> "to the second".equals(textOf(h)))
                    .findFirst()
                    .orElseThrow();
            assertThat(hook.path()).isEqualTo("/after");
            assertThat(first.received()).noneMatch(h -> "to the second".equals(textOf(h)));
        }
    }

    @Test
    void deliveries_are_signed_with_the_application_secret_and_carry_the_event() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            App app = createApp("--event-url", receiver.url("/events"));
            Fixtures fx = new Fixtures(app.admin());
            String c = fx.conversation();
            fx.user("signed-user");
            String member = fx.joined(c, "signed-user");
            long id = fx.text(c, member, "signed hello");

            Hook hook = receiver.await(hasMessage("signed hello"), WAIT).stream()
                    .filter(h -> "signed hello".equals(textOf(h)))
                    .findFirst()
                    .orElseThrow();
            assertThat(hook.method()).isEqualTo("POST");
            assertThat(hook.path()).isEqualTo("/events");
            assertThat(hook.header("Content-Type")).startsWith("application/json");
            JsonNode body = hook.json();
            assertThat(body.get("id").asLong()).isEqualTo(id);
            assertThat(body.get("type").asText()).isEqualTo("message");
            assertThat(body.get("from").asText()).isEqualTo(member);
            assertThat(body.get("conversation_id").asText()).isEqualTo(c);
            assertThat(body.get("application_id").asText()).isEqualTo(app.id());
            assertThat(body.get("timestamp").asText()).endsWith("Z");
            assertThat(body.at("/_embedded/from_user/name").asText()).isEqualTo("signed-user");

            SignedJWT jwt = SignedJWT.parse(hook.header("Authorization").substring("Bearer ".length()));
            assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
            assertThat(jwt.verify(new MACVerifier(app.secret()))).isTrue();
            assertThat(jwt.getJWTClaimsSet().getStringClaim("application_id")).isEqualTo(app.id());
            assertThat(jwt.getJWTClaimsSet().getStringClaim("payload_hash")).isEqualTo(sha256(hook.body()));
            assertThat(jwt.getJWTClaimsSet().getIssueTime()).isNotNull();
            assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotBlank();
            assertThat(hook.header("X-Parley-Delivery-Id")).matches("[0-9a-f-]{36}");
            assertThat(hook.header("X-Parley-Delivery-Attempt")).isEqualTo("1");

            // Rotation: the new secret signs from now on; the old one no longer verifies.
            Cli.Result rotated = cli("app", "update", "--id", app.id(), "--rotate-secret");
            assertThat(rotated.exitCode()).as(rotated.err()).isZero();
            String newSecret =
                    JSON.readTree(rotated.out()).get("signature_secret").asText();
            assertThat(newSecret).isNotEqualTo(app.secret());
            fx.text(c, member, "after rotation");
            Hook later = receiver.await(hasMessage("after rotation"), WAIT).stream()
                    .filter(h -> "after rotation".equals(textOf(h)))
                    .findFirst()
                    .orElseThrow();
            SignedJWT laterJwt = SignedJWT.parse(later.header("Authorization").substring(7));
            assertThat(laterJwt.verify(new MACVerifier(newSecret))).isTrue();
            assertThat(laterJwt.verify(new MACVerifier(app.secret()))).isFalse();
        }
    }

    @Test
    void get_webhooks_carry_the_event_as_query_parameters_and_hash_the_query() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            App app = createApp("--event-url", receiver.url("/get-hook"), "--event-method", "GET");
            Fixtures fx = new Fixtures(app.admin());
            String c = fx.conversation();
            fx.user("get-user");
            String member = fx.joined(c, "get-user");
            fx.text(c, member, "by query");
            Hook hook = receiver
                    .await(
                            hooks -> hooks.stream()
                                    .anyMatch(h ->
                                            h.rawQuery() != null && h.rawQuery().contains("type=message")),
                            WAIT)
                    .stream()
                    .filter(h -> h.rawQuery().contains("type=message"))
                    .findFirst()
                    .orElseThrow();
            assertThat(hook.method()).isEqualTo("GET");
            Map<String, String> query = new LinkedHashMap<>();
            for (String pair : hook.rawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            assertThat(query).containsEntry("conversation_id", c).containsEntry("application_id", app.id());
            assertThat(JSON.readTree(query.get("body")).get("text").asText()).isEqualTo("by query");
            SignedJWT jwt = SignedJWT.parse(hook.header("Authorization").substring(7));
            assertThat(jwt.verify(new MACVerifier(app.secret()))).isTrue();
            assertThat(jwt.getJWTClaimsSet().getStringClaim("payload_hash"))
                    .isEqualTo(sha256(hook.rawQuery().getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void events_of_each_conversation_arrive_in_id_order_under_concurrent_senders() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            App app = createApp("--event-url", receiver.url("/ordered"));
            Fixtures fx = new Fixtures(app.admin());
            List<String> conversations = List.of(fx.conversation(), fx.conversation(), fx.conversation());
            Map<String, List<String>> members = new ConcurrentHashMap<>();
            for (String c : conversations) {
                List<String> ms = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    String user = Fixtures.unique("order");
                    fx.user(user);
                    ms.add(fx.joined(c, user));
                }
                members.put(c, ms);
            }
            int perSender = 10;
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (String c : conversations) {
                    for (String m : members.get(c)) {
                        done.add(senders.submit(() -> {
                            for (int i = 0; i < perSender; i++) {
                                fx.text(c, m, "order " + i);
                            }
                            return null;
                        }));
                    }
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            // 4 member:joined + 40 messages per conversation.
            int expected = conversations.size() * (4 + 4 * perSender);
            List<Hook> hooks = receiver.await(h -> h.size() >= expected, WAIT);
            Map<String, List<Long>> idsByConversation = hooks.stream()
                    .map(Hook::json)
                    .collect(Collectors.groupingBy(
                            j -> j.get("conversation_id").asText(),
                            Collectors.mapping(j -> j.get("id").asLong(), Collectors.toList())));
            for (String c : conversations) {
                List<Long> ids = idsByConversation.get(c);
                assertThat(ids).hasSize(4 + 4 * perSender);
                assertThat(ids).isSorted().doesNotHaveDuplicates();
                assertThat(ids.get(ids.size() - 1)).isEqualTo(ids.size());
            }
        }
    }

    @Test
    void a_failed_attempt_is_retried_with_the_same_delivery_id_and_a_rising_attempt_number() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Set<String> failedOnce = ConcurrentHashMap.newKeySet();
            receiver.respondWith(hook -> failedOnce.add(hook.header("X-Parley-Delivery-Id")) ? 500 : 200);
            App app = createApp("--event-url", receiver.url("/flaky"));
            Fixtures fx = new Fixtures(app.admin());
            String c = fx.conversation();
            fx.user("flaky-user");
            String member = fx.joined(c, "flaky-user");
            fx.text(c, member, "first");
            fx.text(c, member, "second");
            List<Hook> hooks = receiver.await(h -> h.size() >= 6, WAIT);
            // Every delivery: attempt 1 answered 500, then attempt 2 with the same id; in order.
            List<String> sequence = hooks.stream()
                    .map(h -> h.json().get("id").asLong() + "/" + h.header("X-Parley-Delivery-Attempt"))
                    .toList();
            assertThat(sequence).containsExactly("1/1", "1/2", "2/1", "2/2", "3/1", "3/2");
            assertThat(hooks.get(2).header("X-Parley-Delivery-Id"))
                    .isEqualTo(hooks.get(3).header("X-Parley-Delivery-Id"))
                    .isNotEqualTo(hooks.get(0).header("X-Parley-Delivery-Id"));
        }
    }

    @Test
    void conversation_callbacks_receive_the_events_their_mask_selects() throws Exception {
        try (WebhookReceiver appHooks = WebhookReceiver.start();
                WebhookReceiver callback = WebhookReceiver.start()) {
            App app = createApp("--event-url", appHooks.url("/app"));
            Fixtures fx = new Fixtures(app.admin());
            String c = app.admin()
                    .post(
                            "/v1/conversations",
                            Map.of(
                                    "name",
                                    Fixtures.unique("masked"),
                                    "callback",
                                    Map.of(
                                            "url",
                                            callback.url("/cb"),
                                            "event_mask",
                                            "member:joined",
                                            "method",
                                            "POST")))
                    .json()
                    .get("id")
                    .asText();
            fx.user("mask-a");
            fx.user("mask-b");
            String a = fx.joined(c, "mask-a");
            fx.text(c, a, "not for the callback");
            fx.joined(c, "mask-b");
            // The callback's lane is ordered: once the second join is there, the message would have
            // come before it if the mask had let it through.
            List<Hook> cb = callback.await(h -> h.size() >= 2, WAIT);
            assertThat(cb)
                    .extracting(h -> h.json().get("type").asText())
                    .containsExactly("member:joined", "member:joined");
            assertThat(cb.get(0).json().get("application_id").asText()).isEqualTo(app.id());
            List<Hook> all = appHooks.await(h -> h.size() >= 3, WAIT);
            assertThat(all)
                    .extracting(h -> h.json().get("type").asText())
                    .containsExactly("member:joined", "message", "member:joined");
        }
    }

    @Test
    void a_dead_destination_does_not_delay_another_applications_webhooks() throws Exception {
        try (ServerSocket blackhole = new ServerSocket(0);
                WebhookReceiver healthy = WebhookReceiver.start()) {
            // Accepts connections and never answers: every attempt waits for its read timeout.
            // Filled by the accepting thread while the test runs and closes them.
            List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            // When Parley gave up on the first dead attempt (its read timeout): it closes that connection.
            java.util.concurrent.atomic.AtomicLong firstDeadAttemptEnded =
                    new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Socket socket = blackhole.accept();
                        held.add(socket);
                        Thread.ofVirtual().start(() -> {
                            try {
                                while (socket.getInputStream().read() >= 0) {
                                    // the request; never answered
                                }
                            } catch (Exception ignored) {
                                // reset by Parley, or closed by the test
                            }
                            firstDeadAttemptEnded.accumulateAndGet(System.nanoTime(), Math::min);
                        });
                    }
                } catch (Exception ignored) {
                    // closed
                }
            });
            App dead = createApp("--event-url", "http://127.0.0.1:" + blackhole.getLocalPort() + "/never");
            App alive = createApp("--event-url", healthy.url("/alive"));
            Fixtures deadFx = new Fixtures(dead.admin());
            List<String> deadConversations = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String c = deadFx.conversation();
                String user = Fixtures.unique("dead");
                deadFx.user(user);
                deadFx.joined(c, user);
                deadConversations.add(c);
            }
            Fixtures aliveFx = new Fixtures(alive.admin());
            String c = aliveFx.conversation();
            aliveFx.user("alive-user");
            String member = aliveFx.joined(c, "alive-user");
            aliveFx.text(c, member, "still on time");
            healthy.await(hasMessage("still on time"), WAIT);
            long delivered = System.nanoTime();
            // The dead destination's attempts each hang until the 2 s read timeout; ours was delivered
            // before the first of them ended, so it waited for none (an order of events, not a time limit).
            assertThat(held).isNotEmpty();
            assertThat(delivered).isLessThan(firstDeadAttemptEnded.get());
            assertThat(deadConversations).hasSize(20);
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void deliveries_that_fail_for_the_whole_retry_period_are_listed_and_can_be_redelivered() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.respondWith(hook -> 503);
            App app = createApp("--event-url", receiver.url("/down"));
            Fixtures fx = new Fixtures(app.admin());
            String c = fx.conversation();
            fx.user("failing-user");
            fx.joined(c, "failing-user");
            JsonNode failed = Eventually.get(
                    () -> {
                        Cli.Result r = cli("webhooks", "failed", "--app", app.id());
                        JsonNode list = JSON.readTree(r.out());
                        return list.size() == 1 ? list : null;
                    },
                    WAIT);
            JsonNode entry = failed.get(0);
            assertThat(entry.get("conversation_id").asText()).isEqualTo(c);
            assertThat(entry.get("event_id").asLong()).isEqualTo(1);
            assertThat(entry.get("attempts").asInt()).isGreaterThan(1);
            assertThat(entry.get("last_error").asText()).isEqualTo("HTTP 503");
            int attemptsSoFar = receiver.received().size();
            assertThat(attemptsSoFar).isEqualTo(entry.get("attempts").asInt());

            receiver.respondWith(hook -> 200);
            Cli.Result redeliver =
                    cli("webhooks", "redeliver", "--id", entry.get("id").asText());
            assertThat(redeliver.exitCode()).as(redeliver.err()).isZero();
            List<Hook> hooks = receiver.await(h -> h.size() > attemptsSoFar, WAIT);
            Hook last = hooks.get(hooks.size() - 1);
            assertThat(last.header("X-Parley-Delivery-Id"))
                    .isEqualTo(entry.get("id").asText());
            assertThat(last.header("X-Parley-Delivery-Attempt")).isEqualTo("1");
            Eventually.get(
                    () -> JSON.readTree(cli("webhooks", "failed", "--app", app.id())
                                            .out())
                                    .isEmpty()
                            ? true
                            : null,
                    WAIT);
        }
    }

    @Test
    void nothing_is_lost_when_the_receiver_is_down_and_parley_is_killed_with_sigkill() throws Exception {
        Path dataDir = Files.createTempDirectory("parley-kill9");
        String db = TestDatabase.postgres() ? TestDatabase.createPostgres() : null;
        List<String> store = db == null
                ? List.of("--data-dir", dataDir.toString())
                : List.of("--data-dir", dataDir.toString(), "--db-url", db);
        WebhookReceiver first = WebhookReceiver.start();
        int port = first.port();
        first.close(); // the receiver is down from the start
        String url = "http://127.0.0.1:" + port + "/durable";
        ServerProcess node = ServerProcess.start(
                dataDir,
                db,
                "--webhook-backoff-min",
                "50ms",
                "--webhook-backoff-max",
                "200ms",
                "--webhook-connect-timeout",
                "1s",
                "--webhook-read-timeout",
                "2s");
        App app = createApp(store, node.baseUrl(), "--event-url", url);
        Fixtures fx = new Fixtures(app.admin());
        String c = fx.conversation();
        fx.user("durable-user");
        String member = fx.joined(c, "durable-user");
        List<Long> acknowledged = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            acknowledged.add(fx.text(c, member, "durable " + i)); // each a 2xx: durable
        }
        node.kill9();

        try (WebhookReceiver receiver = WebhookReceiver.start(port);
                ServerProcess again = ServerProcess.start(dataDir, db, "--webhook-backoff-min", "50ms")) {
            List<Hook> hooks = receiver.await(
                    h -> h.stream()
                                    .map(x -> x.json().get("id").asLong())
                                    .collect(Collectors.toSet())
                                    .size()
                            >= 31,
                    Duration.ofSeconds(60));
            List<Long> firstArrivals = hooks.stream()
                    .map(h -> h.json().get("id").asLong())
                    .distinct()
                    .toList();
            assertThat(firstArrivals).containsAll(acknowledged).contains(1L).isSorted();
            assertThat(again.baseUrl()).isNotBlank();
        } finally {
            if (db != null) {
                TestDatabase.dropPostgres(db);
            }
        }
    }
}
