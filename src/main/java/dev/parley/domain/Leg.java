package dev.parley.domain;

import java.util.List;
import java.util.Objects;

/**
 * One call leg: a party on the phone, SIP or WebSocket channel (or an app's WebRTC), in one
 * conversation. {@code from} and {@code to} are the Voice API's endpoint documents as written ({@code
 * {type, number|uri|user, ...}}); {@code history} lists every status the leg went through, first to
 * last, which {@code leg:status:update} shows. Immutable.
 */
public record Leg(
        LegId id,
        String applicationId,
        ConversationId conversationId,
        String channelType,
        Direction direction,
        String fromJson,
        String toJson,
        LegStatus status,
        List<StatusChange> history,
        long createdMs,
        Long answeredMs,
        Long endedMs,
        String eventUrl,
        String eventMethod) {

    /** Who placed the call: a caller reaching Parley, or Parley ringing out. */
    public enum Direction {
        INBOUND,
        OUTBOUND;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One step of the status history. */
    public record StatusChange(LegStatus status, long atMs) {}

    public Leg {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        history = List.copyOf(history);
    }

    /** A new leg, {@code started} at {@code atMs}. */
    public static Leg started(
            LegId id,
            String applicationId,
            ConversationId conversationId,
            String channelType,
            Direction direction,
            String fromJson,
            String toJson,
            String eventUrl,
            String eventMethod,
            long atMs) {
        return new Leg(
                id,
                applicationId,
                conversationId,
                channelType,
                direction,
                fromJson,
                toJson,
                LegStatus.STARTED,
                List.of(new StatusChange(LegStatus.STARTED, atMs)),
                atMs,
                null,
                null,
                eventUrl,
                eventMethod);
    }

    /**
     * The leg in {@code next} from {@code atMs}; fails (a bug in the caller) when the move is not
     * allowed, since a final status is final.
     */
    public Leg moveTo(LegStatus next, long atMs) {
        if (!status.mayBecome(next)) {
            throw new IllegalStateException("a " + status.wire() + " leg cannot become " + next.wire());
        }
        List<StatusChange> more = new java.util.ArrayList<>(history);
        more.add(new StatusChange(next, atMs));
        return copy(
                conversationId,
                next,
                more,
                next == LegStatus.ANSWERED ? Long.valueOf(atMs) : answeredMs,
                next.isFinal() ? Long.valueOf(atMs) : endedMs);
    }

    /** The same leg, moved into another conversation (an NCCO {@code conversation} or {@code transfer}). */
    public Leg inConversation(ConversationId next) {
        return copy(next, status, history, answeredMs, endedMs);
    }

    /** This leg with what changes over a call replaced; who, where and how it was placed stay. */
    private Leg copy(
            ConversationId conversation,
            LegStatus nextStatus,
            List<StatusChange> nextHistory,
            Long answered,
            Long ended) {
        return new Leg(
                id,
                applicationId,
                conversation,
                channelType,
                direction,
                fromJson,
                toJson,
                nextStatus,
                nextHistory,
                createdMs,
                answered,
                ended,
                eventUrl,
                eventMethod);
    }

    /** Whole seconds from answer to end; null unless the leg was answered and has ended. */
    public Long durationSeconds() {
        return answeredMs == null || endedMs == null ? null : (endedMs - answeredMs) / 1000;
    }
}
