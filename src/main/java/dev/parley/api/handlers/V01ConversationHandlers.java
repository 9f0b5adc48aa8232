package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.http.Auth;
import dev.parley.api.http.Requests;
import dev.parley.domain.Conversation;
import dev.parley.service.ConversationService;
import dev.parley.service.MemberService;
import dev.parley.service.OffsetPage;
import dev.parley.wire.Json;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The conversations of the API's first versions (v0.1, served under {@code /beta} and {@code /v0.1}):
 * the v1 use cases in the v0.1 shapes. Lists page by offset ({@code record_index}); creates and
 * updates answer 200 {@code {id, href}}, deletes 200 {@code {}}; {@code href}s point at the version
 * the request used.
 */
public final class V01ConversationHandlers {
    private final ConversationService conversations;
    private final MemberService members;
    private final ClientViews clientViews;
    private final Paging paging;
    private final Links links;

    public V01ConversationHandlers(
            ConversationService conversations,
            MemberService members,
            ClientViews clientViews,
            Paging paging,
            Links links) {
        this.conversations = conversations;
        this.members = members;
        this.clientViews = clientViews;
        this.paging = paging;
        this.links = links;
    }

    /**
     * {@code GET .../conversations}: {@code {count, page_size, record_index, _links,
     * _embedded: {conversations: [{uuid, name, href}]}}}, by {@code page_size} (1-100, 10),
     * {@code record_index}, {@code order} and {@code date_start}/{@code date_end}.
     */
    public void list(Context ctx) {
        Validation v = new Validation();
        Map<String, String> filters = Paging.filters();
        Paging.Offset offset = Paging.offset(ctx, 10, filters, v);
        int pageSize = offset.size();
        int recordIndex = offset.index();
        Long from = Params.date(ctx, "date_start", filters, v);
        Long to = Params.date(ctx, "date_end", filters, v);
        v.throwIfAny();
        OffsetPage<Conversation> page =
                conversations.listByOffset(Auth.principal(ctx), from, to, recordIndex, pageSize, offset.ascending());
        String path = ctx.path();
        ObjectNode body = paging.offsetEnvelope(ctx, path, filters, recordIndex, pageSize, page.count());
        ArrayNode items = body.putObject("_embedded").putArray("conversations");
        for (Conversation c : page.items()) {
            items.addObject().put("uuid", c.id().value()).put("name", c.name()).put("href", href(ctx, c.id().value()));
        }
        ctx.json(body);
    }

    /** {@code POST .../conversations}: 200 {@code {id, href}}. */
    public void create(Context ctx) {
        ConversationService.Input input = ConversationHandlers.input(Requests.body(ctx), null);
        Conversation created = conversations.create(Auth.principal(ctx), input);
        ctx.json(reference(ctx, created));
    }

    /** {@code GET .../conversations/{id}}: {@code uuid} and every member inline. */
    public void get(Context ctx) {
        String id = ctx.pathParam("conversation_id");
        Conversation conversation = conversations.get(Auth.principal(ctx), id);
        ctx.json(clientViews.legacyConversation(ctx, conversation, members.all(Auth.principal(ctx), id)));
    }

    /** {@code PUT .../conversations/{id}}: replaces its fields; 200 {@code {id, href}}. */
    public void replace(Context ctx) {
        String id = ctx.pathParam("conversation_id");
        ConversationService.Input input = ConversationHandlers.input(Requests.body(ctx), id);
        ctx.json(reference(ctx, conversations.replace(Auth.principal(ctx), id, input)));
    }

    /** {@code DELETE .../conversations/{id}}: 200 {@code {}}. */
    public void delete(Context ctx) {
        conversations.delete(Auth.principal(ctx), ctx.pathParam("conversation_id"));
        ctx.json(Json.object());
    }

    private ObjectNode reference(Context ctx, Conversation c) {
        return Json.object().put("id", c.id().value()).put("href", href(ctx, c.id().value()));
    }

    private String href(Context ctx, String id) {
        return links.sameVersion(ctx, "/conversations/" + id);
    }
}
