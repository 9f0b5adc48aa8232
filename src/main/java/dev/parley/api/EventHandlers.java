package dev.parley.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.domain.DomainException;
import dev.parley.domain.Event;
import dev.parley.domain.EventTypes;
import dev.parley.service.EventService;
import dev.parley.service.Page;
import dev.parley.store.EventStore;
import io.javalin.http.Context;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** {@code /v1/conversations/{id}/events} and {@code .../events/{event_id}}. */
final class EventHandlers {
    /** The client transaction id header: a retried create with the same value returns the first event. */
    static final String TRANSACTION_HEADER = "Idempotency-Key";

    static final int MAX_TYPE_FILTERS = 5;

    private final EventService events;
    private final Views views;
    private final Paging paging;

    EventHandlers(EventService events, Views views, Paging paging) {
        this.events = events;
        this.views = views;
        this.paging = paging;
    }

    void create(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Validation v = new Validation();
        String type = v.requiredString(body, "type", 200);
        String from = v.string(body, "from", 100);
        String transactionId = ctx.header(TRANSACTION_HEADER);
        if (transactionId != null && (transactionId.isBlank() || transactionId.length() > 255)) {
            v.add(TRANSACTION_HEADER, "\"" + TRANSACTION_HEADER + "\" must be 1 to 255 characters");
        }
        v.throwIfAny();
        EventService.Sent sent = events.create(
                Auth.principal(ctx),
                conversationId(ctx),
                new EventService.Input(type, from, body.get("body"), transactionId));
        ctx.status(sent.stored() ? 201 : 200).json(views.event(ctx, sent.event(), sent.stored()));
    }

    void list(Context ctx) {
        Validation v = new Validation();
        Map<String, String> filters = Paging.filters();
        Long startId = Params.positiveLong(ctx, "start_id", filters, v);
        Long endId = Params.positiveLong(ctx, "end_id", filters, v);
        Set<String> types = types(ctx, filters, v);
        boolean excludeDeleted = Params.bool(ctx, "exclude_deleted_events", filters, v);
        Paging.Listing listing = paging.listing(ctx, filters, v);
        Page<Event> page = events.list(
                Auth.principal(ctx),
                conversationId(ctx),
                new EventStore.Filter(startId, endId, types, excludeDeleted),
                listing.request());
        ctx.json(listing.envelope(page, body -> JavaSdkShim.eventsEnvelope(ctx, body), e -> views.event(ctx, e, true)));
    }

    void get(Context ctx) {
        ctx.json(views.event(ctx, events.get(Auth.principal(ctx), conversationId(ctx), eventId(ctx)), true));
    }

    void delete(Context ctx) {
        events.delete(Auth.principal(ctx), conversationId(ctx), eventId(ctx));
        ctx.status(204);
    }

    private static Set<String> types(Context ctx, Map<String, String> filters, Validation v) {
        String text = ctx.queryParam("event_type");
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        filters.put("event_type", text);
        Set<String> types = new LinkedHashSet<>();
        for (String part : text.split(",")) {
            String type = part.trim();
            if (type.isEmpty()) {
                continue;
            }
            if (!EventTypes.plausibleName(type)) {
                v.add("event_type", "\"event_type\" contains an invalid event type: " + type);
            }
            types.add(type);
        }
        if (types.size() > MAX_TYPE_FILTERS) {
            v.add("event_type", "\"event_type\" must contain less than or equal to " + MAX_TYPE_FILTERS + " items");
        }
        return types;
    }

    private static long eventId(Context ctx) {
        try {
            long id = Long.parseLong(ctx.pathParam("event_id"));
            if (id >= 1) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new DomainException.NotFound("event:error:not-found", "Event does not exist, or you do not have access.");
    }

    private static String conversationId(Context ctx) {
        return ctx.pathParam("conversation_id");
    }
}
