package dev.parley.store.jdbi;

import dev.parley.domain.SipCredential;
import dev.parley.store.SipCredentialStore;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

final class JdbiSipCredentialStore implements SipCredentialStore {
    private static final RowMapper<SipCredential> ROW = (rs, ctx) -> new SipCredential(
            rs.getString("application_id"),
            rs.getString("host"),
            rs.getString("username"),
            rs.getString("password"),
            rs.getLong("created_ms"));

    private final Sql sql;

    JdbiSipCredentialStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void put(SipCredential credential) {
        delete(credential.applicationId(), credential.host());
        sql.execute(sql.handle()
                .createUpdate("INSERT INTO sip_credentials (application_id, host, username, password, created_ms)"
                        + " VALUES (:app, :host, :username, :password, :created)")
                .bind("app", credential.applicationId())
                .bind("host", credential.host().toLowerCase(Locale.ROOT))
                .bind("username", credential.username())
                .bind("password", credential.password())
                .bind("created", credential.createdMs()));
    }

    @Override
    public Optional<SipCredential> find(String applicationId, String host) {
        return sql.handle()
                .createQuery("SELECT * FROM sip_credentials WHERE application_id = :app AND host = :host")
                .bind("app", applicationId)
                .bind("host", host.toLowerCase(Locale.ROOT))
                .map(ROW)
                .findOne();
    }

    @Override
    public List<SipCredential> all() {
        return sql.handle()
                .createQuery("SELECT * FROM sip_credentials ORDER BY application_id, host")
                .map(ROW)
                .list();
    }

    @Override
    public boolean delete(String applicationId, String host) {
        return sql.handle()
                        .createUpdate("DELETE FROM sip_credentials WHERE application_id = :app AND host = :host")
                        .bind("app", applicationId)
                        .bind("host", host.toLowerCase(Locale.ROOT))
                        .execute()
                > 0;
    }
}
