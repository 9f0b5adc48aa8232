package dev.parley.api;

import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.patch;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;
import static io.javalin.apibuilder.ApiBuilder.put;

import dev.parley.auth.JwtVerifier;
import dev.parley.config.RateLimits;
import dev.parley.domain.DomainException;
import dev.parley.service.ConversationService;
import dev.parley.service.EventService;
import dev.parley.service.MemberService;
import dev.parley.service.SessionService;
import dev.parley.service.UserService;
import dev.parley.wire.Json;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP server and the ONE route table of the API. */
public final class Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Server.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("parley.access");

    /** Everything the server needs, built by {@code Main}. */
    public record Dependencies(
            ConversationService conversations,
            MemberService members,
            EventService events,
            UserService users,
            SessionService sessions,
            /** The Client SDK socket endpoint ({@code /v2/rtc}), configured by the realtime layer. */
            java.util.function.Consumer<io.javalin.websocket.WsConfig> rtcSocket,
            JwtVerifier verifier,
            byte[] cursorSecret,
            String publicUrl,
            long maxBodyBytes,
            RateLimits rateLimits,
            PrometheusMeterRegistry metrics) {}

    private final Javalin app;
    private final java.util.concurrent.ScheduledExecutorService housekeeping;

    private Server(Javalin app, java.util.concurrent.ScheduledExecutorService housekeeping) {
        this.app = app;
        this.housekeeping = housekeeping;
    }

    public static Server start(String host, int port, Dependencies deps) {
        Links links = new Links(deps.publicUrl());
        Views views = new Views(links);
        ClientViews clientViews = new ClientViews(views, links);
        Paging paging = new Paging(new CursorCodec(deps.cursorSecret()), links);
        RateLimiter limiter = new RateLimiter(deps.rateLimits(), deps.metrics());
        Auth auth = new Auth(deps.verifier(), limiter);
        ConversationHandlers conversations = new ConversationHandlers(deps.conversations(), views, paging);
        MemberHandlers members = new MemberHandlers(deps.members(), views, paging);
        EventHandlers events = new EventHandlers(deps.events(), views, clientViews, paging);
        UserHandlers users = new UserHandlers(deps.users(), views, clientViews, paging);
        SessionHandlers sessions = new SessionHandlers(deps.sessions(), paging, links);
        LegacyHandlers legacy = new LegacyHandlers(
                deps.conversations(), deps.members(), deps.users(), views, clientViews, paging, links);

        Javalin app = Javalin.create(config -> {
            configure(config, deps);
            config.routes.before(ctx -> checkBodySize(ctx, deps.maxBodyBytes()));
            config.routes.beforeMatched(Server::refuseNulInUrl);
            // One handler for all routes, public ones listed (deny by default): a path-scoped handler
            // per API prefix cost a regex match each on every request.
            config.routes.beforeMatched(ctx -> {
                if (!isPublic(ctx.path())) {
                    auth.authenticate(ctx);
                }
            });
            // Runs after every request, also when a handler threw (Javalin maps the exception first).
            config.routes.after(auth::finish);
            config.routes.ws("/v2/rtc", deps.rtcSocket()::accept);
            config.routes.apiBuilder(() -> {
                get("/health", Server::health);
                get(
                        "/metrics",
                        ctx -> ctx.contentType("text/plain; version=0.0.4")
                                .result(deps.metrics().scrape()));
                path("/v1", () -> {
                    path("conversations", () -> {
                        get(conversations::list);
                        post(conversations::create);
                        conversation(conversations, members, events, events::list, null);
                    });
                    path("users", () -> {
                        get(users::list);
                        post(users::create);
                        path("{user_id}", () -> {
                            get(users::get);
                            patch(users::update);
                            delete(users::delete);
                            get("conversations", users::conversations);
                        });
                    });
                });
                DemoHandlers demo = new DemoHandlers();
                get("/demo", demo::page);
                get("/demo/vonageClientSDK.min.js", demo::bundle);
                // The Client SDKs report reconnection timings here; accepted and dropped.
                post("/v2/rtc/metrics", ctx -> ctx.status(204));
                // The Client SDKs' paths: the same services, their shapes (docs/REALTIME.md).
                path("/v0.2", () -> put("sessions/{session_id}", sessions::renew));
                path("/v0.3", () -> {
                    path("users/{user_id}", () -> {
                        get(users::get);
                        get("conversations", users::conversationsForClients);
                        get("sessions", sessions::listForUser);
                    });
                    path("conversations", () -> {
                        post(conversations::create);
                        conversation(conversations, members, events, events::listForClients, legacy::removeMember);
                    });
                });
                path("/beta", () -> {
                    get("users/{user_id}", legacy::getUser);
                    path("conversations", () -> {
                        post(legacy::createConversation);
                        path("{conversation_id}", () -> {
                            get(legacy::getConversation);
                            delete(legacy::deleteConversation);
                            delete("members/{member_id}", legacy::removeMember);
                            post("events", events::createLegacy);
                            delete("events/{event_id}", events::delete);
                        });
                    });
                });
                path("/beta2", () -> {
                    get("users/{user_id}/conversations", legacy::userConversations);
                    path("conversations/{conversation_id}", () -> {
                        get("members", legacy::listMembers);
                        get("events", events::listLegacy);
                        post("events", events::createLegacy);
                        delete("events/{event_id}", events::delete);
                    });
                });
            });
            errors(config);
            requestLog(config, deps.metrics());
        });
        app.start(host, port);
        var housekeeping = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("parley-housekeeping").daemon().factory());
        housekeeping.scheduleWithFixedDelay(limiter::forgetIdle, 1, 1, java.util.concurrent.TimeUnit.MINUTES);
        return new Server(app, housekeeping);
    }

    /**
     * The routes under {@code conversations/{conversation_id}}, shared by v1 and v0.3: they differ only
     * in the event list's shape and in v0.3's member removal (the legacy SDK's kick).
     */
    private static void conversation(
            ConversationHandlers conversations,
            MemberHandlers members,
            EventHandlers events,
            Handler eventList,
            Handler memberRemoval) {
        path("{conversation_id}", () -> {
            get(conversations::get);
            put(conversations::replace);
            delete(conversations::delete);
            path("members", () -> {
                get(members::list);
                post(members::create);
                get("me", members::me);
                get("{member_id}", members::get);
                patch("{member_id}", members::update);
                if (memberRemoval != null) {
                    delete("{member_id}", memberRemoval);
                }
            });
            path("events", () -> {
                get(eventList);
                post(events::create);
                get("{event_id}", events::get);
                delete("{event_id}", events::delete);
            });
        });
    }

    private static void configure(JavalinConfig config, Dependencies deps) {
        config.concurrency.useVirtualThreads = true;
        config.jsonMapper(new JavalinJackson(Json.MAPPER, true));
        config.router.ignoreTrailingSlashes = true;
        config.router.treatMultipleSlashesAsSingleSlash = true;
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = deps.maxBodyBytes();
        config.startup.showJavalinBanner = false;
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
        // Jetty's header cache matches each header line against a trie of lines seen before on the
        // connection, byte by byte; the ~700-character bearer token made that 8 % of the request CPU.
        config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
        config.jetty.modifyServletContextHandler(Server::withoutWebSocketCompression);
        config.jetty.modifyServletContextHandler(Server::noSessionsForSockets);
    }

    /** The socket endpoint gets no HTTP sessions (see {@link NoHttpSessions}). */
    private static void noSessionsForSockets(ServletContextHandler handler) {
        handler.addFilter(
                new org.eclipse.jetty.ee10.servlet.FilterHolder(new NoHttpSessions()),
                "/v2/rtc/*",
                java.util.EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
    }

    /**
     * No permessage-deflate on {@code /v2/rtc}: browsers always offer it, and compressing the same
     * small event once per recipient would cost more CPU (and a deflater per socket) than the bytes
     * it saves. Clients work either way; compression is optional in the protocol.
     */
    private static void withoutWebSocketCompression(ServletContextHandler handler) {
        handler.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                WebSocketServerComponents.ensureWebSocketComponents(handler.getServer(), handler)
                        .getExtensionRegistry()
                        .unregister("permessage-deflate");
            }
        });
    }

    private static void errors(JavalinConfig config) {
        config.routes.exception(DomainException.class, (e, ctx) -> ErrorMapper.render(ctx, e));
        config.routes.exception(RateLimiter.TooManyRequests.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            ErrorMapper.render(ctx, e);
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> renderStatus(ctx, e.getStatus()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("internal error instance={}", RequestIds.of(ctx), e);
            ErrorMapper.render(ctx, 500, "system:error:internal-error", "Something went wrong.");
        });
        config.routes.error(404, ctx -> renderIfEmpty(ctx, 404));
        config.routes.error(405, ctx -> renderIfEmpty(ctx, 405));
    }

    private static void renderIfEmpty(Context ctx, int status) {
        if (ctx.attribute("parley.error") == null) {
            renderStatus(ctx, status);
        }
    }

    private static void renderStatus(Context ctx, int status) {
        switch (status) {
            case 404 ->
                ErrorMapper.render(
                        ctx,
                        404,
                        "http:error:not-found",
                        "The requested resource does not exist: " + ctx.method() + " " + ctx.path());
            case 405 ->
                ErrorMapper.render(
                        ctx,
                        405,
                        "http:error:method-not-allowed",
                        "Method " + ctx.method() + " is not allowed on " + ctx.path() + ".");
            case 413 -> tooLarge(ctx);
            case 415 -> ErrorMapper.render(ctx, 415, "http:error:unsupported-media-type", "Send application/json.");
            default -> {
                if (status >= 500) {
                    ErrorMapper.render(ctx, 500, "system:error:internal-error", "Something went wrong.");
                } else {
                    ErrorMapper.render(ctx, 400, "http:error:validation-fail", "Input validation failure.");
                }
            }
        }
    }

    private static void checkBodySize(Context ctx, long max) {
        long length = ctx.req().getContentLengthLong();
        if (length > max) {
            ctx.attribute("parley.max", max);
            throw new HttpResponseException(413, "too large", java.util.Map.of());
        }
    }

    /** The routes answered without a token; every other route needs one. */
    private static final java.util.Set<String> PUBLIC_ROUTES =
            java.util.Set.of("/health", "/metrics", "/demo", "/demo/vonageClientSDK.min.js", "/v2/rtc/metrics");

    private static boolean isPublic(String path) {
        // The router treats "//" as "/" and ignores a trailing slash; so does this check.
        String normalized = path.contains("//") ? path.replaceAll("/{2,}", "/") : path;
        if (normalized.length() > 1 && normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return PUBLIC_ROUTES.contains(normalized);
    }

    /** NUL in a path segment or query value (%00) can be stored nowhere: a clear 400, not a database error. */
    private static void refuseNulInUrl(Context ctx) {
        ctx.pathParamMap().forEach((name, value) -> {
            if (value.indexOf('\u0000') >= 0) {
                throw DomainException.Invalid.of(name, "must not contain NUL characters");
            }
        });
        ctx.queryParamMap().forEach((name, values) -> {
            if (name.indexOf('\u0000') >= 0 || values.stream().anyMatch(v -> v.indexOf('\u0000') >= 0)) {
                throw DomainException.Invalid.of(name, "must not contain NUL characters");
            }
        });
    }

    private static void tooLarge(Context ctx) {
        ErrorMapper.render(
                ctx, 413, "http:error:request-too-large", "The request body is larger than the server accepts.");
    }

    private static void health(Context ctx) {
        ctx.json(Json.object().put("status", "ok"));
    }

    private static void requestLog(JavalinConfig config, PrometheusMeterRegistry metrics) {
        RequestTimers timers = new RequestTimers(metrics);
        config.requestLogger.http((ctx, ms) -> {
            // The route's own endpoint, not the after-handler that ran last.
            var endpoint = ctx.endpoints().matchedHttpEndpoint();
            String route = endpoint == null ? "unmatched" : endpoint.path;
            timers.of(ctx.method().name(), route, ctx.statusCode()).record((long) (ms * 1000), TimeUnit.MICROSECONDS);
            if (ACCESS.isInfoEnabled()) {
                ACCESS.info(
                        "{} {} {} {}ms instance={}{}",
                        ctx.method(),
                        ctx.path(),
                        ctx.statusCode(),
                        tenths(ms),
                        RequestIds.of(ctx),
                        ctx.attribute("parley.error") == null ? "" : " code=" + ctx.attribute("parley.error"));
            }
        });
    }

    /** {@code 12.3} for 12.34 ms: what {@code String.format("%.1f")} gave, without a Formatter per request. */
    static String tenths(float ms) {
        long tenths = Math.round(ms * 10.0);
        return (tenths / 10) + "." + (tenths % 10);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        app.stop();
    }
}
