package dev.parley.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.auth.Access;
import dev.parley.auth.Principal;
import dev.parley.domain.ConversationId;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.Errors;
import dev.parley.domain.Leg;
import dev.parley.domain.LegFilter;
import dev.parley.domain.LegId;
import dev.parley.store.Store;
import java.util.List;

/**
 * The Voice API's calls, read: a call is one leg (the Voice API's {@code uuid}). Only an application's
 * own (admin) token sees its calls, as on the hosted service. Thread-safe.
 */
public final class CallService {
    private final Store store;
    private final CallControl control;
    private final CallCommands commands;

    /** Calls acted on through {@code control} here, and through {@code commands} on other nodes. */
    public CallService(Store store, CallControl control, CallCommands commands) {
        this.store = store;
        this.control = control;
        this.commands = commands;
    }

    /** What {@code PUT /v1/calls/{uuid}} may ask for. */
    public enum Action {
        HANGUP,
        MUTE,
        UNMUTE,
        EARMUFF,
        UNEARMUFF,
        TRANSFER
    }

    /** Places an outbound call ({@code POST /v1/calls}); the leg as first recorded. */
    public Leg create(Principal principal, CallControl.PlaceCall request) {
        Access.requireAdmin(principal, "place calls");
        return control.place(principal.applicationId(), request);
    }

    /**
     * Applies {@code action} to a call in progress; a transfer's new NCCO is {@code ncco}, or the one
     * {@code url} answers.
     */
    public void modify(Principal principal, String uuid, Action action, JsonNode ncco, String url) {
        LegId leg = active(principal, uuid);
        boolean done = switch (action) {
            case HANGUP -> commands.route(leg, op("hangup"), () -> control.hangup(leg));
            case MUTE -> commands.route(leg, op("mute").put("on", true), () -> control.mute(leg, true));
            case UNMUTE -> commands.route(leg, op("mute").put("on", false), () -> control.mute(leg, false));
            case EARMUFF -> commands.route(leg, op("earmuff").put("on", true), () -> control.earmuff(leg, true));
            case UNEARMUFF -> commands.route(leg, op("earmuff").put("on", false), () -> control.earmuff(leg, false));
            case TRANSFER -> {
                ObjectNode command = op("transfer").put("url", url);
                command.set("ncco", ncco);
                yield commands.route(leg, command, () -> control.transfer(leg, ncco, url));
            }
        };
        requireRunning(done);
    }

    public void talk(Principal principal, String uuid, String text, String language, int loop, double level) {
        LegId leg = active(principal, uuid);
        ObjectNode command = op("talk")
                .put("text", text)
                .put("language", language)
                .put("loop", loop)
                .put("level", level);
        requireRunning(commands.route(leg, command, () -> control.talk(leg, text, language, loop, level)));
    }

    public void stream(Principal principal, String uuid, String url, int loop, double level) {
        LegId leg = active(principal, uuid);
        ObjectNode command = op("stream").put("url", url).put("loop", loop).put("level", level);
        requireRunning(commands.route(leg, command, () -> control.stream(leg, url, loop, level)));
    }

    public void stopPlaying(Principal principal, String uuid) {
        LegId leg = active(principal, uuid);
        requireRunning(commands.route(leg, op("stop"), () -> control.stopPlaying(leg)));
    }

    public void dtmf(Principal principal, String uuid, String digits) {
        LegId leg = active(principal, uuid);
        requireRunning(commands.route(leg, op("dtmf").put("digits", digits), () -> control.dtmf(leg, digits)));
    }

    /** A command for a call on another node (see {@link CallCommands}). */
    private static ObjectNode op(String name) {
        return dev.parley.wire.Json.object().put("op", name);
    }

    /**
     * {@code PUT /v1/conversations/{id}/talk|stream}: plays into every leg of the conversation; the
     * play's id. The conversation must exist and have a call in it on this node.
     */
    public String playInConversation(
            Principal principal,
            String conversationId,
            String text,
            String language,
            String url,
            int loop,
            double level) {
        ConversationId conversation = conversation(principal, conversationId);
        ObjectNode command = op("play")
                .put("application", principal.applicationId())
                .put("text", text)
                .put("language", language)
                .put("url", url)
                .put("loop", loop)
                .put("level", level);
        String id = commands.everywhere(
                conversation,
                command,
                () -> control.playInConversation(
                        principal.applicationId(), conversation, text, language, url, loop, level));
        if (id == null) {
            throw noCall();
        }
        return id;
    }

    /** {@code DELETE /v1/conversations/{id}/talk|stream}: the stopped play's id. */
    public String stopInConversation(Principal principal, String conversationId, boolean talk) {
        ConversationId conversation = conversation(principal, conversationId);
        ObjectNode command =
                op("stopPlay").put("application", principal.applicationId()).put("talk", talk);
        String id = commands.everywhere(
                conversation, command, () -> control.stopInConversation(principal.applicationId(), conversation, talk));
        if (id == null) {
            throw new DomainException.Rejected(
                    ErrorCode.CALL_NOT_ACTIVE,
                    "Nothing is playing in the conversation (" + (talk ? "talk" : "stream") + ").");
        }
        return id;
    }

    /**
     * {@code PUT /v1/conversations/{id}/record}: starts (or, with {@code start} false, stops) recording
     * the conversation. Starting needs a call in it on this node; stopping, a recording.
     */
    public void recordConversation(
            Principal principal,
            String conversationId,
            boolean start,
            String eventUrl,
            String eventMethod,
            boolean split) {
        ConversationId conversation = conversation(principal, conversationId);
        String application = principal.applicationId();
        if (start) {
            ObjectNode command = op("record")
                    .put("application", application)
                    .put("eventUrl", eventUrl)
                    .put("eventMethod", eventMethod)
                    .put("split", split);
            if (!commands.atFirst(
                    conversation,
                    command,
                    () -> control.startRecording(application, conversation, eventUrl, eventMethod, split))) {
                throw noCall();
            }
        } else if (!commands.atFirst(
                conversation,
                op("stopRecord").put("application", application),
                () -> control.stopRecording(application, conversation))) {
            throw new DomainException.Rejected(
                    ErrorCode.CALL_NOT_ACTIVE, "The conversation is not being recorded on this server.");
        }
    }

    private ConversationId conversation(Principal principal, String conversationId) {
        Access.requireAdmin(principal, "play audio into conversations");
        return ConversationId.parse(conversationId)
                .filter(id -> store.read(tx -> tx.conversations().find(principal.applicationId(), id))
                        .isPresent())
                .orElseThrow(Errors::conversationNotFound);
    }

    private static DomainException noCall() {
        return new DomainException.Rejected(
                ErrorCode.CALL_NOT_ACTIVE, "No call is in this conversation on this server, so nothing can be heard.");
    }

    /** The call's leg, which must not have ended. */
    private LegId active(Principal principal, String uuid) {
        Leg leg = get(principal, uuid);
        if (leg.status().isFinal()) {
            throw new DomainException.Rejected(
                    ErrorCode.CALL_NOT_ACTIVE,
                    "The call has already ended (" + leg.status().wire() + ").");
        }
        return leg.id();
    }

    private static void requireRunning(boolean done) {
        if (!done) {
            throw new DomainException.Rejected(ErrorCode.CALL_NOT_ACTIVE, "The call is not running on this server.");
        }
    }

    /** One offset page of calls and how many match in all. */
    public record CallPage(List<Leg> calls, int count, int recordIndex, int pageSize) {}

    public CallPage list(Principal principal, LegFilter filter, int recordIndex, int pageSize, boolean ascending) {
        Access.requireAdmin(principal, "list calls");
        return store.read(tx -> new CallPage(
                tx.legs().list(principal.applicationId(), filter, recordIndex, pageSize, ascending),
                tx.legs().count(principal.applicationId(), filter),
                recordIndex,
                pageSize));
    }

    /** The page of a filter no call matches (a status this node never gives, like {@code machine}). */
    public CallPage none(Principal principal, int recordIndex, int pageSize) {
        Access.requireAdmin(principal, "list calls");
        return new CallPage(List.of(), 0, recordIndex, pageSize);
    }

    public Leg get(Principal principal, String uuid) {
        Access.requireAdmin(principal, "read calls");
        return LegId.parse(uuid)
                .flatMap(id -> store.read(tx -> tx.legs().find(principal.applicationId(), id)))
                .orElseThrow(() -> new DomainException.NotFound(ErrorCode.CALL_NOT_FOUND, "Call does not exist."));
    }
}
