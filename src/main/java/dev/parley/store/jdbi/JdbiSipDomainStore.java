package dev.parley.store.jdbi;

import dev.parley.domain.SipDomain;
import dev.parley.store.SipDomainStore;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

final class JdbiSipDomainStore implements SipDomainStore {
    private static final RowMapper<SipDomain> ROW = (rs, ctx) -> new SipDomain(
            rs.getString("name"),
            rs.getString("application_id"),
            AclJson.read(rs.getString("acl_json")),
            rs.getLong("created_ms"));

    private final Sql sql;

    JdbiSipDomainStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(SipDomain domain) {
        sql.execute(sql.handle()
                .createUpdate("INSERT INTO sip_domains (name, application_id, acl_json, created_ms)"
                        + " VALUES (:name, :app, :acl, :created)")
                .bind("name", domain.name())
                .bind("app", domain.applicationId())
                .bind("acl", AclJson.write(domain.acl()))
                .bind("created", domain.createdMs()));
    }

    @Override
    public Optional<SipDomain> find(String name) {
        return sql.handle()
                .createQuery("SELECT * FROM sip_domains WHERE name = :name")
                .bind("name", name.toLowerCase(Locale.ROOT))
                .map(ROW)
                .findOne();
    }

    @Override
    public List<SipDomain> all() {
        return sql.handle()
                .createQuery("SELECT * FROM sip_domains ORDER BY name")
                .map(ROW)
                .list();
    }

    @Override
    public boolean delete(String name) {
        return sql.handle()
                        .createUpdate("DELETE FROM sip_domains WHERE name = :name")
                        .bind("name", name.toLowerCase(Locale.ROOT))
                        .execute()
                > 0;
    }
}
