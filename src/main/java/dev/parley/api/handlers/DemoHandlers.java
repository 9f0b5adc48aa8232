package dev.parley.api.handlers;

import dev.parley.api.http.ErrorMapper;
import dev.parley.domain.ErrorCode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The demo chat page at {@code /demo}: a static page and the Vonage Client SDK's browser bundle, both
 * packed into the jar at build time (from {@code demo/}; the bundle comes from npm).
 */
public final class DemoHandlers {
    private final byte[] page = resource("demo/index.html");
    private final byte[] bundle = resource("demo/vonageClientSDK.min.js");

    public void page(Context ctx) {
        serve(ctx, page, "text/html; charset=utf-8");
    }

    public void bundle(Context ctx) {
        serve(ctx, bundle, "application/javascript; charset=utf-8");
    }

    private static void serve(Context ctx, byte[] content, String type) {
        if (content == null) {
            ErrorMapper.render(
                    ctx,
                    404,
                    ErrorCode.HTTP_NOT_FOUND,
                    "The demo was not packaged: run 'npm ci' in demo/ before building the jar.");
            return;
        }
        ctx.contentType(type).header("Cache-Control", "no-cache").result(content);
    }

    private static byte[] resource(String name) {
        try (InputStream in = DemoHandlers.class.getClassLoader().getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
