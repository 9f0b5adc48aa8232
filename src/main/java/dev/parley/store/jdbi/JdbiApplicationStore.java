package dev.parley.store.jdbi;

import dev.parley.domain.Application;
import dev.parley.domain.VoiceWebhooks;
import dev.parley.store.ApplicationStore;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

final class JdbiApplicationStore implements ApplicationStore {
    private static final RowMapper<Application> ROW = (rs, ctx) -> new Application(
            rs.getString("id"),
            rs.getString("name"),
            rs.getString("public_key_pem"),
            rs.getString("event_url"),
            rs.getString("event_method"),
            rs.getLong("created_ms"));

    private final Sql sql;

    JdbiApplicationStore(Sql sql) {
        this.sql = sql;
    }

    @Override
    public void insert(Application application) {
        sql.execute(sql.handle()
                .createUpdate("INSERT INTO applications (id, name, public_key_pem, event_url, event_method,"
                        + " created_ms) VALUES (:id, :name, :key, :event_url, :event_method, :created)")
                .bind("id", application.id())
                .bind("name", application.name())
                .bind("key", application.publicKeyPem())
                .bind("event_url", application.eventUrl())
                .bind("event_method", application.eventMethod())
                .bind("created", application.createdMs()));
    }

    @Override
    public Optional<Application> find(String id) {
        return sql.handle()
                .createQuery("SELECT * FROM applications WHERE id = :id")
                .bind("id", id)
                .map(ROW)
                .findOne();
    }

    @Override
    public List<Application> all() {
        return sql.handle()
                .createQuery("SELECT * FROM applications ORDER BY created_ms, id")
                .map(ROW)
                .list();
    }

    @Override
    public void updateEventUrl(String id, String eventUrl, String eventMethod) {
        sql.handle()
                .createUpdate("UPDATE applications SET event_url = :url, event_method = :method WHERE id = :id")
                .bind("url", eventUrl)
                .bind("method", eventMethod)
                .bind("id", id)
                .execute();
    }

    @Override
    public Optional<String> signatureSecret(String id) {
        return sql.handle()
                .createQuery("SELECT signature_secret FROM applications WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne()
                .filter(secret -> secret != null && !secret.isEmpty());
    }

    @Override
    public VoiceWebhooks voiceWebhooks(String id) {
        return sql.handle()
                .createQuery("SELECT voice_answer_url, voice_answer_method, voice_event_url, voice_event_method,"
                        + " voice_fallback_answer_url FROM applications WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new VoiceWebhooks(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .findOne()
                .orElse(VoiceWebhooks.NONE);
    }

    @Override
    public void setVoiceWebhooks(String id, VoiceWebhooks webhooks) {
        sql.handle()
                .createUpdate(
                        "UPDATE applications SET voice_answer_url = :answer, voice_answer_method = :answer_method,"
                                + " voice_event_url = :event, voice_event_method = :event_method,"
                                + " voice_fallback_answer_url = :fallback WHERE id = :id")
                .bind("answer", webhooks.answerUrl())
                .bind("answer_method", webhooks.answerMethod())
                .bind("event", webhooks.eventUrl())
                .bind("event_method", webhooks.eventMethod())
                .bind("fallback", webhooks.fallbackAnswerUrl())
                .bind("id", id)
                .execute();
    }

    @Override
    public void setSignatureSecret(String id, String secret) {
        sql.handle()
                .createUpdate("UPDATE applications SET signature_secret = :secret WHERE id = :id")
                .bind("secret", secret)
                .bind("id", id)
                .execute();
    }
}
