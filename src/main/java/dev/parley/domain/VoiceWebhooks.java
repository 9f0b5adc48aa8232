package dev.parley.domain;

/**
 * An application's Voice API webhooks: where a new call asks what to do ({@code answerUrl}, GET by
 * default; {@code fallbackAnswerUrl} when that fails) and where its call events go ({@code eventUrl},
 * POST by default). Null URLs: none set.
 */
public record VoiceWebhooks(
        String answerUrl, String answerMethod, String eventUrl, String eventMethod, String fallbackAnswerUrl) {
    public static final VoiceWebhooks NONE = new VoiceWebhooks(null, "GET", null, "POST", null);

    public VoiceWebhooks {
        answerMethod = answerMethod == null ? "GET" : answerMethod;
        eventMethod = eventMethod == null ? "POST" : eventMethod;
    }
}
