package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.api.http.Auth;
import dev.parley.api.http.Requests;
import dev.parley.service.AppCallService;
import dev.parley.service.CallControl;
import dev.parley.wire.Json;
import io.javalin.http.Context;

/**
 * The Client SDKs' call paths (docs/VOICE.md, "In-app voice"): {@code POST /legs} (an offer; answers
 * {@code {rtc_id, sdp}}), {@code POST /knocking} (put the connected leg through; {@code {id}}), {@code
 * DELETE /knocking/{id}}, and the member removal the SDKs hang up with ({@code DELETE
 * /v0.2/conversations/{cid}/members/{mid}}, answering {@code {}}).
 */
public final class RtcHandlers {
    /** An SDP offer is a few kilobytes; this bounds what a client may make Parley parse. */
    private static final int MAX_SDP = 64 * 1024;

    private final AppCallService calls;

    public RtcHandlers(AppCallService calls) {
        this.calls = calls;
    }

    /** {@code POST /v0.3/legs} and {@code /beta/legs}: {@code {body: {offer: {type, sdp}}}}. */
    public void createLeg(Context ctx) {
        CallControl.AppLeg leg = calls.offer(Auth.principal(ctx), offer(Requests.body(ctx)));
        ObjectNode answer = Json.object();
        answer.put("rtc_id", leg.id().value());
        answer.put("sdp", leg.sdp());
        ctx.json(answer);
    }

    /** The SDP of {@code body.offer.sdp}, required. */
    private static String offer(JsonNode body) {
        Validation v = new Validation();
        JsonNode offer = body.path("body").path("offer");
        String sdp = offer.isObject() ? v.string(offer, "sdp", MAX_SDP) : null;
        if (sdp == null && v.problems().isEmpty()) {
            v.add("body.offer.sdp", "\"body.offer.sdp\" is required");
        }
        v.throwIfAny();
        return sdp;
    }

    /**
     * {@code POST .../conversations/{cid}/rtc} {@code {from: <member id>, body: {offer: {sdp}}}}: the
     * member's audio on; {@code {rtc_id}} now, the SDP answer as the {@code rtc:answer} event.
     */
    public void enableMedia(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Validation v = new Validation();
        String from = v.string(body, "from", 64);
        if (from == null && v.problems().isEmpty()) {
            v.add("from", "\"from\" is required (the member turning audio on)");
        }
        v.throwIfAny();
        CallControl.AppLeg leg =
                calls.enableMedia(Auth.principal(ctx), ctx.pathParam("conversation_id"), from, offer(body));
        ctx.json(Json.object().put("rtc_id", leg.id().value()));
    }

    /**
     * {@code POST .../conversations/{cid}/rtc/{rtc_id}/answer} {@code {from, body: {answer: <sdp>}}}:
     * the user's answer to a call Parley offered; {@code {id}}.
     */
    public void answer(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Validation v = new Validation();
        JsonNode inner = body.path("body");
        String sdp = inner.isObject() ? v.string(inner, "answer", MAX_SDP) : null;
        if (sdp == null && v.problems().isEmpty()) {
            v.add("body.answer", "\"body.answer\" is required (the SDP answer)");
        }
        v.throwIfAny();
        String leg = calls.answer(Auth.principal(ctx), ctx.pathParam("rtc_id"), sdp);
        ctx.json(Json.object().put("id", leg));
    }

    /**
     * {@code POST .../conversations/{cid}/rtc/{rtc_id}/offer} {@code {from, body: {offer: {sdp}}}}: the
     * SDK's reconnect of its call; {@code {id}} now, the answer as {@code rtc:answer}.
     */
    public void reconnect(Context ctx) {
        String leg = calls.reconnect(Auth.principal(ctx), ctx.pathParam("rtc_id"), offer(Requests.body(ctx)));
        ctx.json(Json.object().put("id", leg));
    }

    /** {@code GET /v0.3/legs/{leg_id}}: the leg as the SDK reads it before reconnecting its call. */
    public void leg(Context ctx) {
        ctx.json(dev.parley.wire.CallJson.clientLeg(calls.leg(Auth.principal(ctx), ctx.pathParam("leg_id"))));
    }

    /** {@code DELETE .../conversations/{cid}/rtc/{rtc_id}}: that audio off; {@code {}}. */
    public void disableMedia(Context ctx) {
        calls.disableMedia(Auth.principal(ctx), ctx.pathParam("rtc_id"));
        ctx.json(Json.object());
    }

    /**
     * {@code POST /v0.3/knocking} and {@code /beta/knocking}: {@code {channel: {type: "app", id, to,
     * from}, properties: {custom_data}}}.
     */
    public void knock(Context ctx) {
        JsonNode body = Requests.body(ctx);
        Validation v = new Validation();
        JsonNode channel = body.path("channel");
        if (!channel.isObject()) {
            v.add("channel", "\"channel\" is required");
            v.throwIfAny();
        }
        String type = v.string(channel, "type", 32);
        if (type != null && !type.equals("app")) {
            v.add("channel.type", "\"channel.type\" must be [app]");
        }
        String id = v.string(channel, "id", 64);
        if (id == null) {
            v.add("channel.id", "\"channel.id\" is required (the rtc_id of /legs)");
        }
        JsonNode to = channel.path("to");
        if (!to.isObject()) {
            v.add("channel.to", "\"channel.to\" must be an object");
        } else if (v.string(to, "user", 256) == null && v.string(to, "number", 256) == null) {
            v.add("channel.to", "\"channel.to\" must name a user or a number");
        }
        JsonNode customData = body.path("properties").path("custom_data");
        v.throwIfAny();
        String knocking = calls.knock(Auth.principal(ctx), id, to, customData.isObject() ? customData : null);
        ctx.json(Json.object().put("id", knocking));
    }

    /** {@code DELETE /v0.3/knocking/{id}} and {@code /beta/knocking/{id}}: the caller hangs up. */
    public void cancelKnock(Context ctx) {
        calls.cancelKnock(Auth.principal(ctx), ctx.pathParam("knocking_id"));
        ctx.json(Json.object());
    }

    /**
     * {@code DELETE /v0.2/conversations/{cid}/members/{mid}?reason_code=&reason_text=}: the member
     * leaves, and its call leg, if any, hangs up; {@code {}}, which is all the SDKs accept.
     */
    public void leave(Context ctx) {
        calls.leave(
                Auth.principal(ctx),
                ctx.pathParam("conversation_id"),
                ctx.pathParam("member_id"),
                LegacyHandlers.reason(ctx));
        ctx.json(Json.object());
    }
}
