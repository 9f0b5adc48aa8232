package dev.parley.api;

import dev.parley.api.handlers.CallHandlers;
import dev.parley.api.handlers.ClientViews;
import dev.parley.api.handlers.ConversationHandlers;
import dev.parley.api.handlers.CursorCodec;
import dev.parley.api.handlers.DemoHandlers;
import dev.parley.api.handlers.EventHandlers;
import dev.parley.api.handlers.LegacyHandlers;
import dev.parley.api.handlers.Links;
import dev.parley.api.handlers.MemberHandlers;
import dev.parley.api.handlers.Paging;
import dev.parley.api.handlers.SessionHandlers;
import dev.parley.api.handlers.SystemHandlers;
import dev.parley.api.handlers.UserHandlers;
import dev.parley.api.handlers.Views;
import dev.parley.api.http.Auth;
import dev.parley.api.http.ErrorResponses;
import dev.parley.api.http.HttpSetup;
import dev.parley.api.http.Https;
import dev.parley.api.http.RateLimiter;
import dev.parley.api.http.RequestLog;
import dev.parley.auth.JwtVerifier;
import dev.parley.config.RateLimits;
import dev.parley.service.CallService;
import dev.parley.service.ConversationService;
import dev.parley.service.EventService;
import dev.parley.service.MemberService;
import dev.parley.service.SessionService;
import dev.parley.service.UserService;
import io.javalin.Javalin;
import io.javalin.websocket.WsConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The HTTP server: builds the handlers over the services, then starts Javalin with the set-up of
 * {@link HttpSetup}, the {@link Routes}, {@link ErrorResponses} and the {@link RequestLog}.
 */
public final class Server implements AutoCloseable {
    /** Everything the server needs, built by {@code Parley}. */
    public record Dependencies(
            ConversationService conversations,
            MemberService members,
            EventService events,
            UserService users,
            SessionService sessions,
            CallService calls,
            dev.parley.service.AppCallService appCalls,
            dev.parley.service.RecordingService recordings,
            /** The Client SDK socket endpoint ({@code /v2/rtc}), configured by the realtime layer. */
            Consumer<WsConfig> rtcSocket,
            JwtVerifier verifier,
            byte[] cursorSecret,
            String publicUrl,
            long maxBodyBytes,
            dev.parley.config.CorsSettings cors,
            dev.parley.config.TlsSettings tls,
            RateLimits rateLimits,
            PrometheusMeterRegistry metrics) {}

    private final Javalin app;
    private final ScheduledExecutorService housekeeping;

    private Server(Javalin app, ScheduledExecutorService housekeeping) {
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
        MemberHandlers memberHandlers = new MemberHandlers(deps.members(), views, paging);
        Routes.Handlers handlers = new Routes.Handlers(
                new SystemHandlers(deps.metrics()),
                new CallHandlers(deps.calls(), links, paging),
                new dev.parley.api.handlers.CallAudioHandlers(deps.calls()),
                new dev.parley.api.handlers.ConversationAudioHandlers(deps.calls()),
                new dev.parley.api.handlers.LegHandlers(deps.calls(), links),
                new dev.parley.api.handlers.FileHandlers(deps.recordings()),
                new ConversationHandlers(deps.conversations(), views, paging),
                memberHandlers,
                new EventHandlers(deps.events(), views, clientViews, paging),
                new UserHandlers(deps.users(), views, clientViews, paging),
                new SessionHandlers(deps.sessions(), paging, links),
                new LegacyHandlers(
                        deps.conversations(),
                        deps.members(),
                        deps.appCalls(),
                        deps.users(),
                        views,
                        clientViews,
                        paging),
                new dev.parley.api.handlers.V01ConversationHandlers(
                        deps.conversations(), deps.members(), clientViews, paging, links),
                new dev.parley.api.handlers.V01UserHandlers(deps.users(), views, clientViews, links),
                new dev.parley.api.handlers.V01EventHandlers(deps.events(), views, clientViews),
                new dev.parley.api.handlers.V01MemberHandlers(
                        deps.members(), deps.appCalls(), memberHandlers, clientViews, links),
                new dev.parley.api.handlers.RtcHandlers(deps.appCalls()),
                new DemoHandlers(),
                deps.rtcSocket());
        Javalin app = Javalin.create(config -> {
            HttpSetup.configure(config, deps.maxBodyBytes(), deps.cors(), Routes.PUBLIC, auth);
            if (deps.tls().enabled()) {
                config.jetty.addConnector((jetty, http) -> Https.connector(jetty, http, deps.tls(), host, port));
            }
            Routes.register(config, handlers);
            ErrorResponses.configure(config);
            RequestLog.configure(config, deps.metrics());
        });
        app.start(host, port);
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("parley-housekeeping").daemon().factory());
        housekeeping.scheduleWithFixedDelay(limiter::forgetIdle, 1, 1, TimeUnit.MINUTES);
        housekeeping.scheduleWithFixedDelay(
                () -> {
                    try {
                        deps.recordings().deleteExpired(1_000);
                    } catch (RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger(Server.class)
                                .warn("deleting expired recordings failed; trying again in an hour", e);
                    }
                },
                1,
                60,
                TimeUnit.MINUTES);
        return new Server(app, housekeeping);
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
