package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.http.Auth;
import dev.parley.domain.ResourceId;
import dev.parley.domain.Session;
import dev.parley.service.Page;
import dev.parley.service.SessionService;
import dev.parley.wire.Json;
import io.javalin.http.Context;

/** {@code GET /v0.3/users/{id}/sessions} and {@code PUT /v0.2/sessions/{id}} (token renewal). */
public final class SessionHandlers {
    private final SessionService sessions;
    private final Paging paging;
    private final Links links;

    public SessionHandlers(SessionService sessions, Paging paging, Links links) {
        this.sessions = sessions;
        this.paging = paging;
        this.links = links;
    }

    public void listForUser(Context ctx) {
        Paging.Listing listing = paging.listing(ctx, Paging.filters(), new Validation());
        Page<Session> page = sessions.list(Auth.principal(ctx), ctx.pathParam("user_id"), listing.request());
        ctx.json(listing.envelope(page, Paging.embedded("sessions"), s -> view(ctx, s)));
    }

    /** Renews the session with the request's token (the SDKs send the new token as the bearer). */
    public void renew(Context ctx) {
        ctx.json(view(ctx, sessions.renew(Auth.principal(ctx), ctx.pathParam("session_id"))));
    }

    private ObjectNode view(Context ctx, Session s) {
        ObjectNode node = Json.object();
        node.put("id", s.id().value());
        ObjectNode embedded = node.putObject("_embedded");
        embedded.putObject("user").put("id", ResourceId.valueOf(s.userId()));
        embedded.put("api_key", s.applicationId());
        node.putObject("properties").put("ttl", Math.max(0, (s.expiresMs() - System.currentTimeMillis()) / 1000));
        node.putObject("_links").putObject("self").put("href", links.absolute(ctx, "/v0.2/sessions/" + s.id()));
        return node;
    }
}
