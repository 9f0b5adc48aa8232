package dev.parley.voice.ncco;

import java.util.List;
import java.util.Map;

/**
 * One action of a Call Control Object (NCCO), with every field the Voice API defines, already checked
 * (shared/VOICE.md §1.4). Optional fields are null when not given; defaults are applied where the API
 * states them. Immutable.
 */
public sealed interface NccoAction {
    /** Where and how an action's events go: {@code eventUrl} (one URL) and {@code eventMethod}. */
    record Webhook(String url, String method) {}

    record Talk(
            String text,
            boolean bargeIn,
            int loop,
            double level,
            String language,
            Integer style,
            String voiceName,
            Boolean premium)
            implements NccoAction {}

    record Stream(String streamUrl, double level, boolean bargeIn, int loop) implements NccoAction {}

    record Input(List<String> types, Dtmf dtmf, Speech speech, Webhook eventUrl) implements NccoAction {
        /** DTMF settings: seconds of silence that end the input, digits at most, whether # submits. */
        public record Dtmf(int timeOut, int maxDigits, boolean submitOnHash) {}

        /** Speech settings, kept so the answer can say what was asked for (no recogniser runs). */
        public record Speech(
                String language,
                List<String> context,
                Double endOnSilence,
                Integer startTimeout,
                Integer maxDuration) {}
    }

    record Record(
            String format,
            String split,
            Integer channels,
            Integer endOnSilence,
            String endOnKey,
            int timeOut,
            boolean beepStart,
            Webhook eventUrl)
            implements NccoAction {}

    record Conversation(
            String name,
            String musicOnHoldUrl,
            boolean startOnEnter,
            boolean endOnExit,
            boolean record,
            List<String> canSpeak,
            List<String> canHear,
            boolean mute,
            Webhook eventUrl)
            implements NccoAction {}

    record Connect(
            Endpoint endpoint,
            String from,
            boolean randomFromNumber,
            boolean synchronous,
            int timeout,
            int limit,
            String machineDetection,
            String ringbackTone,
            Webhook eventUrl)
            implements NccoAction {}

    record Notify(String payloadJson, Webhook eventUrl) implements NccoAction {}

    record Wait(double timeout) implements NccoAction {}

    record Transfer(String conversationId, Boolean mute, List<String> canHear, List<String> canSpeak)
            implements NccoAction {}

    /** Where a {@code connect} (or {@code POST /v1/calls}) rings. */
    sealed interface Endpoint {
        record Phone(String number, String dtmfAnswer, String onAnswerUrl, String onAnswerRingback)
                implements Endpoint {}

        record App(String user) implements Endpoint {}

        record Sip(String uri, Map<String, String> headers) implements Endpoint {}

        record Websocket(String uri, String contentType, String headersJson) implements Endpoint {}

        record Vbc(String extension) implements Endpoint {}
    }
}
