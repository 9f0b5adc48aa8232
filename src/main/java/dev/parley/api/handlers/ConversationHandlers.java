package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.api.http.Auth;
import dev.parley.api.http.Requests;
import dev.parley.domain.Conversation;
import dev.parley.service.ConversationService;
import dev.parley.service.Page;
import dev.parley.wire.Json;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** {@code /v1/conversations} and {@code /v1/conversations/{id}}. */
public final class ConversationHandlers {
    private static final long MAX_TTL = 2147483648L;

    private final ConversationService conversations;
    private final Views views;
    private final Paging paging;

    public ConversationHandlers(ConversationService conversations, Views views, Paging paging) {
        this.conversations = conversations;
        this.views = views;
        this.paging = paging;
    }

    public void list(Context ctx) {
        Validation validation = new Validation();
        Map<String, String> filters = Paging.filters();
        Long from = Params.date(ctx, "date_start", filters, validation);
        Long to = Params.date(ctx, "date_end", filters, validation);
        Paging.Listing listing = paging.listing(ctx, filters, validation);
        Page<Conversation> page = conversations.list(Auth.principal(ctx), from, to, listing.request());
        ctx.json(listing.envelope(
                page, Paging.embedded("conversations"), c -> views.conversationLite(ctx, c), "coursor"));
    }

    public void create(Context ctx) {
        ConversationService.Input input = input(Requests.body(ctx), null);
        ctx.status(201).json(views.conversation(ctx, conversations.create(Auth.principal(ctx), input)));
    }

    public void get(Context ctx) {
        ctx.json(views.conversation(ctx, conversations.get(Auth.principal(ctx), id(ctx))));
    }

    public void replace(Context ctx) {
        ConversationService.Input input = input(Requests.body(ctx), id(ctx));
        ctx.json(views.conversation(ctx, conversations.replace(Auth.principal(ctx), id(ctx), input)));
    }

    public void delete(Context ctx) {
        conversations.delete(Auth.principal(ctx), id(ctx));
        ctx.status(204);
    }

    private static String id(Context ctx) {
        return ctx.pathParam("conversation_id");
    }

    /** Validates a create or replace body; {@code pathId} is set on replace. */
    public static ConversationService.Input input(JsonNode body, String pathId) {
        Validation v = new Validation();
        Params.checkRepeatedId(body, pathId, v);
        String name = v.name(body, "name", 100);
        String displayName = v.string(body, "display_name", 50);
        String imageUrl = v.uri(body, "image_url", 2048);
        JsonNode properties = v.properties(body);
        if (properties != null && properties.has("ttl")) {
            JsonNode ttl = properties.get("ttl");
            if (!ttl.canConvertToLong() || ttl.asLong() < 0 || ttl.asLong() > MAX_TTL) {
                v.add("properties.ttl", "\"properties.ttl\" must be an integer between 0 and " + MAX_TTL);
            }
        }
        JsonNode numbers = body.get("numbers");
        if (numbers != null && !numbers.isNull() && !numbers.isArray() && !numbers.isObject()) {
            v.add("numbers", "\"numbers\" must be an array");
        }
        JsonNode callback = v.object(body, "callback");
        if (callback != null) {
            Validation inner = new Validation();
            inner.uri(callback, "url", 2048);
            inner.string(callback, "event_mask", 200);
            inner.oneOf(callback, "method", List.of("POST", "GET"), false);
            inner.object(callback, "params");
            v.addAll(Params.prefixed("callback.", inner));
        }
        v.throwIfAny();
        return new ConversationService.Input(
                name,
                displayName,
                Validation.isExplicitNull(body, "display_name"),
                imageUrl,
                Validation.isExplicitNull(body, "image_url"),
                Json.write(properties),
                numbers == null || numbers.isNull() ? null : Json.write(numbers),
                Json.write(callback));
    }
}
