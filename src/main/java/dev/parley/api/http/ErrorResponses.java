package dev.parley.api.http;

import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure, thrown or routed, answered in the Vonage error format; never a stack trace. */
public final class ErrorResponses {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {}

    public static void configure(JavalinConfig config) {
        config.routes.exception(DomainException.class, (e, ctx) -> ErrorMapper.render(ctx, e));
        config.routes.exception(RateLimiter.TooManyRequests.class, (e, ctx) -> {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            ErrorMapper.render(ctx, e);
        });
        config.routes.exception(HttpResponseException.class, (e, ctx) -> renderStatus(ctx, e.getStatus()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("internal error instance={}", RequestIds.of(ctx), e);
            ErrorMapper.render(ctx, 500, ErrorCode.SYSTEM_INTERNAL_ERROR, "Something went wrong.");
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
                        ErrorCode.HTTP_NOT_FOUND,
                        "The requested resource does not exist: " + ctx.method() + " " + ctx.path());
            case 405 ->
                ErrorMapper.render(
                        ctx,
                        405,
                        ErrorCode.HTTP_METHOD_NOT_ALLOWED,
                        "Method " + ctx.method() + " is not allowed on " + ctx.path() + ".");
            case 413 ->
                ErrorMapper.render(
                        ctx,
                        413,
                        ErrorCode.HTTP_REQUEST_TOO_LARGE,
                        "The request body is larger than the server accepts.");
            case 415 -> ErrorMapper.render(ctx, 415, ErrorCode.HTTP_UNSUPPORTED_MEDIA_TYPE, "Send application/json.");
            default -> {
                if (status >= 500) {
                    ErrorMapper.render(ctx, 500, ErrorCode.SYSTEM_INTERNAL_ERROR, "Something went wrong.");
                } else {
                    ErrorMapper.render(ctx, 400, ErrorCode.HTTP_VALIDATION_FAIL, "Input validation failure.");
                }
            }
        }
    }
}
