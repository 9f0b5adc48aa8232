package dev.parley.api.http;

import dev.parley.config.CorsSettings;
import dev.parley.domain.DomainException;
import dev.parley.wire.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

/**
 * How Javalin and Jetty are set up for the API: threads, JSON, routing rules, Jetty tuning, the body
 * size limit, the checks that run before every route and authentication of every non-public route.
 */
public final class HttpSetup {
    private HttpSetup() {}

    public static void configure(
            JavalinConfig config, long maxBodyBytes, CorsSettings cors, Set<String> publicRoutes, Auth auth) {
        config.concurrency.useVirtualThreads = true;
        config.jsonMapper(new JavalinJackson(Json.MAPPER, true));
        config.router.ignoreTrailingSlashes = true;
        config.router.treatMultipleSlashesAsSingleSlash = true;
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = maxBodyBytes;
        config.startup.showJavalinBanner = false;
        config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
        // Jetty's header cache matches each header line against a trie of lines seen before on the
        // connection, byte by byte; the ~700-character bearer token made that 8 % of the request CPU.
        config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
        config.jetty.modifyServletContextHandler(HttpSetup::withoutWebSocketCompression);
        config.jetty.modifyServletContextHandler(HttpSetup::noSessionsForSockets);

        // Browser apps on their own origin (the Client SDKs call REST with bearer tokens): preflights
        // answered, CORS headers on every response to an allowed origin (docs/SECURITY.md).
        config.bundledPlugins.enableCors(rules -> rules.addRule(rule -> {
            if (cors.anyOrigin()) {
                rule.anyHost();
            } else {
                rule.allowHost(
                        cors.origins().getFirst(),
                        cors.origins().subList(1, cors.origins().size()).toArray(String[]::new));
            }
            rule.maxAge = 600;
        }));
        config.routes.before(ctx -> checkBodySize(ctx, maxBodyBytes));
        config.routes.beforeMatched(HttpSetup::refuseNulInUrl);
        // One handler for all routes, public ones listed (deny by default): a path-scoped handler per
        // API prefix cost a regex match each on every request.
        config.routes.beforeMatched(ctx -> {
            // a CORS preflight carries no credentials by design; it is answered by the CORS rules
            if (!publicRoutes.contains(normalized(ctx.path())) && ctx.method() != io.javalin.http.HandlerType.OPTIONS) {
                auth.authenticate(ctx);
            }
        });
        // Runs after every request, also when a handler threw (Javalin maps the exception first).
        config.routes.after(auth::finish);
    }

    /** The path as the router matches it: "//" read as "/", a trailing slash ignored. */
    static String normalized(String path) {
        String normalized = path.contains("//") ? path.replaceAll("/{2,}", "/") : path;
        if (normalized.length() > 1 && normalized.endsWith("/")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        return normalized;
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

    private static void checkBodySize(Context ctx, long max) {
        long length = ctx.req().getContentLengthLong();
        if (length > max) {
            ctx.attribute("parley.max", max);
            throw new HttpResponseException(413, "too large", java.util.Map.of());
        }
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
}
