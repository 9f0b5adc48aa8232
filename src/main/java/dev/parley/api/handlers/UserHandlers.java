package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.http.Auth;
import dev.parley.api.http.Requests;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.MemberState;
import dev.parley.domain.User;
import dev.parley.domain.UserConversation;
import dev.parley.service.Page;
import dev.parley.service.UserService;
import dev.parley.wire.Json;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** {@code /v1/users}, {@code /v1/users/{id}} and {@code /v1/users/{id}/conversations}. */
public final class UserHandlers {
    private final UserService users;
    private final Views views;
    private final ClientViews clientViews;
    private final Paging paging;

    public UserHandlers(UserService users, Views views, ClientViews clientViews, Paging paging) {
        this.users = users;
        this.views = views;
        this.clientViews = clientViews;
        this.paging = paging;
    }

    public void list(Context ctx) {
        Map<String, String> filters = Paging.filters();
        String name = ctx.queryParam("name");
        if (name != null && !name.isBlank()) {
            filters.put("name", name);
        } else {
            name = null;
        }
        Paging.Listing listing = paging.listing(ctx, filters, new Validation());
        Page<User> page = users.list(Auth.principal(ctx), name, listing.request());
        ctx.json(listing.envelope(page, Paging.embedded("users"), u -> views.userLite(ctx, u), "cursor"));
    }

    public void create(Context ctx) {
        UserService.Input input = input(Requests.body(ctx), null);
        ctx.status(201).json(views.user(ctx, users.create(Auth.principal(ctx), input)));
    }

    public void get(Context ctx) {
        ctx.json(views.user(ctx, users.get(Auth.principal(ctx), ctx.pathParam("user_id"))));
    }

    public void update(Context ctx) {
        UserService.Input input = input(Requests.body(ctx), ctx.pathParam("user_id"));
        ctx.json(views.user(ctx, users.update(Auth.principal(ctx), ctx.pathParam("user_id"), input)));
    }

    public void delete(Context ctx) {
        users.delete(Auth.principal(ctx), ctx.pathParam("user_id"));
        ctx.status(204);
    }

    /** {@code GET /v1/users/{id}/conversations}. */
    public void conversations(Context ctx) {
        conversations(ctx, false);
    }

    /** {@code GET /v0.3/users/{id}/conversations}: the Client SDKs' item shape. */
    public void conversationsForClients(Context ctx) {
        conversations(ctx, true);
    }

    private void conversations(Context ctx, boolean clientShape) {
        Validation v = new Validation();
        Map<String, String> filters = Paging.filters();
        Long from = Params.date(ctx, "date_start", filters, v);
        MemberState state = null;
        String stateText = ctx.queryParam("state");
        if (stateText != null && !stateText.isBlank()) {
            filters.put("state", stateText);
            state = MemberState.parse(stateText)
                    .orElseThrow(() -> new DomainException.Rejected(
                            ErrorCode.USER_INVALID_STATE_LOOKUP, "\"state\" must be one of [INVITED, JOINED, LEFT]"));
        }
        String orderBy = ctx.queryParam("order_by");
        if (orderBy != null && !orderBy.isBlank()) {
            filters.put("order_by", orderBy);
            if (!orderBy.strip().toLowerCase(Locale.ROOT).equals("created")) {
                v.add("order_by", "\"order_by\" must be one of [created]");
            }
        }
        boolean customData = Params.bool(ctx, "include_custom_data", filters, v);
        Paging.Listing listing = paging.listing(ctx, filters, v);
        Page<UserConversation> page =
                users.conversations(Auth.principal(ctx), ctx.pathParam("user_id"), state, from, listing.request());
        Function<UserConversation, ObjectNode> view = clientShape
                ? uc -> clientViews.userConversation(ctx, uc, customData)
                : uc -> views.userConversation(ctx, uc, customData);
        ctx.json(listing.envelope(page, Paging.embedded("conversations"), view, clientShape ? null : "coursor"));
    }

    public static UserService.Input input(JsonNode body, String pathId) {
        Validation v = new Validation();
        Params.checkRepeatedId(body, pathId, v);
        String name = v.name(body, "name", 200);
        String displayName = v.string(body, "display_name", 200);
        String imageUrl = v.uri(body, "image_url", 2048);
        JsonNode properties = v.properties(body);
        JsonNode channels = v.object(body, "channels");
        v.throwIfAny();
        return new UserService.Input(
                name,
                displayName,
                Validation.isExplicitNull(body, "display_name"),
                imageUrl,
                Validation.isExplicitNull(body, "image_url"),
                Json.write(properties),
                Json.write(channels));
    }
}
