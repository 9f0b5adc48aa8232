package dev.parley.api.http;

import io.javalin.http.Context;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** The per-request trace id: 32 hex characters, in error bodies and in the request log line. */
public final class RequestIds {
    private static final String ATTRIBUTE = "parley.instance";

    private RequestIds() {}

    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            byte[] bytes = new byte[16];
            ThreadLocalRandom.current().nextBytes(bytes);
            id = HexFormat.of().formatHex(bytes);
            ctx.attribute(ATTRIBUTE, id);
        }
        return id;
    }
}
