package dev.parley.store.jdbi;

import dev.parley.store.CommandStore;
import java.util.List;
import java.util.Optional;

final class JdbiCommandStore implements CommandStore {
    private final Sql sql;

    JdbiCommandStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(String id, String node, String commandJson, long nowMs) {
        sql.execute(sql.handle()
                .createUpdate("INSERT INTO call_commands (id, node, command_json, created_ms)"
                        + " VALUES (:id, :node, :command, :now)")
                .bind("id", id)
                .bind("node", node)
                .bind("command", commandJson)
                .bind("now", nowMs));
        if (sql.dialect == Dialect.POSTGRESQL) {
            // delivered to every node's LISTEN at commit; only the named node acts on it
            sql.handle()
                    .createQuery("SELECT pg_notify('" + Dialect.COMMAND_CHANNEL + "', :node)")
                    .bind("node", node)
                    .mapTo(String.class)
                    .findOne();
        }
    }

    @Override
    public List<Pending> pendingFor(String node) {
        return sql.handle()
                .createQuery("SELECT id, command_json FROM call_commands WHERE node = :node AND outcome_json IS NULL"
                        + " ORDER BY created_ms")
                .bind("node", node)
                .map((rs, ctx) -> new Pending(rs.getString("id"), rs.getString("command_json")))
                .list();
    }

    @Override
    public void finish(String id, String outcomeJson) {
        sql.handle()
                .createUpdate("UPDATE call_commands SET outcome_json = :outcome WHERE id = :id")
                .bind("id", id)
                .bind("outcome", outcomeJson)
                .execute();
    }

    @Override
    public Optional<String> outcome(String id) {
        return sql.handle()
                .createQuery("SELECT COALESCE(outcome_json, '') FROM call_commands WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne()
                .filter(outcome -> !outcome.isEmpty());
    }

    @Override
    public int deleteOlderThan(long beforeMs) {
        return sql.handle()
                .createUpdate("DELETE FROM call_commands WHERE created_ms < :before")
                .bind("before", beforeMs)
                .execute();
    }

    @Override
    public void delete(String id) {
        sql.handle()
                .createUpdate("DELETE FROM call_commands WHERE id = :id")
                .bind("id", id)
                .execute();
    }
}
