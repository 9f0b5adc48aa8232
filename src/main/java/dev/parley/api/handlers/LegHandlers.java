package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.http.Auth;
import dev.parley.domain.Leg;
import dev.parley.domain.LegFilter;
import dev.parley.service.CallService;
import dev.parley.wire.CallJson;
import dev.parley.wire.Json;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The v0.1 legs: {@code GET /v0.1/legs}, {@code GET} and {@code DELETE /v0.1/legs/{leg_id}}, and the
 * list and hangup under {@code /beta}; {@code href}s on the version called.
 */
public final class LegHandlers {
    private final CallService calls;
    private final Links links;

    public LegHandlers(CallService calls, Links links) {
        this.calls = calls;
        this.links = links;
    }

    /** The calls in the legacy leg shape, paged by {@code record_index}. */
    public void list(Context ctx) {
        Validation v = new Validation();
        Map<String, String> filters = Paging.filters();
        Paging.Offset offset = Paging.offset(ctx, 10, filters, v);
        int pageSize = offset.size();
        int recordIndex = offset.index();
        boolean ascending = offset.ascending();
        Long from = Params.date(ctx, "date_start", filters, v);
        Long to = Params.date(ctx, "date_end", filters, v);
        v.throwIfAny();
        CallService.CallPage page =
                calls.list(Auth.principal(ctx), new LegFilter(null, from, to, null), recordIndex, pageSize, ascending);
        ObjectNode body = Json.object();
        body.put("count", page.count());
        body.put("page_size", pageSize);
        body.put("record_index", recordIndex);
        body.putObject("_links")
                .putObject("self")
                .put("href", links.sameVersion(ctx, "/legs?page_size=" + pageSize + "&record_index=" + recordIndex));
        ArrayNode list = body.putObject("_embedded").putArray("legs");
        page.calls().forEach(leg -> list.add(CallJson.legacyLeg(leg, href(ctx, leg))));
        ctx.json(body);
    }

    public void get(Context ctx) {
        Leg leg = calls.get(Auth.principal(ctx), ctx.pathParam("leg_id"));
        ctx.json(CallJson.legacyLeg(leg, href(ctx, leg)));
    }

    /** {@code DELETE /v0.1/legs/{leg_id}}: hangs the leg up; 200 {@code {}}. */
    public void hangup(Context ctx) {
        calls.modify(Auth.principal(ctx), ctx.pathParam("leg_id"), CallService.Action.HANGUP, null, null);
        ctx.json(Json.object());
    }

    private String href(Context ctx, Leg leg) {
        return links.sameVersion(ctx, "/legs/" + leg.id());
    }
}
