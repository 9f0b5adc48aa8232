package dev.parley.store.jdbi;

import dev.parley.store.SettingsStore;
import java.util.Optional;

final class JdbiSettingsStore implements SettingsStore {
    private final Sql sql;

    JdbiSettingsStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public Optional<String> get(String name) {
        return sql.handle()
                .createQuery("SELECT value FROM settings WHERE name = :name")
                .bind("name", name)
                .mapTo(String.class)
                .findOne();
    }

    @Override
    public String putIfAbsent(String name, String value) {
        sql.handle()
                .createUpdate("INSERT INTO settings (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING")
                .bind("name", name)
                .bind("value", value)
                .execute();
        return get(name).orElseThrow();
    }
}
