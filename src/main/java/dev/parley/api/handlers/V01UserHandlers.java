package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.http.Auth;
import dev.parley.api.http.Requests;
import dev.parley.domain.User;
import dev.parley.domain.UserConversation;
import dev.parley.service.UserService;
import dev.parley.wire.Json;
import io.javalin.http.Context;

/**
 * The users of the API's first versions (v0.1, under {@code /beta} and {@code /v0.1}): bare arrays for
 * the user list and a user's conversations, 200 {@code {id, href}} for creates and updates, 200 {@code
 * {}} for deletes. The v0.1 lists have no paging parameters; Parley pages them by {@code page_size}
 * (1-100, default 100) and {@code record_index} all the same, so no list is unbounded
 * (docs/DECISIONS.md).
 */
public final class V01UserHandlers {
    private static final int DEFAULT_PAGE = 100;

    private final UserService users;
    private final Views views;
    private final ClientViews clientViews;
    private final Links links;

    public V01UserHandlers(UserService users, Views views, ClientViews clientViews, Links links) {
        this.users = users;
        this.views = views;
        this.clientViews = clientViews;
        this.links = links;
    }

    /** {@code GET .../users}: {@code [{id, name, href}]}. */
    public void list(Context ctx) {
        Paging.Offset offset = offset(ctx);
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (User user : users.listByOffset(Auth.principal(ctx), offset.index(), offset.size(), offset.ascending())) {
            list.addObject()
                    .put("id", user.id().value())
                    .put("name", user.name())
                    .put("href", href(ctx, user));
        }
        ctx.json(list);
    }

    /** {@code POST .../users} (an admin token): 200 {@code {id, href}}. */
    public void create(Context ctx) {
        User created = users.create(Auth.principal(ctx), UserHandlers.input(Requests.body(ctx), null));
        ctx.json(reference(ctx, created));
    }

    /**
     * {@code GET .../users/{id}}: v0.1's {@code {id, name, href}} on the user as v1 shows it (which the
     * legacy Client SDK reads at {@code /beta/users/{id}}).
     */
    public void get(Context ctx) {
        User user = users.get(Auth.principal(ctx), ctx.pathParam("user_id"));
        ObjectNode node = views.user(ctx, user);
        node.put("href", href(ctx, user));
        ctx.json(node);
    }

    /** {@code PUT .../users/{id}}: the fields given replace the user's; 200 {@code {id, href}}. */
    public void replace(Context ctx) {
        String id = ctx.pathParam("user_id");
        User updated = users.update(Auth.principal(ctx), id, UserHandlers.input(Requests.body(ctx), id));
        ctx.json(reference(ctx, updated));
    }

    /** {@code DELETE .../users/{id}}: 200 {@code {}}. */
    public void delete(Context ctx) {
        users.delete(Auth.principal(ctx), ctx.pathParam("user_id"));
        ctx.json(Json.object());
    }

    /**
     * {@code GET .../users/{id}/conversations}: {@code [{id, name, display_name, image_url, state,
     * member_id, sequence_number, timestamp, href}]}.
     */
    public void conversations(Context ctx) {
        Paging.Offset offset = offset(ctx);
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (UserConversation uc : users.conversationsByOffset(
                Auth.principal(ctx), ctx.pathParam("user_id"), offset.index(), offset.size(), offset.ascending())) {
            ObjectNode node = clientViews.legacyUserConversation(ctx, uc);
            node.put(
                    "href",
                    links.sameVersion(
                            ctx, "/conversations/" + uc.conversation().id().value()));
            list.add(node);
        }
        ctx.json(list);
    }

    private static Paging.Offset offset(Context ctx) {
        Validation v = new Validation();
        Paging.Offset offset = Paging.offset(ctx, DEFAULT_PAGE, Paging.filters(), v);
        v.throwIfAny();
        return offset;
    }

    private ObjectNode reference(Context ctx, User user) {
        return Json.object().put("id", user.id().value()).put("href", href(ctx, user));
    }

    private String href(Context ctx, User user) {
        return links.sameVersion(ctx, "/users/" + user.id().value());
    }
}
