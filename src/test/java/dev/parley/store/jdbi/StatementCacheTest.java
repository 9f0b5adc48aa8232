package dev.parley.store.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite statement cache, through JDBI and HikariCP as the store uses them, on a real file. */
class StatementCacheTest {
    @TempDir
    Path dir;

    private Pools pools;
    private Jdbi jdbi;
    private final StatementCache cache = new StatementCache();
    /** Every statement JDBI executed, in order (identity tells whether one was reused). */
    private final List<PreparedStatement> executed = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        Files.createDirectories(dir);
        pools = Pools.open("jdbc:sqlite:" + dir.resolve("cache.db"), Dialect.SQLITE, 2);
        jdbi = Jdbi.create(pools.writer()).setStatementBuilderFactory(cache);
        jdbi.addCustomizer(new StatementCustomizer() {
            @Override
            public void beforeExecution(PreparedStatement stmt, StatementContext ctx) {
                executed.add(stmt);
            }
        });
        jdbi.useHandle(h -> h.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"));
        executed.clear();
    }

    @AfterEach
    void close() {
        pools.close();
    }

    private void insert(int id, String name) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO t (id, name) VALUES (:id, :name)")
                .bind("id", id)
                .bind("name", name)
                .execute());
    }

    private String name(int id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT name FROM t WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .one());
    }

    @Test
    void the_same_sql_reuses_one_compiled_statement_across_handles_with_fresh_parameters() {
        insert(1, "one");
        insert(2, "two");
        assertThat(name(1)).isEqualTo("one");
        assertThat(name(2)).isEqualTo("two");
        assertThat(executed.get(0)).isSameAs(executed.get(1));
        assertThat(executed.get(2)).isSameAs(executed.get(3)).isNotSameAs(executed.get(0));
        assertThat(cache.connections()).isEqualTo(1);
    }

    @Test
    void a_statement_that_failed_is_compiled_again_and_works() throws Exception {
        insert(1, "one");
        assertThatThrownBy(() -> insert(2, "one")).isInstanceOf(UnableToExecuteStatementException.class);
        insert(3, "three");
        assertThat(name(3)).isEqualTo("three");
        assertThat(executed.get(1).isClosed() || executed.get(1) == executed.get(2))
                .as("the failed statement was closed or reset, never left half-run")
                .isTrue();
        int rows = jdbi.withHandle(h ->
                h.createQuery("SELECT count(*) FROM t").mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(2);
    }

    @Test
    void the_same_sql_run_while_it_is_still_open_gets_its_own_statement() {
        for (int i = 1; i <= 5; i++) {
            insert(i, "n" + i);
        }
        Map<Integer, String> seen = new ConcurrentHashMap<>();
        jdbi.useHandle(h -> {
            String all = "SELECT id FROM t WHERE id >= :from ORDER BY id";
            try (var outer =
                    h.createQuery(all).bind("from", 1).mapTo(Integer.class).iterator()) {
                while (outer.hasNext()) {
                    int id = outer.next();
                    List<Integer> later = h.createQuery(all)
                            .bind("from", id)
                            .mapTo(Integer.class)
                            .list();
                    seen.put(id, later.toString());
                }
            }
        });
        assertThat(seen)
                .containsEntry(1, "[1, 2, 3, 4, 5]")
                .containsEntry(4, "[4, 5]")
                .hasSize(5);
    }

    @Test
    void more_distinct_statements_than_it_keeps_stay_correct_and_the_dropped_ones_are_closed() {
        insert(1, "one");
        int distinct = StatementCache.PER_CONNECTION + 20;
        for (int i = 0; i < distinct; i++) {
            String sql = "SELECT name || '" + i + "' FROM t WHERE id = :id";
            String value = jdbi.withHandle(
                    h -> h.createQuery(sql).bind("id", 1).mapTo(String.class).one());
            assertThat(value).isEqualTo("one" + i);
        }
        long closed = executed.stream()
                .filter(s -> {
                    try {
                        return s.isClosed();
                    } catch (java.sql.SQLException e) {
                        return true;
                    }
                })
                .count();
        assertThat(closed).isGreaterThanOrEqualTo(distinct - StatementCache.PER_CONNECTION);
        assertThat(name(1)).isEqualTo("one");
    }
}
