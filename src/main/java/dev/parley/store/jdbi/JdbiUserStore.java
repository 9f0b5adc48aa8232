package dev.parley.store.jdbi;

import dev.parley.domain.User;
import dev.parley.domain.UserId;
import dev.parley.store.Slice;
import dev.parley.store.UserStore;
import java.util.List;
import java.util.Optional;

final class JdbiUserStore implements UserStore {
    private final Sql sql;

    JdbiUserStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(User user) {
        sql.execute(sql.handle()
                .createUpdate("INSERT INTO users (id, application_id, name, display_name, image_url, properties_json,"
                        + " channels_json, created_ms) VALUES (:id, :app, :name, :display_name, :image_url,"
                        + " :properties, :channels, :created)")
                .bind("id", user.id())
                .bind("app", user.applicationId())
                .bind("name", user.name())
                .bind("display_name", user.displayName())
                .bind("image_url", user.imageUrl())
                .bind("properties", user.propertiesJson())
                .bind("channels", user.channelsJson())
                .bind("created", user.createdMs()));
    }

    @Override
    public void update(User user) {
        sql.execute(sql.handle()
                .createUpdate("UPDATE users SET name = :name, display_name = :display_name, image_url = :image_url,"
                        + " properties_json = :properties, channels_json = :channels, updated_ms = :updated"
                        + " WHERE id = :id")
                .bind("id", user.id())
                .bind("name", user.name())
                .bind("display_name", user.displayName())
                .bind("image_url", user.imageUrl())
                .bind("properties", user.propertiesJson())
                .bind("channels", user.channelsJson())
                .bind("updated", user.updatedMs()));
    }

    @Override
    public Optional<User> find(String applicationId, UserId id) {
        return sql.handle()
                .createQuery("SELECT " + Rows.USER_COLUMNS
                        + " FROM users u WHERE u.id = :id AND u.application_id = :app" + " AND u.deleted_ms IS NULL")
                .bind("id", id)
                .bind("app", applicationId)
                .map(Rows.USER)
                .findOne();
    }

    @Override
    public Optional<User> findByName(String applicationId, String name) {
        return sql.handle()
                .createQuery("SELECT " + Rows.USER_COLUMNS + " FROM users u WHERE u.name = :name"
                        + " AND u.application_id = :app AND u.deleted_ms IS NULL")
                .bind("name", name)
                .bind("app", applicationId)
                .map(Rows.USER)
                .findOne();
    }

    @Override
    public void markDeleted(UserId id, long atMs) {
        sql.handle()
                .createUpdate("UPDATE users SET deleted_ms = :at WHERE id = :id")
                .bind("id", id)
                .bind("at", atMs)
                .execute();
    }

    @Override
    public List<User> list(String applicationId, String name, Slice slice) {
        String filter = name == null ? "" : " AND u.name = :name";
        var query = sql.handle()
                .createQuery("SELECT " + Rows.USER_COLUMNS + " FROM users u WHERE u.application_id = :app"
                        + " AND u.deleted_ms IS NULL" + filter
                        + Sql.keyset(slice, "u.created_ms", "u.id"));
        query.bind("app", applicationId);
        if (name != null) {
            query.bind("name", name);
        }
        return Sql.bindSlice(query, slice).map(Rows.USER).list();
    }
}
