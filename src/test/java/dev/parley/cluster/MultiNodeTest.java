package dev.parley.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.auth.Pem;
import dev.parley.auth.TokenIssuer;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Cli;
import dev.parley.fixtures.Eventually;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.RtcClient;
import dev.parley.fixtures.RtcClient.Pushed;
import dev.parley.fixtures.ServerProcess;
import dev.parley.fixtures.TestDatabase;
import dev.parley.fixtures.TestServer;
import dev.parley.fixtures.WebhookReceiver;
import dev.parley.fixtures.WebhookReceiver.Hook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two Parley nodes on one PostgreSQL database behave as one server (runs in the PostgreSQL pass). */
class MultiNodeTest {
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void start() {
        assumeTrue(TestDatabase.postgres(), "several nodes need PostgreSQL");
        a = TestServer.start();
        b = TestServer.start(
                Map.of("jdbcUrl", a.jdbcUrl(), "dataDir", a.dataDir().toString(), "applicationId", a.applicationId()));
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void an_event_posted_through_one_node_reaches_sessions_on_the_other() throws Exception {
        Fixtures fx = new Fixtures(a.admin());
        String sender = Fixtures.unique("node-a");
        String listener = Fixtures.unique("node-b");
        fx.user(sender);
        fx.user(listener);
        String c = fx.conversation();
        String from = fx.joined(c, sender);
        fx.joined(c, listener);
        long heardBefore = notificationsHeard(b);
        long sameNode = medianPushMs(a, c, from, listener, "here");
        long otherNode = medianPushMs(b, c, from, listener, "across");
        // How fast is the machine's business: the figures are printed, not held to a limit.
        System.out.printf(
                "MultiNodeTest: median push %d ms on the storing node, %d ms on the other%n", sameNode, otherNode);
        // Node b was woken by PostgreSQL's NOTIFY of a's commits, not only by its periodic check.
        Eventually.get(() -> notificationsHeard(b) > heardBefore ? true : null, Duration.ofSeconds(10));
    }

    private static long notificationsHeard(TestServer node) {
        Matcher m = Pattern.compile("(?m)^parley_stream_notifications_total ([0-9.E]+)$")
                .matcher(node.admin().get("/metrics").text());
        assertThat(m.find()).as("the notifications metric").isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    /** The median time from a message stored through node a to its push on a session at {@code node}. */
    private static long medianPushMs(TestServer node, String c, String from, String listener, String label)
            throws Exception {
        Fixtures fx = new Fixtures(a.admin());
        List<Long> latenciesMs = new ArrayList<>();
        try (RtcClient client = RtcClient.connect(node.baseUrl(), node.userToken(listener))) {
            assertThat(client.login().name()).isEqualTo("session:success");
            for (int i = 0; i < 20; i++) {
                String text = label + " " + i;
                fx.text(c, from, text);
                Pushed pushed = client.await(p -> p.name().equals("message")
                        && text.equals(p.payload().at("/body/text").asText()));
                long stored = Instant.parse(pushed.payload().get("timestamp").asText())
                        .toEpochMilli();
                latenciesMs.add(System.currentTimeMillis() - stored);
            }
        }
        latenciesMs.sort(null);
        return latenciesMs.get(latenciesMs.size() / 2);
    }

    @Test
    void event_ids_stay_gapless_under_concurrent_writes_through_both_nodes() throws Exception {
        Fixtures fx = new Fixtures(a.admin());
        String c = fx.conversation();
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String user = Fixtures.unique("gapless");
            fx.user(user);
            members.add(fx.joined(c, user));
        }
        int perSender = 15;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                Fixtures via = new Fixtures(i % 2 == 0 ? a.admin() : b.admin());
                String m = members.get(i);
                done.add(senders.submit(() -> {
                    for (int n = 0; n < perSender; n++) {
                        via.text(c, m, "both " + n);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        long expected = members.size() + (long) members.size() * perSender;
        assertThat(allIds(b.admin(), c))
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, expected).boxed().toList());
    }

    @Test
    void webhooks_are_delivered_exactly_once_while_both_nodes_are_healthy() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Path key = Files.createTempDirectory("parley-cluster").resolve("app.key");
            List<String> args = new ArrayList<>(List.of(
                    "app",
                    "create",
                    "--name",
                    Fixtures.unique("cluster"),
                    "--private-key-out",
                    key.toString(),
                    "--event-url",
                    receiver.url("/cluster")));
            args.addAll(a.storeArgs());
            Cli.Result created = Cli.run(args.toArray(String[]::new));
            assertThat(created.exitCode()).as(created.err()).isZero();
            String appId = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(created.out())
                    .get("id")
                    .asText();
            String token = TokenIssuer.sign(
                    appId, Pem.parsePrivateKey(Files.readString(key)), null, 3600, null, System.currentTimeMillis());
            List<Fixtures> nodes =
                    List.of(new Fixtures(new Api(a.baseUrl(), token)), new Fixtures(new Api(b.baseUrl(), token)));
            int total = 0;
            for (int conv = 0; conv < 6; conv++) {
                Fixtures via = nodes.get(conv % 2);
                String c = via.conversation();
                String user = Fixtures.unique("hooked");
                via.user(user);
                String m = via.joined(c, user);
                total++;
                for (int n = 0; n < 10; n++) {
                    nodes.get(n % 2).text(c, m, "hook " + n);
                    total++;
                }
            }
            int expected = total;
            List<Hook> hooks = receiver.await(h -> distinct(h) >= expected, Duration.ofSeconds(30));
            // Both nodes drain the same outbox: their delivered counts must add up to exactly the
            // number of events once nothing is pending, and the receiver must have no repeats.
            long delivered = deliveredCount(a) + deliveredCount(b);
            while (delivered < expected) {
                receiver.await(h -> h.size() >= expected, Duration.ofSeconds(10));
                delivered = deliveredCount(a) + deliveredCount(b);
            }
            hooks = receiver.received();
            assertThat(distinct(hooks)).isEqualTo(expected);
            assertThat(hooks).hasSize(expected);
            assertThat(delivered).isEqualTo(expected);
        }
    }

    @Test
    void a_node_killed_with_sigkill_while_events_flow_loses_nothing_acknowledged() throws Exception {
        String db = TestDatabase.createPostgres();
        Path dataDir = Files.createTempDirectory("parley-cluster-kill");
        try (ServerProcess survivor = ServerProcess.start(dataDir, db)) {
            ServerProcess victim = ServerProcess.start(Files.createTempDirectory("parley-cluster-victim"), db);
            // Same application and key on both nodes: the first start printed its admin token.
            Api admin = new Api(survivor.baseUrl(), survivor.adminToken());
            Fixtures fx = new Fixtures(admin);
            String c = fx.conversation();
            List<String> members = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String user = Fixtures.unique("flow");
                fx.user(user);
                members.add(fx.joined(c, user));
            }
            Api viaVictim = new Api(victim.baseUrl(), survivor.adminToken());
            ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
            Semaphore ackCount = new Semaphore(0); // one permit per acknowledged event
            AtomicBoolean stop = new AtomicBoolean();
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < members.size(); i++) {
                    Api api = i % 2 == 0 ? admin : viaVictim;
                    String m = members.get(i);
                    running.add(senders.submit(() -> {
                        for (int n = 0; !stop.get() && n < 200; n++) {
                            Response r = sendQuietly(api, c, m, "flow " + n);
                            if (r != null && r.status() == 201) {
                                acknowledged.add(r.json().get("id").asLong());
                                ackCount.release();
                            }
                        }
                        return null;
                    }));
                }
                assertThat(ackCount.tryAcquire(60, 60, TimeUnit.SECONDS)).isTrue();
                victim.kill9();
                ackCount.drainPermits();
                // The survivor goes on acknowledging after the kill.
                assertThat(ackCount.tryAcquire(30, 60, TimeUnit.SECONDS)).isTrue();
                stop.set(true);
                for (Future<?> f : running) {
                    f.get();
                }
            }
            List<Long> stored = allIds(admin, c);
            assertThat(stored).containsAll(acknowledged);
            assertThat(stored)
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, stored.size()).boxed().toList());
        } finally {
            TestDatabase.dropPostgres(db);
        }
    }

    private static Response sendQuietly(Api api, String c, String member, String text) {
        try {
            return api.post(
                    "/v1/conversations/" + c + "/events",
                    Map.of("type", "message", "from", member, "body", Map.of("message_type", "text", "text", text)));
        } catch (RuntimeException e) {
            return null; // the node was killed under this request: not acknowledged
        }
    }

    private static long deliveredCount(TestServer node) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(node.baseUrl() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return metrics.body()
                .lines()
                .filter(l -> l.startsWith("parley_webhooks_delivered_total"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static long distinct(List<Hook> hooks) {
        return hooks.stream()
                .map(h -> h.json().get("conversation_id").asText() + "/"
                        + h.json().get("id").asLong())
                .collect(Collectors.toSet())
                .size();
    }

    /** Every event id of a conversation, in order, following the pages. */
    private static List<Long> allIds(Api api, String c) {
        List<Long> ids = new ArrayList<>();
        String path = "/v1/conversations/" + c + "/events?page_size=100";
        while (path != null) {
            JsonNode page = api.get(path).json();
            page.get("_embedded").forEach(e -> ids.add(e.get("id").asLong()));
            JsonNode next = page.at("/_links/next/href");
            path = next.isMissingNode() || next.asText().isEmpty()
                    ? null
                    : URI.create(next.asText()).getRawPath() + "?"
                            + URI.create(next.asText()).getRawQuery();
        }
        return ids;
    }
}
