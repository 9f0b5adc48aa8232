package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Writes that run together (and share a commit) stay independent: one failing never undoes another. */
class ConcurrentWritesTest {

    @Test
    void a_failing_write_among_concurrent_ones_fails_alone() throws Exception {
        try (TestServer server = TestServer.start()) {
            Api admin = server.admin();
            String contested = Fixtures.unique("contested");
            List<Callable<Response>> tasks = new ArrayList<>();
            List<String> uniqueNames = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String name = i % 2 == 0 ? contested : Fixtures.unique("solo");
                if (i % 2 == 1) {
                    uniqueNames.add(name);
                }
                tasks.add(() -> admin.post("/v1/users", Map.of("name", name)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(20);
            List<Integer> contestedStatuses = new ArrayList<>();
            List<Integer> soloStatuses = new ArrayList<>();
            List<Future<Response>> results = pool.invokeAll(tasks);
            for (int i = 0; i < results.size(); i++) {
                (i % 2 == 0 ? contestedStatuses : soloStatuses)
                        .add(results.get(i).get().status());
            }
            pool.shutdown();
            assertThat(contestedStatuses)
                    .containsOnlyOnce(201)
                    .filteredOn(s -> s != 201)
                    .containsOnly(409);
            assertThat(soloStatuses).containsOnly(201);
            for (String name : uniqueNames) {
                assertThat(admin.get("/v1/users/" + name).status()).isEqualTo(200);
            }
            assertThat(admin.get("/v1/users?name=" + contested).json().at("/_embedded/users"))
                    .hasSize(1);
        }
    }

    /**
     * Messages sent at once to a few conversations, while members leave and senders that are not
     * members are refused, share batches: every 201 is stored with its text at its id, every refusal
     * leaves no trace, and each conversation's ids run 1..sequence_number without a gap. (On SQLite
     * this drives the writer's cache through flushes, forgetting and reruns without it.)
     */
    @Test
    void concurrent_sends_leaves_and_refusals_keep_every_conversation_gapless() throws Exception {
        try (TestServer server = TestServer.start()) {
            Api admin = server.admin();
            Fixtures fx = new Fixtures(admin);
            int conversations = 4;
            int membersEach = 6;
            int sendsEach = 12;
            List<String> ids = new ArrayList<>();
            List<List<String>> members = new ArrayList<>();
            for (int c = 0; c < conversations; c++) {
                String conversation = fx.conversation();
                ids.add(conversation);
                List<String> joined = new ArrayList<>();
                for (int m = 0; m < membersEach; m++) {
                    String user = Fixtures.unique("cw");
                    fx.user(user);
                    joined.add(fx.joined(conversation, user));
                }
                members.add(joined);
            }
            record Sent(String conversation, String text, Response response) {}
            List<Callable<Sent>> tasks = new ArrayList<>();
            for (int k = 0; k < sendsEach; k++) {
                for (int c = 0; c < conversations; c++) {
                    String conversation = ids.get(c);
                    for (int m = 0; m < membersEach; m++) {
                        String member = members.get(c).get(m);
                        String text = c + "/" + m + "/" + k;
                        tasks.add(() -> new Sent(conversation, text, fx.send(conversation, member, text)));
                    }
                    if (k == sendsEach / 2) {
                        String leaving = members.get(c).get(0);
                        tasks.add(() -> new Sent(
                                conversation,
                                null,
                                admin.patch(
                                        "/v1/conversations/" + conversation + "/members/" + leaving,
                                        Map.of("state", "left"))));
                        String nobody = "MEM-00000000-0000-0000-0000-000000000000";
                        tasks.add(() -> new Sent(conversation, null, fx.send(conversation, nobody, "refused")));
                    }
                }
            }
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Sent> sent = new ArrayList<>();
            for (Future<Sent> f : pool.invokeAll(tasks)) {
                sent.add(f.get());
            }
            pool.shutdown();
            for (String conversation : ids) {
                Map<Long, String> stored = new java.util.HashMap<>();
                long messages = 0;
                long next = 1;
                while (true) {
                    var page = admin.get("/v1/conversations/" + conversation + "/events?order=asc&page_size=100"
                                    + "&start_id=" + next)
                            .json()
                            .get("_embedded");
                    for (var event : page) {
                        assertThat(event.get("id").asLong())
                                .as("ids run without a gap")
                                .isEqualTo(next);
                        next++;
                        if (event.get("type").asText().equals("message")) {
                            messages++;
                            stored.put(
                                    event.get("id").asLong(),
                                    event.at("/body/text").asText());
                        }
                    }
                    if (page.size() < 100) {
                        break;
                    }
                }
                long sequence = admin.get("/v1/conversations/" + conversation)
                        .json()
                        .get("sequence_number")
                        .asLong();
                assertThat(next - 1).isEqualTo(sequence);
                List<Sent> accepted = sent.stream()
                        .filter(x -> x.conversation().equals(conversation) && x.text() != null)
                        .filter(x -> x.response().status() == 201)
                        .toList();
                assertThat(messages).isEqualTo(accepted.size());
                for (Sent x : accepted) {
                    assertThat(stored.get(x.response().json().get("id").asLong()))
                            .isEqualTo(x.text());
                }
                assertThat(sent.stream()
                                .filter(x -> x.conversation().equals(conversation))
                                .map(x -> x.response().status()))
                        .containsOnly(200, 201, 403, 404);
            }
        }
    }
}
