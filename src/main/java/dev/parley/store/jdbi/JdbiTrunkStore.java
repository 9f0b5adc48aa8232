package dev.parley.store.jdbi;

import dev.parley.domain.CallerIdPattern;
import dev.parley.domain.Trunk;
import dev.parley.store.TrunkStore;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.mapper.RowMapper;

final class JdbiTrunkStore implements TrunkStore {
    private static final RowMapper<Trunk> ROW = (rs, ctx) -> new Trunk(
            rs.getString("name"),
            rs.getString("proxy"),
            rs.getString("username"),
            rs.getString("password"),
            rs.getString("realm"),
            rs.getInt("register") != 0,
            rs.getString("from_domain"),
            AclJson.read(rs.getString("acl_json")),
            "plus".equals(rs.getString("number_format")),
            callerIds(rs.getString("caller_ids")),
            rs.getLong("created_ms"));

    private final Sql sql;

    private static List<CallerIdPattern> callerIds(String stored) {
        return Arrays.stream(stored.split(","))
                .map(CallerIdPattern::parse)
                .flatMap(Optional::stream)
                .toList();
    }

    JdbiTrunkStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Trunk trunk) {
        sql.execute(sql.handle()
                .createUpdate("INSERT INTO trunks (name, proxy, username, password, realm, register, from_domain,"
                        + " acl_json, number_format, caller_ids, created_ms) VALUES (:name, :proxy, :username,"
                        + " :password, :realm, :register, :fromDomain, :acl, :format, :callerIds, :created)")
                .bind(
                        "callerIds",
                        trunk.callerIds().stream()
                                .map(CallerIdPattern::toString)
                                .collect(Collectors.joining(",")))
                .bind("format", trunk.plusNumbers() ? "plus" : "digits")
                .bind("name", trunk.name())
                .bind("proxy", trunk.proxy())
                .bind("username", trunk.username())
                .bind("password", trunk.password())
                .bind("realm", trunk.realm())
                .bind("register", trunk.register() ? 1 : 0)
                .bind("fromDomain", trunk.fromDomain())
                .bind("acl", AclJson.write(trunk.acl()))
                .bind("created", trunk.createdMs()));
    }

    @Override
    public Optional<Trunk> find(String name) {
        return sql.handle()
                .createQuery("SELECT * FROM trunks WHERE name = :name")
                .bind("name", name.toLowerCase(Locale.ROOT))
                .map(ROW)
                .findOne();
    }

    @Override
    public List<Trunk> all() {
        return sql.handle()
                .createQuery("SELECT * FROM trunks ORDER BY name")
                .map(ROW)
                .list();
    }

    @Override
    public boolean delete(String name) {
        return sql.handle()
                        .createUpdate("DELETE FROM trunks WHERE name = :name")
                        .bind("name", name.toLowerCase(Locale.ROOT))
                        .execute()
                > 0;
    }
}
