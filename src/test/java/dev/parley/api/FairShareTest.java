package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Fair share: a lone tenant is never refused however hard it pushes, a flooding tenant waits behind another
 * tenant's requests, and only a full queue is refused. The node works on 8 requests at once here, so a test
 * client alone can fill it.
 */
class FairShareTest {
    private static final String SLOTS = "8";
    private static final int FLOODERS = 48;

    private TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    /** A conversation with a joined member; returns {events path, member id}. */
    private static String[] room(Api admin) {
        Fixtures fx = new Fixtures(admin);
        String user = Fixtures.unique("fs");
        fx.user(user);
        String c = fx.conversation();
        return new String[] {"/v1/conversations/" + c + "/events", fx.joined(c, user)};
    }

    private static Map<String, Object> text(String from, String text) {
        return Map.of("type", "message", "from", from, "body", Map.of("message_type", "text", "text", text));
    }

    @Test
    void a_lone_application_is_never_refused_however_many_requests_it_has_in_progress() throws Exception {
        server = TestServer.start(Map.of("fairShareSlots", SLOTS));
        Api admin = server.admin();
        String[] room = room(admin);
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> senders = new ArrayList<>();
            for (int s = 0; s < FLOODERS; s++) {
                int sender = s;
                senders.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        statuses.add(admin.post(room[0], text(room[1], sender + "-" + i))
                                .status());
                    }
                    return null;
                }));
            }
            for (Future<?> f : senders) {
                f.get();
            }
        }
        assertThat(statuses).hasSize(FLOODERS * 20).containsOnly(201);
        assertThat(refusals("fair_share")).isZero();
        // Requests that end in an error are counted out too.
        assertThat(admin.get(room[0] + "/99999").status()).isEqualTo(404);
        assertThat(admin.post(room[0], Map.of("type", "message")).status()).isEqualTo(400);
        assertThat(admin.send("POST", room[0], "{", "application/json").status())
                .isEqualTo(400);
        assertThat(inProgress()).isZero();
        assertThat(metric("parley_requests_waiting ")).isZero();
    }

    @Test
    void a_flooding_tenant_waits_behind_another_tenants_requests() throws Exception {
        server = TestServer.start(Map.of("fairShareSlots", SLOTS));
        Api flooder = server.admin();
        Api other = server.withToken(server.createApplication("other").adminToken());
        String[] floodRoom = room(flooder);
        String[] otherRoom = room(other);
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger flooderRefused = new AtomicInteger();
        AtomicInteger flooderStored = new AtomicInteger();
        ConcurrentLinkedQueue<Long> flooderMillis = new ConcurrentLinkedQueue<>();
        CountDownLatch flowing = new CountDownLatch(FLOODERS);
        List<Response> otherAnswers = new ArrayList<>();
        List<Long> otherMillis = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> flood = new ArrayList<>();
            for (int s = 0; s < FLOODERS; s++) {
                flood.add(pool.submit(() -> {
                    boolean first = true;
                    while (flooding.get()) {
                        long started = System.nanoTime();
                        int status = flooder.post(floodRoom[0], text(floodRoom[1], "flood"))
                                .status();
                        flooderMillis.add((System.nanoTime() - started) / 1_000_000);
                        if (status == 429) {
                            flooderRefused.incrementAndGet();
                        } else if (status == 201) {
                            flooderStored.incrementAndGet();
                        }
                        if (first) {
                            first = false;
                            flowing.countDown();
                        }
                    }
                    return null;
                }));
            }
            try {
                // The other tenant starts once every flooding connection has had an answer.
                assertThat(flowing.await(30, java.util.concurrent.TimeUnit.SECONDS))
                        .isTrue();
                for (int i = 0; i < 100; i++) {
                    long started = System.nanoTime();
                    otherAnswers.add(other.post(otherRoom[0], text(otherRoom[1], "mine " + i)));
                    otherMillis.add((System.nanoTime() - started) / 1_000_000);
                }
            } finally {
                flooding.set(false);
            }
            for (Future<?> f : flood) {
                f.get();
            }
        }
        List<Long> sorted = otherMillis.stream().sorted().toList();
        List<Long> flooderSorted = flooderMillis.stream().sorted().toList();
        long flooderMedian = flooderSorted.get(flooderSorted.size() / 2);
        System.out.printf(
                "other tenant under the flood: 100 sends, p50 %d ms, p99 %d ms; flooder %d stored, %d refused,"
                        + " p50 %d ms%n",
                sorted.get(49), sorted.get(98), flooderStored.get(), flooderRefused.get(), flooderMedian);
        assertThat(otherAnswers)
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(201));
        // The flood waited its turn rather than being refused, and the other tenant went first.
        assertThat(flooderRefused.get()).isZero();
        assertThat(flooderStored.get()).isPositive();
        assertThat(sorted.get(49)).isLessThan(flooderMedian);
        Response calm = flooder.post(floodRoom[0], text(floodRoom[1], "after")); // the node is calm again
        assertThat(calm.status()).isEqualTo(201);
        // Every refused send left no trace: the messages after the member's join are exactly the acknowledged.
        long joined = flooder.get(floodRoom[0] + "?event_type=member:joined")
                .json()
                .at("/_embedded/0/id")
                .asLong();
        long last = flooder.get(floodRoom[0] + "?event_type=message&order=desc&page_size=1")
                .json()
                .at("/_embedded/0/id")
                .asLong();
        assertThat(last - joined).isEqualTo(flooderStored.get() + 1L);
        assertThat(inProgress()).isZero();
    }

    @Test
    void a_full_queue_is_refused_with_a_vonage_429_and_retry_after() throws Exception {
        server = TestServer.start(Map.of("fairShareSlots", "2", "fairShareQueue", "2"));
        Api flooder = server.admin();
        String[] room = room(flooder);
        ConcurrentLinkedQueue<Response> refusals = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> flood = new ArrayList<>();
            for (int s = 0; s < FLOODERS; s++) {
                flood.add(pool.submit(() -> {
                    while (refusals.isEmpty()) {
                        Response r = flooder.post(room[0], text(room[1], "x"));
                        if (r.status() == 429) {
                            refusals.add(r);
                        }
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> f : flood) {
                    f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                refusals.add(new Response(0, "", Map.of())); // stops any flooder still going
            }
        }
        Response refused = refusals.peek();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("http:error:too-many-request");
        assertThat(refused.json().get("title").asText()).isEqualTo("Too Many Requests.");
        assertThat(refused.json().get("instance").asText()).isNotBlank();
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(inProgress()).isZero();
    }

    /** {@code parley_requests_in_progress} from /metrics: back at zero once every request has ended. */
    private long inProgress() {
        return (long) metric("parley_requests_in_progress ");
    }

    private long refusals(String limit) {
        return (long) metric("parley_requests_refused_total{limit=\"" + limit + "\"} ");
    }

    private double metric(String prefix) {
        String text = new Api(server.baseUrl(), null).get("/metrics").text();
        return text.lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line ->
                        Double.parseDouble(line.substring(prefix.length()).strip()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + prefix + " in " + text));
    }
}
