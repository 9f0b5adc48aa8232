package dev.parley.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.CallQuality;
import dev.parley.domain.Leg;
import dev.parley.domain.LegStatus;
import dev.parley.domain.Recording;

/**
 * The bodies of the Voice API's event webhooks (status, transfer, error, record) and of the voice
 * events stored in a leg's conversation ({@code leg:status:update}, {@code audio:dtmf},
 * {@code audio:record:done}), as voice.yml and the v1 event schema give them.
 */
public final class VoiceWebhookJson {
    private VoiceWebhookJson() {}

    /** The fields every status event has: from, to, uuid, conversation_uuid, status, direction, timestamp. */
    public static ObjectNode status(Leg leg, String status, long nowMs) {
        ObjectNode body = Json.object();
        body.put("from", address(leg.fromJson()));
        body.put("to", address(leg.toJson()));
        body.put("uuid", leg.id().value());
        body.put("conversation_uuid", leg.conversationId().value());
        body.put("status", status);
        body.put("direction", leg.direction().wire());
        body.put("timestamp", Timestamps.format(nowMs));
        return body;
    }

    /** The event for the leg's status now: with its start once answered, its end and duration once completed. */
    public static ObjectNode statusMove(Leg leg, long nowMs) {
        ObjectNode body = status(leg, leg.status().wire(), nowMs);
        if (leg.answeredMs() != null) {
            body.put("start_time", Timestamps.format(leg.answeredMs()));
            body.put("rate", 0.0);
            body.put("network", "");
        }
        if (leg.status() == LegStatus.COMPLETED) {
            body.put("end_time", Timestamps.format(leg.endedMs()));
            body.put("duration", Long.toString(leg.durationSeconds() == null ? 0 : leg.durationSeconds()));
            body.put("price", 0.0);
        }
        return body;
    }

    /** The application closed a WebSocket leg: {@code disconnected}, with the connect's headers echoed. */
    public static ObjectNode disconnected(Leg leg, com.fasterxml.jackson.databind.JsonNode headers, long nowMs) {
        ObjectNode body = status(leg, "disconnected", nowMs);
        body.set("headers", headers);
        return body;
    }

    /** The leg moved from one conversation to another. */
    public static ObjectNode transfer(String fromConversation, Leg moved, long nowMs) {
        ObjectNode body = Json.object();
        body.put("conversation_uuid_from", fromConversation);
        body.put("conversation_uuid_to", moved.conversationId().value());
        body.put("uuid", moved.id().value());
        body.put("timestamp", Timestamps.format(nowMs));
        return body;
    }

    /** What Parley could not do for the leg. */
    public static ObjectNode error(Leg leg, String reason, long nowMs) {
        ObjectNode body = Json.object();
        body.put("reason", reason);
        body.put("uuid", leg.id().value());
        body.put("conversation_uuid", leg.conversationId().value());
        body.put("timestamp", Timestamps.format(nowMs));
        return body;
    }

    /** A finished recording, to the record action's event URL. */
    public static ObjectNode recorded(Recording recording, String recordingUrl, long nowMs) {
        ObjectNode body = Json.object();
        body.put("start_time", Timestamps.format(recording.startMs()));
        body.put("recording_url", recordingUrl);
        body.put("size", recording.size());
        body.put("recording_uuid", recording.id());
        body.put("end_time", Timestamps.format(recording.endMs()));
        body.put("conversation_uuid", recording.conversationId().value());
        body.put("timestamp", Timestamps.format(nowMs));
        return body;
    }

    /** {@code audio:record:done} in the recorded conversation. */
    public static ObjectNode recordDone(Recording recording, String recordingUrl) {
        ObjectNode done = Json.object();
        done.put("recording_id", recording.id());
        done.put("destination_url", recordingUrl);
        done.put("format", "wav");
        done.put("start_time", Timestamps.format(recording.startMs()));
        done.put("end_time", Timestamps.format(recording.endMs()));
        done.put("size", recording.size());
        return done;
    }

    /** {@code leg:status:update}, with the leg's whole history. */
    public static ObjectNode legStatusUpdate(Leg leg) {
        ObjectNode body = Json.object();
        body.put("leg_id", leg.id().value());
        body.put("direction", leg.direction().wire());
        body.put("type", leg.channelType());
        body.put("status", leg.status().wire());
        ArrayNode history = body.putArray("statusHistory");
        for (Leg.StatusChange change : leg.history()) {
            history.addObject().put("status", change.status().wire()).put("date", Timestamps.format(change.atMs()));
        }
        return body;
    }

    /** {@code audio:dtmf}: the key and its number among the leg's presses. */
    public static ObjectNode dtmf(char digit, int sequence) {
        ObjectNode body = Json.object();
        body.put("digit", String.valueOf(digit));
        body.put("dtmf_seq", sequence);
        return body;
    }

    /**
     * The answer webhook's fields (query parameters for GET, a JSON body for POST): {@code to, from,
     * uuid, conversation_uuid}; callers add the call's {@code SipHeader_X-...} fields.
     */
    public static java.util.Map<String, String> answer(String to, String from, Leg leg) {
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        params.put("to", to);
        params.put("from", from);
        params.put("uuid", leg.id().value());
        params.put("conversation_uuid", leg.conversationId().value());
        return params;
    }

    /**
     * The answer webhook of a call from the Client SDK: {@code to} as the app gave it, {@code
     * from_user} (the caller, a user: no {@code from}, as the Voice API sends it), {@code uuid},
     * {@code conversation_uuid}, and the call's {@code custom_data} (JSON) when it has any.
     */
    public static java.util.Map<String, String> appAnswer(
            String to, String fromUser, Leg leg, com.fasterxml.jackson.databind.JsonNode customData) {
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        params.put("to", to);
        params.put("from_user", fromUser);
        params.put("uuid", leg.id().value());
        params.put("conversation_uuid", leg.conversationId().value());
        if (customData != null && !customData.isEmpty()) {
            params.put("custom_data", customData.toString());
        }
        return params;
    }

    /** An {@code input}'s result: the keys pressed, or why no speech was recognised. */
    public static ObjectNode input(Leg leg, String digits, boolean timedOut, boolean dtmf, boolean speech, long nowMs) {
        ObjectNode body = Json.object();
        body.put("uuid", leg.id().value());
        body.put("conversation_uuid", leg.conversationId().value());
        body.put("timestamp", Timestamps.format(nowMs));
        if (dtmf) {
            body.putObject("dtmf").put("digits", digits).put("timed_out", timedOut);
        }
        if (speech) {
            body.putObject("speech")
                    .put("error", "Speech recognition is not available on this server")
                    .putArray("results");
        }
        return body;
    }

    /** A synchronous {@code connect}'s final status, asked of its event URL (whose answer is the next NCCO). */
    public static ObjectNode connectEnded(Leg callee, String status, long nowMs) {
        ObjectNode body = Json.object();
        body.put("uuid", callee.id().value());
        body.put("conversation_uuid", callee.conversationId().value());
        body.put("status", status);
        body.put("direction", "outbound");
        body.put("timestamp", Timestamps.format(nowMs));
        return body;
    }

    /**
     * {@code sip:hangup}: the reason (its Q.850 {@code code}, the SIP status) and, when the leg had RTP,
     * the bytes and packets it carried (no call-quality figures are measured, so none are given).
     */
    public static ObjectNode sipHangup(String reason, String code, RtpCounts rtp) {
        ObjectNode body = Json.object();
        body.putObject("reason").put("text", reason).put("code", code).put("sip_code", "200");
        if (rtp != null) {
            body.putObject("bandwidth").put("byte_in", rtp.bytesIn()).put("byte_out", rtp.bytesOut());
            body.putObject("quality").put("packet_cnt", rtp.packetsIn());
        }
        return body;
    }

    /**
     * {@code rtc:hangup} as the Client SDKs require it, every field present: the leg's channel, why it
     * ended ({@code code} as the SDKs map it), the bytes carried and the quality measured on what the
     * leg received.
     */
    public static ObjectNode rtcHangup(
            Leg leg, String code, String text, int sipCode, RtpCounts rtp, CallQuality quality) {
        ObjectNode body = Json.object();
        ObjectNode channel = body.putObject("channel");
        channel.put("type", leg.channelType());
        channel.put("id", leg.id().value());
        channel.set("from", Json.parse(leg.fromJson()));
        channel.set("to", Json.parse(leg.toJson()));
        body.putObject("bandwidth").put("bytes_in", rtp.bytesIn()).put("bytes_out", rtp.bytesOut());
        body.putObject("reason").put("text", text).put("code", code).put("sip_code", sipCode);
        body.putObject("quality")
                .put("mos_score", round(quality.mos()))
                .put("quality_percentage", round(quality.qualityPercent()))
                .put("jitter_min_var", round(quality.jitterMinMs()))
                .put("jitter_max_var", round(quality.jitterMaxMs()))
                .put("jitter_loss_rate", round(quality.lossRate()))
                .put("jitter_burst_rate", round(quality.burstRate()))
                .put("flaw_total", quality.flaws())
                .put("packet_cnt", quality.packets())
                .put("packet_loss_perc", round(quality.lossPercent()));
        body.put("direction", leg.direction().wire());
        return body;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** What a leg's RTP carried. */
    public record RtpCounts(long bytesIn, long bytesOut, long packetsIn) {}

    /** {@code audio:say}: what a talk speaks. */
    public static ObjectNode say(String text, String language, int loop, double level) {
        ObjectNode body = Json.object();
        body.put("text", text);
        body.put("language", language);
        body.put("loop", loop);
        body.put("level", level);
        body.put("ssml", text.stripLeading().startsWith("<speak"));
        return body;
    }

    /** {@code audio:play}: what a stream plays. */
    public static ObjectNode play(String url, int loop, double level) {
        ObjectNode body = Json.object();
        body.putArray("stream_url").add(url);
        body.put("loop", loop);
        body.put("level", level);
        return body;
    }

    /** {@code audio:record}: a recording starts ({@code beepStart} null for a conversation's). */
    public static ObjectNode recordStarted(int channels, String split, Boolean beepStart) {
        ObjectNode body = Json.object();
        body.put("format", "wav");
        if (beepStart != null) {
            body.put("beep_start", beepStart);
        }
        body.put("channels", channels);
        if (split != null) {
            body.put("split", split);
        }
        return body;
    }

    /** An endpoint document's number (phone) or URI (sip, websocket), as the webhooks give it. */
    private static String address(String endpointJson) {
        var endpoint = Json.parse(endpointJson);
        if (endpoint.hasNonNull("user")) {
            return endpoint.get("user").asText(); // an App endpoint: the application's user
        }
        return endpoint.hasNonNull("number")
                ? endpoint.get("number").asText()
                : endpoint.path("uri").asText("");
    }
}
