package dev.parley.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.wire.Json;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Renders every error as the Vonage error body {@code {title, type, code, detail, instance}} (plus
 * {@code invalid_parameters} for validation). {@code instance} is the request's trace id, which the
 * request log line repeats. On the paths of the API's first versions ({@code /beta}, {@code /beta2},
 * {@code /v0.1}) the body also carries {@code description}, the detail under the name those versions
 * gave it, which their clients print.
 */
public final class ErrorMapper {
    public static final String DOCS = "https://developer.nexmo.com/api/conversation#";

    private static final Map<Integer, String> TITLES = Map.ofEntries(
            Map.entry(400, "Bad request."),
            Map.entry(401, "Unauthorized."),
            Map.entry(403, "Forbidden."),
            Map.entry(404, "Not found."),
            Map.entry(405, "Method Not Allowed."),
            Map.entry(406, "Not Acceptable."),
            Map.entry(409, "Conflict."),
            Map.entry(413, "Payload Too Large."),
            Map.entry(415, "Unsupported Media Type."),
            Map.entry(429, "Too Many Requests."),
            Map.entry(500, "Internal Error."));

    private ErrorMapper() {}

    public static void render(Context ctx, DomainException e) {
        render(ctx, e.status(), e.code(), e.detail(), e);
    }

    public static void render(Context ctx, int status, ErrorCode code, String detail) {
        render(ctx, status, code.code(), detail, null);
    }

    private static void render(Context ctx, int status, String code, String detail, DomainException e) {
        ObjectNode body = Json.object();
        body.put("title", TITLES.getOrDefault(status, "Error."));
        body.put("type", DOCS + code);
        body.put("code", code);
        body.put("detail", detail);
        if (isFirstVersionPath(ctx.path())) {
            body.put("description", detail);
        }
        body.put("instance", RequestIds.of(ctx));
        if (e != null && !e.invalidParameters().isEmpty()) {
            ArrayNode invalid = body.putArray("invalid_parameters");
            e.invalidParameters()
                    .forEach(p -> invalid.addObject().put("name", p.name()).put("reason", p.reason()));
        }
        ctx.attribute("parley.error", code);
        ctx.status(status).json(body);
    }

    /** Whether a request path is under {@code /beta}, {@code /beta2} or {@code /v0.1}. */
    static boolean isFirstVersionPath(String path) {
        return path.startsWith("/beta/")
                || path.equals("/beta")
                || path.startsWith("/beta2/")
                || path.startsWith("/v0.1/")
                || path.equals("/v0.1");
    }
}
