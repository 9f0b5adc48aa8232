package dev.parley.store.jdbi;

import dev.parley.store.NodeStore;
import java.util.List;

final class JdbiNodeStore implements NodeStore {
    private final Sql sql;

    JdbiNodeStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public boolean beat(String id, long nowMs) {
        int updated = sql.handle()
                .createUpdate("UPDATE nodes SET heartbeat_ms = :now WHERE id = :id")
                .bind("id", id)
                .bind("now", nowMs)
                .execute();
        if (updated > 0) {
            return true;
        }
        sql.execute(sql.handle()
                .createUpdate("INSERT INTO nodes (id, started_ms, heartbeat_ms) VALUES (:id, :now, :now)")
                .bind("id", id)
                .bind("now", nowMs));
        return false;
    }

    @Override
    public boolean known(String id) {
        return sql.handle()
                        .createQuery("SELECT COUNT(*) FROM nodes WHERE id = :id")
                        .bind("id", id)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    @Override
    public List<String> stale(long beforeMs) {
        return sql.handle()
                .createQuery("SELECT id FROM nodes WHERE heartbeat_ms < :before ORDER BY id")
                .bind("before", beforeMs)
                .mapTo(String.class)
                .list();
    }

    @Override
    public boolean claim(String id, long beforeMs) {
        return sql.handle()
                        .createUpdate("DELETE FROM nodes WHERE id = :id AND heartbeat_ms < :before")
                        .bind("id", id)
                        .bind("before", beforeMs)
                        .execute()
                > 0;
    }
}
