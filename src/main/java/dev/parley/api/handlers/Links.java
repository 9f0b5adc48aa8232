package dev.parley.api.handlers;

import dev.parley.domain.ConversationId;
import io.javalin.http.Context;

/**
 * Absolute URLs for {@code _links}: from the configured public URL when there is one (a server behind
 * a proxy), else from the request's own scheme and Host header.
 */
public final class Links {
    private final String publicUrl;

    public Links(String publicUrl) {
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl.replaceAll("/+$", "");
    }

    public String absolute(Context ctx, String path) {
        String base = publicUrl != null ? publicUrl : ctx.scheme() + "://" + ctx.host();
        return base + path;
    }

    /**
     * {@code rest} under the version the request used ({@code /beta/...} for a {@code /beta} request,
     * {@code /v0.1/...} for a {@code /v0.1} one): the first versions' {@code href}s point where their
     * client called.
     */
    public String sameVersion(Context ctx, String rest) {
        String path = ctx.path();
        int end = path.indexOf('/', 1);
        return absolute(ctx, (end < 0 ? path : path.substring(0, end)) + rest);
    }

    public String conversation(Context ctx, ConversationId conversationId) {
        return conversation(ctx, conversationId.value());
    }

    public String conversation(Context ctx, String conversationId) {
        return absolute(ctx, "/v1/conversations/" + conversationId);
    }
}
