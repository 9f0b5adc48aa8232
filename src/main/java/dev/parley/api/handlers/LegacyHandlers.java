package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.http.Auth;
import dev.parley.domain.Conversation;
import dev.parley.domain.User;
import dev.parley.domain.UserConversation;
import dev.parley.service.AppCallService;
import dev.parley.service.ConversationService;
import dev.parley.service.MemberService;
import dev.parley.service.Page;
import dev.parley.service.UserService;
import dev.parley.wire.Json;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The legacy Client SDK's (nexmo-client) own paths under {@code /beta} and {@code /beta2}: the same use
 * cases as v1 with the shapes that SDK reads. Events live in {@link EventHandlers}.
 */
public final class LegacyHandlers {
    private final ConversationService conversations;
    private final MemberService members;
    private final AppCallService calls;
    private final UserService users;
    private final Views views;
    private final ClientViews clientViews;
    private final Paging paging;

    public LegacyHandlers(
            ConversationService conversations,
            MemberService members,
            AppCallService calls,
            UserService users,
            Views views,
            ClientViews clientViews,
            Paging paging) {
        this.conversations = conversations;
        this.members = members;
        this.calls = calls;
        this.users = users;
        this.views = views;
        this.clientViews = clientViews;
        this.paging = paging;
    }

    /** {@code DELETE /beta/conversations/{cid}/members/{mid}}: the member leaves (or is removed). */
    public void removeMember(Context ctx) {
        var member = calls.leave(
                Auth.principal(ctx), ctx.pathParam("conversation_id"), ctx.pathParam("member_id"), reason(ctx));
        ctx.json(views.member(ctx, member));
    }

    /** The reason a member leaves with ({@code reason_code}, {@code reason_text}), or null when none is given. */
    static ObjectNode reason(Context ctx) {
        String code = ctx.queryParam("reason_code");
        String text = ctx.queryParam("reason_text");
        if (code == null && text == null) {
            return null;
        }
        ObjectNode reason = Json.object();
        reason.put("code", code);
        reason.put("text", text);
        return reason;
    }

    /** {@code GET /beta2/conversations}: v0.2's listing, items under {@code _embedded.data.conversations}. */
    public void listConversations(Context ctx) {
        Validation v = new Validation();
        Map<String, String> filters = Paging.filters();
        Long from = Params.date(ctx, "date_start", filters, v);
        Long to = Params.date(ctx, "date_end", filters, v);
        Paging.Listing listing = paging.listing(ctx, filters, v);
        Page<Conversation> page = conversations.list(Auth.principal(ctx), from, to, listing.request());
        ctx.json(listing.envelope(
                page,
                body -> body.putObject("_embedded").putObject("data").putArray("conversations"),
                c -> views.conversationLite(ctx, c)));
    }

    /** {@code GET /beta2/users}: v0.2's listing, items under {@code _embedded.data.users}. */
    public void listUsers(Context ctx) {
        Paging.Listing listing = paging.listing(ctx, Paging.filters(), new Validation());
        Page<User> page = users.list(Auth.principal(ctx), null, listing.request());
        ctx.json(listing.envelope(
                page,
                body -> body.putObject("_embedded").putObject("data").putArray("users"),
                u -> views.userLite(ctx, u)));
    }

    /** {@code GET /beta2/users/{uid}}: the user. */
    public void getUser(Context ctx) {
        ctx.json(views.user(ctx, users.get(Auth.principal(ctx), ctx.pathParam("user_id"))));
    }

    /** {@code GET /beta2/conversations/{cid}/members/{mid}}: the member. */
    public void getMember(Context ctx) {
        ctx.json(views.member(
                ctx, members.get(Auth.principal(ctx), ctx.pathParam("conversation_id"), ctx.pathParam("member_id"))));
    }

    /** {@code GET /beta2/conversations/{cid}/members}: items under {@code _embedded.data.members}. */
    public void listMembers(Context ctx) {
        Paging.Listing listing = paging.listing(ctx, Paging.filters(), new Validation());
        var page = members.list(Auth.principal(ctx), ctx.pathParam("conversation_id"), listing.request());
        ctx.json(listing.envelope(
                page,
                body -> body.putObject("_embedded").putObject("data").putArray("members"),
                clientViews::legacyMember));
    }

    /** {@code GET /beta2/users/{uid}/conversations}: items under {@code _embedded.data.conversations}. */
    public void userConversations(Context ctx) {
        Paging.Listing listing = paging.listing(ctx, Paging.filters(), new Validation());
        Page<UserConversation> page =
                users.conversations(Auth.principal(ctx), ctx.pathParam("user_id"), null, null, listing.request());
        ctx.json(listing.envelope(
                page,
                body -> body.putObject("_embedded").putObject("data").putArray("conversations"),
                uc -> clientViews.legacyUserConversation(ctx, uc)));
    }
}
