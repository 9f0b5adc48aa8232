package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.http.Auth;
import dev.parley.api.http.Requests;
import dev.parley.domain.Member;
import dev.parley.domain.MemberState;
import dev.parley.service.MemberService;
import dev.parley.service.Page;
import dev.parley.wire.MemberJson;
import io.javalin.http.Context;
import java.util.List;

/** {@code /v1/conversations/{id}/members}, {@code .../members/me} and {@code .../members/{id}}. */
public final class MemberHandlers {
    /** Member channel types: the v1 messaging channels plus the voice ones of v0.x and events. */
    public static final List<String> CHANNEL_TYPES =
            List.of("app", "messenger", "mms", "phone", "sip", "sms", "vbc", "viber", "websocket", "whatsapp");

    private final MemberService members;
    private final Views views;
    private final Paging paging;

    public MemberHandlers(MemberService members, Views views, Paging paging) {
        this.members = members;
        this.views = views;
        this.paging = paging;
    }

    public void list(Context ctx) {
        Paging.Listing listing = paging.listing(ctx, Paging.filters(), new Validation());
        Page<Member> page = members.list(Auth.principal(ctx), conversationId(ctx), listing.request());
        ctx.json(listing.envelope(page, Paging.embedded("members"), m -> views.memberLite(ctx, m)));
    }

    public void create(Context ctx) {
        MemberService.Input input = input(Requests.body(ctx));
        Member member = members.create(Auth.principal(ctx), conversationId(ctx), input);
        ctx.status(201).json(views.member(ctx, member));
    }

    public void get(Context ctx) {
        ctx.json(views.member(ctx, members.get(Auth.principal(ctx), conversationId(ctx), ctx.pathParam("member_id"))));
    }

    public void me(Context ctx) {
        ctx.json(views.member(ctx, members.me(Auth.principal(ctx), conversationId(ctx))));
    }

    public void update(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Validation v = new Validation();
        Params.checkRepeatedId(body, ctx.pathParam("member_id"), v);
        String state = v.oneOf(body, "state", List.of("joined", "left"), true);
        JsonNode reason = v.object(body, "reason");
        v.string(body, "from", 100);
        v.throwIfAny();
        MemberService.Change change = new MemberService.Change(
                MemberState.parse(state).orElseThrow(), reason == null ? null : (ObjectNode) reason);
        Member member = members.update(Auth.principal(ctx), conversationId(ctx), ctx.pathParam("member_id"), change);
        ctx.json(views.member(ctx, member));
    }

    private static String conversationId(Context ctx) {
        return ctx.pathParam("conversation_id");
    }

    public static MemberService.Input input(JsonNode body) {
        Validation v = new Validation();
        String state = v.oneOf(body, "state", List.of("invited", "joined"), true);
        JsonNode user = v.object(body, "user");
        String userId = null;
        String userName = null;
        if (user == null) {
            if (!body.has("user") || body.get("user").isNull()) {
                v.add("user", "\"user\" is required");
            }
        } else {
            Validation inner = new Validation();
            userId = inner.string(user, "id", 100);
            userName = inner.string(user, "name", 200);
            if (userId == null && userName == null) {
                inner.add("id", "\"id\" or \"name\" is required");
            }
            v.addAll(Params.prefixed("user.", inner));
        }
        JsonNode channel = v.object(body, "channel");
        if (channel == null) {
            if (!body.has("channel") || body.get("channel").isNull()) {
                v.add("channel", "\"channel\" is required");
            }
        } else {
            Validation inner = new Validation();
            inner.oneOf(channel, "type", CHANNEL_TYPES, true);
            v.addAll(Params.prefixed("channel.", inner));
        }
        JsonNode media = v.object(body, "media");
        String knockingId = v.string(body, "knocking_id", 100);
        String inviting = v.string(body, "member_id_inviting", 100);
        v.string(body, "from", 100);
        v.throwIfAny();
        ObjectNode normalizedChannel = channel.deepCopy();
        normalizedChannel.put("type", channel.get("type").asText().toLowerCase());
        return new MemberService.Input(
                MemberState.parse(state).orElseThrow(),
                userId,
                userName,
                MemberJson.channel(normalizedChannel),
                MemberJson.media(media),
                knockingId,
                inviting);
    }
}
