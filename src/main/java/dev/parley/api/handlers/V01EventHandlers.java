package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.http.Auth;
import dev.parley.domain.Event;
import dev.parley.domain.EventFilter;
import dev.parley.service.EventService;
import dev.parley.wire.Json;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The events of the API's first versions (v0.1, under {@code /beta} and {@code /v0.1}): a bare array of
 * {@code {id, type, from, body, state, timestamp, href}}, filtered by {@code start_id}, {@code end_id}
 * and {@code event_type} and paged by {@code page_size} (1-100, default 100) and {@code record_index};
 * one event the same way; a delete answers 200 {@code {}}. Sending is {@link EventHandlers#createLegacy}.
 */
public final class V01EventHandlers {
    private static final int DEFAULT_PAGE = 100;

    private final EventService events;
    private final Views views;
    private final ClientViews clientViews;

    public V01EventHandlers(EventService events, Views views, ClientViews clientViews) {
        this.events = events;
        this.views = views;
        this.clientViews = clientViews;
    }

    public void list(Context ctx) {
        Validation v = new Validation();
        Map<String, String> filters = Paging.filters();
        Long startId = Params.positiveLong(ctx, "start_id", filters, v);
        Long endId = Params.positiveLong(ctx, "end_id", filters, v);
        Set<String> types = EventHandlers.types(ctx, filters, v);
        Paging.Offset offset = Paging.offset(ctx, DEFAULT_PAGE, filters, v);
        v.throwIfAny();
        EventService.WithReceipts page = events.listByOffset(
                Auth.principal(ctx),
                ctx.pathParam("conversation_id"),
                new EventFilter(startId, endId, types, false),
                offset.index(),
                offset.size(),
                offset.ascending());
        ArrayNode list = Json.MAPPER.createArrayNode();
        page.events().forEach(e -> list.add(item(ctx, e, page)));
        ctx.json(list);
    }

    public void get(Context ctx) {
        EventService.WithReceipts one = events.getWithReceipts(
                Auth.principal(ctx), ctx.pathParam("conversation_id"), EventHandlers.eventId(ctx));
        ctx.json(item(ctx, one.events().get(0), one));
    }

    public void delete(Context ctx) {
        events.delete(Auth.principal(ctx), ctx.pathParam("conversation_id"), EventHandlers.eventId(ctx));
        ctx.json(Json.object());
    }

    private ObjectNode item(Context ctx, Event e, EventService.WithReceipts with) {
        ObjectNode node = clientViews.event(e, with.receipts().getOrDefault(e.id(), List.of()));
        node.put("href", views.eventHrefSameVersion(ctx, e));
        return node;
    }
}
