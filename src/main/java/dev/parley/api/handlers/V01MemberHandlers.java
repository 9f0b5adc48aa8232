package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.http.Auth;
import dev.parley.api.http.Requests;
import dev.parley.domain.Member;
import dev.parley.domain.MemberState;
import dev.parley.domain.ResourceId;
import dev.parley.service.AppCallService;
import dev.parley.service.MemberService;
import dev.parley.wire.Json;
import dev.parley.wire.MemberJson;
import io.javalin.http.Context;
import java.util.List;

/**
 * The members of the API's first versions (v0.1, under {@code /beta} and {@code /v0.1}): created and
 * updated by {@code action} ({@code invite}, {@code join}) and {@code user_id}, listed as a bare array
 * whose {@code name} is the member id, left by {@code DELETE} (200 {@code {}}). A {@code PUT} without
 * {@code action} is the Client SDKs' state change, as on {@code /v0.3}.
 */
public final class V01MemberHandlers {
    private static final int DEFAULT_PAGE = 100;

    private final MemberService members;
    private final AppCallService calls;
    private final MemberHandlers current;
    private final ClientViews clientViews;
    private final Links links;

    public V01MemberHandlers(
            MemberService members, AppCallService calls, MemberHandlers current, ClientViews clientViews, Links links) {
        this.members = members;
        this.calls = calls;
        this.current = current;
        this.clientViews = clientViews;
        this.links = links;
    }

    /** {@code GET .../members}: {@code [{user_id, name: <member id>, user_name, state}]}. */
    public void list(Context ctx) {
        Validation v = new Validation();
        Paging.Offset offset = Paging.offset(ctx, DEFAULT_PAGE, Paging.filters(), v);
        v.throwIfAny();
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (Member m : members.listByOffset(
                Auth.principal(ctx), conversationId(ctx), offset.index(), offset.size(), offset.ascending())) {
            list.addObject()
                    .put("user_id", ResourceId.valueOf(m.userId()))
                    .put("name", m.id().value())
                    .put("user_name", m.user().name())
                    .put("state", m.state().name());
        }
        ctx.json(list);
    }

    /**
     * {@code POST .../members} {@code {action, user_id, channel, media?, knocking_id?,
     * member_id_inviting?}}: 201 {@code {id, user_id, state, timestamp, channel, href, initiator}}.
     */
    public void create(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Validation v = new Validation();
        String action = v.oneOf(body, "action", List.of("invite", "join"), false);
        String userId = v.string(body, "user_id", 100);
        if (!body.hasNonNull("user_id")) {
            v.add("user_id", "\"user_id\" is required");
        }
        v.throwIfAny();
        // The rest is v1's member, whose checks (channel, media ...) apply as they are.
        ObjectNode asV1 = body.deepCopy();
        asV1.remove(List.of("action", "user_id", "member_id"));
        asV1.put("state", "invite".equals(action) ? "invited" : "joined");
        asV1.putObject("user").put("id", userId);
        Member member = members.create(Auth.principal(ctx), conversationId(ctx), MemberHandlers.input(asV1));
        ObjectNode answer = Json.object()
                .put("id", member.id().value())
                .put("user_id", ResourceId.valueOf(member.userId()))
                .put("state", member.state().name());
        answer.set("timestamp", ClientViews.memberTimestamps(member));
        answer.set("channel", Json.parse(member.channel().json()));
        answer.put("href", href(ctx, member));
        answer.set("initiator", MemberJson.initiatorForResource(member.initiator()));
        ctx.status(201).json(answer);
    }

    /** {@code GET .../members/{id}}: the member with its {@code href}. */
    public void get(Context ctx) {
        Member member = members.get(Auth.principal(ctx), conversationId(ctx), ctx.pathParam("member_id"));
        ObjectNode node = clientViews.legacyMember(member);
        node.put("href", href(ctx, member));
        ctx.json(node);
    }

    /**
     * {@code PUT .../members/{id}} {@code {action: "join"|"leave", channel}}: 200 {@code {id, href}}.
     * Without {@code action}, the Client SDKs' {@code {state: "joined"}} as {@code /v0.3} answers it.
     */
    public void update(Context ctx) {
        JsonNode body = Requests.body(ctx);
        if (!body.has("action")) {
            current.update(ctx);
            return;
        }
        Validation v = new Validation();
        String action = v.oneOf(body, "action", List.of("invite", "join", "leave"), true);
        v.object(body, "channel");
        v.throwIfAny();
        Member member = switch (action) {
            case "join" ->
                members.update(
                        Auth.principal(ctx),
                        conversationId(ctx),
                        ctx.pathParam("member_id"),
                        new MemberService.Change(MemberState.JOINED, null));
            case "leave" -> calls.leave(Auth.principal(ctx), conversationId(ctx), ctx.pathParam("member_id"), null);
            default ->
                throw dev.parley.domain.DomainException.Invalid.of(
                        "action", "a member is invited when it is created; \"action\" here can be join or leave");
        };
        ctx.json(Json.object().put("id", member.id().value()).put("href", href(ctx, member)));
    }

    /**
     * {@code DELETE .../members/{id}}: the member leaves (with {@code reason_code} and {@code
     * reason_text} when given), hanging up its call leg if it has one; 200 {@code {}}.
     */
    public void delete(Context ctx) {
        calls.leave(Auth.principal(ctx), conversationId(ctx), ctx.pathParam("member_id"), LegacyHandlers.reason(ctx));
        ctx.json(Json.object());
    }

    private String href(Context ctx, Member m) {
        return links.sameVersion(ctx, "/conversations/" + m.conversationId().value() + "/members/" + m.id().value());
    }

    private static String conversationId(Context ctx) {
        return ctx.pathParam("conversation_id");
    }
}
