package dev.parley.voice.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.outbound.OutboundGate;
import dev.parley.outbound.OutboundRefused;
import dev.parley.voice.media.Bridge;
import dev.parley.voice.media.TextToSpeech;
import dev.parley.voice.media.WavFetcher;
import dev.parley.voice.ncco.NccoAction;
import dev.parley.voice.ncco.NccoException;
import dev.parley.voice.ncco.NccoParser;
import dev.parley.wire.Json;
import dev.parley.wire.VoiceWebhookJson;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a call's NCCO on the call's own thread: actions in order, each until it is done, the call ends
 * or a transfer replaces the rest. What the actions play goes through the leg's mixer participant.
 * Thread-safe (it keeps no state of its own).
 */
final class NccoRunner {

    private final LegRecorder recorder;
    private final AnswerClient answers;
    private final TextToSpeech speech;
    private final WavFetcher audio;
    private final OutboundGate gate;
    private final Rooms rooms;
    private final OutboundCalls outbound;
    private final Recordings recordings;

    NccoRunner(
            LegRecorder recorder,
            AnswerClient answers,
            TextToSpeech speech,
            Rooms rooms,
            OutboundCalls outbound,
            Recordings recordings,
            WavFetcher audio,
            OutboundGate gate) {
        this.gate = gate;
        this.audio = audio;
        this.recordings = recordings;
        this.recorder = recorder;
        this.answers = answers;
        this.speech = speech;
        this.rooms = rooms;
        this.outbound = outbound;
    }

    /** Runs {@code ncco} until its last action is done or the call ends; the caller then hangs up. */
    void run(CallSession session, List<NccoAction> ncco) {
        Deque<NccoAction> remaining = new ArrayDeque<>(ncco);
        while (!remaining.isEmpty() && !session.ncco.isEnded()) {
            NccoAction action = remaining.pollFirst();
            Optional<OutboundRefused> refused = refusedEventUrl(action);
            if (refused.isPresent()) {
                recorder.error(
                        session,
                        actionName(action) + " not run: its eventUrl is refused: "
                                + refused.get().getMessage());
                continue;
            }
            Optional<JsonNode> answer = execute(session, action);
            List<NccoAction> transfer = session.ncco.takeTransfer();
            if (transfer != null) {
                session.media.participant.prompt.stop();
                remaining.clear();
                remaining.addAll(transfer);
                continue;
            }
            replaceIfAnswered(session, remaining, answer);
        }
    }

    /**
     * Whether the event URL an action's results would go to is one the outbound gate refuses: such an
     * action is not run (its results would reach nobody), and the NCCO goes on.
     */
    private Optional<OutboundRefused> refusedEventUrl(NccoAction action) {
        NccoAction.Webhook eventUrl = switch (action) {
            case NccoAction.Record record -> record.eventUrl();
            case NccoAction.Conversation conversation -> conversation.record() ? conversation.eventUrl() : null;
            case NccoAction.Connect connect -> connect.eventUrl();
            case NccoAction.Input input -> input.eventUrl();
            case NccoAction.Notify notify -> notify.eventUrl();
            default -> null;
        };
        return eventUrl == null || eventUrl.url() == null ? Optional.empty() : gate.check(eventUrl.url());
    }

    private static String actionName(NccoAction action) {
        return action.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    /** Runs one action; its answer (input, notify, connect) may replace the rest. */
    private Optional<JsonNode> execute(CallSession session, NccoAction action) {
        switch (action) {
            case NccoAction.Conversation conversation -> {
                rooms.enter(session, conversation);
                if (conversation.record()) {
                    recordings.recordRoom(session, session.media.room, conversation.eventUrl());
                }
                session.ncco.awaitUntil(() -> false, NccoControl.FOREVER); // until hangup or transfer
                return Optional.empty();
            }
            case NccoAction.Wait wait -> {
                session.ncco.awaitUntil(() -> false, (long) (wait.timeout() * 1000));
                return Optional.empty();
            }
            case NccoAction.Talk talk -> {
                play(session, speech.speak(talk.text(), talk.language()), talk.level(), talk.loop(), talk.bargeIn());
                return Optional.empty();
            }
            case NccoAction.Stream stream -> {
                try {
                    play(session, audio.fetch(stream.streamUrl()), stream.level(), stream.loop(), stream.bargeIn());
                } catch (IOException e) {
                    recorder.error(session, "stream " + stream.streamUrl() + " not played: " + e.getMessage());
                }
                return Optional.empty();
            }
            case NccoAction.Input input -> {
                return input(session, input);
            }
            case NccoAction.Notify notify -> {
                return callback(
                        session,
                        "notify",
                        notify.eventUrl().url(),
                        notify.eventUrl().method(),
                        (ObjectNode) Json.parse(notify.payloadJson()));
            }
            case NccoAction.Connect connect -> {
                return outbound.connect(session, connect, this); // the callee's onAnswer NCCO runs here too
            }
            case NccoAction.Transfer transfer -> {
                if (!rooms.transfer(session, transfer)) {
                    recorder.error(
                            session,
                            "transfer: no conversation " + transfer.conversationId()
                                    + " in this application; the NCCO goes on.");
                    return Optional.empty();
                }
                session.ncco.awaitUntil(() -> false, NccoControl.FOREVER); // in the conversation until hangup
                return Optional.empty();
            }
            case NccoAction.Record record -> {
                recordings.record(session, record); // asynchronous: the NCCO goes on while it records
                return Optional.empty();
            }
        }
    }

    /**
     * Plays audio to the leg alone, {@code loop} times (0: until the call ends), at {@code level}
     * (-1..1, about -10 to +10 dB); with {@code bargeIn}, a key press stops it (the key stays for the
     * input that follows).
     */
    private static void play(CallSession session, short[] samples, double level, int loop, boolean bargeIn) {
        Bridge.Participant participant = session.media.participant;
        CompletableFuture<Boolean> done = participant.prompt.start(samples, Math.pow(10, level / 2), loop);
        done.whenComplete((end, error) -> session.ncco.wake());
        session.ncco.awaitUntil(
                () -> done.isDone() || (bargeIn && !session.ncco.digits.isEmpty()), NccoControl.FOREVER);
        participant.prompt.stop();
    }

    /**
     * An NCCO the application answered an {@code input}, {@code notify} or {@code connect} with replaces
     * the rest of the call's NCCO; an empty answer (or none) lets it go on. An answer that is not a
     * valid NCCO gets an error event and is ignored: the call goes on as the Voice API's does.
     */
    private void replaceIfAnswered(CallSession session, Deque<NccoAction> remaining, Optional<JsonNode> answer) {
        if (answer.isEmpty() || !answer.get().isArray() || answer.get().isEmpty()) {
            return;
        }
        try {
            List<NccoAction> next = NccoParser.parse(answer.get());
            remaining.clear();
            remaining.addAll(next);
        } catch (NccoException e) {
            recorder.error(session, "The NCCO answered was not used: " + e.getMessage());
        }
    }

    /**
     * Runs an {@code input}: DTMF until {@code maxDigits}, {@code #} (with {@code submitOnHash}) or
     * {@code timeOut} seconds without a key; then its result goes to the action's event URL (the call's
     * own when it names none). Speech cannot be recognised here: the result says so in {@code
     * speech.error}, which the SDKs read.
     */
    private Optional<JsonNode> input(CallSession session, NccoAction.Input input) {
        StringBuilder digits = new StringBuilder();
        boolean timedOut = false;
        if (input.dtmf() != null) {
            NccoAction.Input.Dtmf dtmf = input.dtmf();
            long waitMs = Math.max(1, dtmf.timeOut()) * 1000L;
            while (digits.length() < dtmf.maxDigits() && !session.ncco.interrupted()) {
                if (!session.ncco.awaitUntil(() -> !session.ncco.digits.isEmpty(), waitMs)) {
                    timedOut = !session.ncco.interrupted();
                    break;
                }
                char key = session.ncco.digits.poll();
                if (key == '#' && dtmf.submitOnHash()) {
                    break;
                }
                digits.append(key);
            }
        }
        if (session.ncco.interrupted()) {
            return Optional.empty();
        }
        var body = VoiceWebhookJson.input(
                session.leg,
                digits.toString(),
                timedOut,
                input.dtmf() != null,
                input.speech() != null,
                System.currentTimeMillis());
        String url = input.eventUrl() != null ? input.eventUrl().url() : session.leg.eventUrl();
        String method = input.eventUrl() != null ? input.eventUrl().method() : session.leg.eventMethod();
        return url == null ? Optional.empty() : callback(session, "input", url, method, body);
    }

    /**
     * Sends an action's result to its event URL and returns the NCCO answered; a URL the outbound gate
     * refuses gets an error event, and the NCCO goes on.
     */
    private Optional<JsonNode> callback(
            CallSession session, String action, String url, String method, ObjectNode body) {
        AnswerClient.Reply reply = answers.callback(url, method, body);
        reply.refused().ifPresent(r -> recorder.error(session, action + ": eventUrl not called: " + r.getMessage()));
        return reply.ncco();
    }
}
