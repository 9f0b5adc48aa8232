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
}
