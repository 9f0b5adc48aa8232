package dev.parley.store;

import dev.parley.domain.Application;
import dev.parley.domain.VoiceWebhooks;
import java.util.List;
import java.util.Optional;

public interface ApplicationStore {
    void insert(Application application);

    Optional<Application> find(String id);

    List<Application> all();

    /** Sets the RTC event webhook (null URL: none). */
    void updateEventUrl(String id, String eventUrl, String eventMethod);

    /** The secret webhooks are signed with; empty when the application has none yet. */
    Optional<String> signatureSecret(String id);

    void setSignatureSecret(String id, String secret);

    /** The application's Voice API webhooks ({@link VoiceWebhooks#NONE} when none are set). */
    VoiceWebhooks voiceWebhooks(String id);

    void setVoiceWebhooks(String id, VoiceWebhooks webhooks);
}
