package dev.parley.api;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import dev.parley.api.handlers.CallAudioHandlers;
import dev.parley.api.handlers.CallHandlers;
import dev.parley.api.handlers.ConversationAudioHandlers;
import dev.parley.api.handlers.ConversationHandlers;
import dev.parley.api.handlers.DemoHandlers;
import dev.parley.api.handlers.EventHandlers;
import dev.parley.api.handlers.FileHandlers;
import dev.parley.api.handlers.LegHandlers;
import dev.parley.api.handlers.LegacyHandlers;
import dev.parley.api.handlers.MemberHandlers;
import dev.parley.api.handlers.RtcHandlers;
import dev.parley.api.handlers.SessionHandlers;
import dev.parley.api.handlers.SystemHandlers;
import dev.parley.api.handlers.UserHandlers;
import dev.parley.api.handlers.V01ConversationHandlers;
import dev.parley.api.handlers.V01EventHandlers;
import dev.parley.api.handlers.V01MemberHandlers;
import dev.parley.api.handlers.V01UserHandlers;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.websocket.WsConfig;
import java.util.Set;
import java.util.function.Consumer;

/** Every route of the server and the handler that answers it; nothing else. */
final class Routes {
    private Routes() {}

    /** The routes answered without a token; every other route needs one (deny by default). */
    static final Set<String> PUBLIC =
            Set.of("/health", "/metrics", "/demo", "/demo/vonageClientSDK.min.js", "/v2/rtc/metrics");

    /** The handlers the routes point at. */
    record Handlers(
            SystemHandlers system,
            CallHandlers calls,
            CallAudioHandlers callAudio,
            ConversationAudioHandlers conversationAudio,
            LegHandlers legs,
            FileHandlers files,
            ConversationHandlers conversations,
            MemberHandlers members,
            EventHandlers events,
            UserHandlers users,
            SessionHandlers sessions,
            LegacyHandlers legacy,
            V01ConversationHandlers firstConversations,
            V01UserHandlers firstUsers,
            V01EventHandlers firstEvents,
            V01MemberHandlers firstMembers,
            RtcHandlers rtc,
            DemoHandlers demo,
            /** The Client SDK socket endpoint, configured by the realtime layer. */
            Consumer<WsConfig> rtcSocket) {}

    static void register(JavalinConfig config, Handlers h) {
        config.routes.ws("/v2/rtc", h.rtcSocket()::accept);
        config.routes.apiBuilder(() -> {
            get("/health", h.system()::health);
            get("/metrics", h.system()::metrics);
            path("/v1", () -> {
                path("conversations", () -> {
                    get(h.conversations()::list);
                    post(h.conversations()::create);
                    conversation(h, h.events()::list, null);
                    path("{conversation_id}", () -> {
                        put("talk", h.conversationAudio()::startTalk);
                        delete("talk", h.conversationAudio()::stopTalk);
                        put("stream", h.conversationAudio()::startStream);
                        delete("stream", h.conversationAudio()::stopStream);
                        put("record", h.conversationAudio()::record);
                    });
                });
                path("calls", () -> {
                    get(h.calls()::list);
                    post(h.calls()::create);
                    get("{uuid}", h.calls()::get);
                    put("{uuid}", h.calls()::modify);
                    put("{uuid}/talk", h.callAudio()::startTalk);
                    delete("{uuid}/talk", h.callAudio()::stopTalk);
                    put("{uuid}/stream", h.callAudio()::startStream);
                    delete("{uuid}/stream", h.callAudio()::stopStream);
                    put("{uuid}/dtmf", h.callAudio()::sendDtmf);
                });
                get("files/{id}", h.files()::download);
                path("users", () -> {
                    get(h.users()::list);
                    post(h.users()::create);
                    path("{user_id}", () -> {
                        get(h.users()::get);
                        patch(h.users()::update);
                        delete(h.users()::delete);
                        get("conversations", h.users()::conversations);
                    });
                });
            });
            get("/demo", h.demo()::page);
            get("/demo/vonageClientSDK.min.js", h.demo()::bundle);
            post("/v2/rtc/metrics", h.system()::clientMetrics);
            path("/v0.1/legs", () -> {
                get(h.legs()::list);
                get("{leg_id}", h.legs()::get);
                delete("{leg_id}", h.legs()::hangup);
            });
            // /beta/legs/{id} GET is the Client SDKs' own leg (below); the v0.1 list and hangup are here too.
            get("/beta/legs", h.legs()::list);
            delete("/beta/legs/{leg_id}", h.legs()::hangup);
            // The Client SDKs' paths: the same services, their shapes (docs/REALTIME.md).
            path("/v0.2", () -> {
                put("sessions/{session_id}", h.sessions()::renew);
                delete("conversations/{conversation_id}/members/{member_id}", h.rtc()::leave);
            });
            for (String prefix : new String[] {"/v0.3", "/beta"}) { // the new SDK's calls, and the legacy SDK's
                path(prefix, () -> {
                    post("legs", h.rtc()::createLeg);
                    get("legs/{leg_id}", h.rtc()::leg);
                    post("knocking", h.rtc()::knock);
                    delete("knocking/{knocking_id}", h.rtc()::cancelKnock);
                    post("conversations/{conversation_id}/rtc", h.rtc()::enableMedia);
                    post("conversations/{conversation_id}/rtc/{rtc_id}/answer", h.rtc()::answer);
                    post("conversations/{conversation_id}/rtc/{rtc_id}/offer", h.rtc()::reconnect);
                });
            }
            put("/v0.3/conversations/{conversation_id}/members/{member_id}", h.members()::update);
            for (String prefix : new String[] {"/v0.3", "/beta", "/beta2"}) {
                delete(prefix + "/conversations/{conversation_id}/rtc/{rtc_id}", h.rtc()::disableMedia);
            }
            path("/v0.3", () -> {
                path("users/{user_id}", () -> {
                    get(h.users()::get);
                    get("conversations", h.users()::conversationsForClients);
                    get("sessions", h.sessions()::listForUser);
                });
                path("conversations", () -> {
                    post(h.conversations()::create);
                    conversation(h, h.events()::listForClients, h.legacy()::removeMember);
                });
            });
            // The API's first versions (v0.1): /beta as its 2019 users called it, /v0.1 as it was renamed.
            for (String prefix : new String[] {"/beta", "/v0.1"}) {
                path(prefix + "/conversations", () -> {
                    get(h.firstConversations()::list);
                    post(h.firstConversations()::create);
                    path("{conversation_id}", () -> {
                        get(h.firstConversations()::get);
                        put(h.firstConversations()::replace);
                        delete(h.firstConversations()::delete);
                        get("members", h.firstMembers()::list);
                        post("members", h.firstMembers()::create);
                        get("members/{member_id}", h.firstMembers()::get);
                        put("members/{member_id}", h.firstMembers()::update);
                        delete("members/{member_id}", h.firstMembers()::delete);
                        get("events", h.firstEvents()::list);
                        post("events", h.events()::createLegacy);
                        get("events/{event_id}", h.firstEvents()::get);
                        delete("events/{event_id}", h.firstEvents()::delete);
                    });
                });
                path(prefix + "/users", () -> {
                    get(h.firstUsers()::list);
                    post(h.firstUsers()::create);
                    path("{user_id}", () -> {
                        get(h.firstUsers()::get);
                        put(h.firstUsers()::replace);
                        delete(h.firstUsers()::delete);
                        get("conversations", h.firstUsers()::conversations);
                    });
                });
            }
            path("/beta2", () -> {
                get("users", h.legacy()::listUsers);
                get("users/{user_id}", h.legacy()::getUser);
                get("users/{user_id}/conversations", h.legacy()::userConversations);
                get("conversations", h.legacy()::listConversations);
                path("conversations/{conversation_id}", () -> {
                    get("members", h.legacy()::listMembers);
                    get("members/{member_id}", h.legacy()::getMember);
                    get("events/{event_id}", h.firstEvents()::get);
                    get("events", h.events()::listLegacy);
                    post("events", h.events()::createLegacy);
                    delete("events/{event_id}", h.events()::delete);
                });
            });
        });
    }

    /**
     * The routes under {@code conversations/{conversation_id}}, shared by v1 and v0.3: they differ only
     * in the event list's shape and in v0.3's member removal (the legacy SDK's kick).
     */
    private static void conversation(Handlers h, Handler eventList, Handler memberRemoval) {
        path("{conversation_id}", () -> {
            get(h.conversations()::get);
            put(h.conversations()::replace);
            delete(h.conversations()::delete);
            path("members", () -> {
                get(h.members()::list);
                post(h.members()::create);
                get("me", h.members()::me);
                get("{member_id}", h.members()::get);
                patch("{member_id}", h.members()::update);
                if (memberRemoval != null) {
                    delete("{member_id}", memberRemoval);
                }
            });
            path("events", () -> {
                get(eventList);
                post(h.events()::create);
                get("{event_id}", h.events()::get);
                delete("{event_id}", h.events()::delete);
            });
        });
    }
}
