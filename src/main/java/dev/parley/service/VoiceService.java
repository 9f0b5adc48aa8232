package dev.parley.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.Clock;
import dev.parley.domain.Conversation;
import dev.parley.domain.ConversationId;
import dev.parley.domain.EventTypes;
import dev.parley.domain.Leg;
import dev.parley.domain.LegId;
import dev.parley.domain.LegStatus;
import dev.parley.domain.Member;
import dev.parley.domain.Recording;
import dev.parley.domain.VoiceWebhooks;
import dev.parley.store.Store;
import dev.parley.wire.Json;
import dev.parley.wire.VoiceWebhookJson;
import java.util.List;
import java.util.UUID;

/**
 * What the voice layer records as calls progress: a new leg in a conversation of its own, its status
 * moves (each a {@code leg:status:update} event in its conversation), and moves into named
 * conversations. Each step is one durable write. Thread-safe.
 */
public final class VoiceService {
    /**
     * Orders a leg's webhooks in its lane: increasing within this process, and past any earlier run's
     * (it starts from the clock in microseconds), since a call's events are all enqueued on one node.
     */
    private static final java.util.concurrent.atomic.AtomicLong LANE_ORDER =
            new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis() * 1000);

    private final Store store;
    private final Clock clock;
    /** The node the legs started here run on (its SIP address), or null when it has no stable one. */
    private final String node;

    public VoiceService(Store store, Clock clock) {
        this(store, clock, null);
    }

    /** Legs started through this service run on {@code node} (see {@link #endUnfinished}). */
    public VoiceService(Store store, Clock clock, String node) {
        this.store = store;
        this.clock = clock;
        this.node = node;
    }

    /**
     * Ends the calls this node left unfinished when it last stopped without ending them (a crash, a
     * kill): each goes to {@code failed} with an {@code error} event saying why, its member leaves,
     * and its webhooks go out as for any call that fails. Run before the node takes calls. How many.
     */
    public int endUnfinished() {
        if (node == null) {
            return 0;
        }
        return endUnfinished(node, "The node running this call (" + node + ") stopped before the call ended.");
    }

    /**
     * Ends the calls node {@code ranOn} left unfinished, as {@link #endUnfinished()} does, with an
     * {@code error} event giving {@code reason}; how many.
     */
    public int endUnfinished(String ranOn, String reason) {
        List<Leg> unfinished = store.read(tx -> tx.legs().unfinishedOn(ranOn));
        for (Leg leg : unfinished) {
            error(leg, reason);
            move(leg, LegStatus.FAILED);
        }
        return unfinished.size();
    }

    /**
     * The name of the application's conversation {@code conversationId} when {@code userName} is a
     * joined member of it (where a call from that user's SDK may go without an answer URL).
     */
    public java.util.Optional<String> joinedConversationName(
            String applicationId, String conversationId, String userName) {
        return store.read(tx -> ConversationId.parse(conversationId)
                .flatMap(id -> tx.conversations().find(applicationId, id))
                .filter(conversation -> tx.users()
                        .findByName(applicationId, userName)
                        .flatMap(user -> tx.members().findActive(conversation.id(), user.id()))
                        .filter(member -> member.state() == dev.parley.domain.MemberState.JOINED)
                        .isPresent())
                .map(Conversation::name));
    }

    public VoiceWebhooks webhooks(String applicationId) {
        return store.read(tx -> tx.applications().voiceWebhooks(applicationId));
    }

    /**
     * A call leg that just arrived (or was placed): a new conversation ({@code NAM-...}, as the hosted
     * service names a call's own) and the leg in it, {@code started}.
     */
    public Leg start(
            String applicationId,
            String channelType,
            Leg.Direction direction,
            String fromJson,
            String toJson,
            VoiceWebhooks webhooks) {
        return startIn(applicationId, null, channelType, direction, fromJson, toJson, webhooks);
    }

    /**
     * A call leg placed into an existing conversation (an NCCO {@code connect} rings its callee into
     * the caller's); with {@code conversationId} null, into a new one as {@link #start} does.
     */
    public Leg startIn(
            String applicationId,
            ConversationId conversationId,
            String channelType,
            Leg.Direction direction,
            String fromJson,
            String toJson,
            VoiceWebhooks webhooks) {
        return startIn(LegId.next(), applicationId, conversationId, channelType, direction, fromJson, toJson, webhooks);
    }

    /**
     * As {@link #startIn(String, ConversationId, String, Leg.Direction, String, String, VoiceWebhooks)},
     * for a leg whose id was handed out before it was recorded (an App leg's, given to its SDK with
     * the SDP answer).
     */
    public Leg startIn(
            LegId id,
            String applicationId,
            ConversationId conversationId,
            String channelType,
            Leg.Direction direction,
            String fromJson,
            String toJson,
            VoiceWebhooks webhooks) {
        long now = clock.nowMs();
        return store.write(tx -> {
            Conversation target;
            if (conversationId == null) {
                target = Conversation.created(ConversationId.next(), applicationId, now)
                        .name("NAM-" + UUID.randomUUID())
                        .build();
                tx.conversations().insert(target);
            } else {
                target = tx.conversations().find(applicationId, conversationId).orElseThrow();
            }
            Leg leg = Leg.started(
                    id,
                    applicationId,
                    target.id(),
                    channelType,
                    direction,
                    fromJson,
                    toJson,
                    webhooks.eventUrl(),
                    webhooks.eventMethod(),
                    now);
            tx.legs().insert(leg, node);
            if (!(channelType.equals(dev.parley.domain.Channel.APP) && direction == Leg.Direction.OUTBOUND)) {
                LegMembers.join(tx, leg, target, now); // a call to an App user invites it instead (invite)
            }
            statusEvent(tx, leg, now);
            callWebhook(tx, leg, now);
            return leg;
        });
    }

    /** Moves the leg to {@code next} (ignored when the leg is already there or past it). */
    public Leg move(Leg leg, LegStatus next) {
        return move(leg, next, true);
    }

    /**
     * Moves the leg to {@code next}; {@code webhook} false leaves out the event webhook, for a status
     * its caller delivers itself (a synchronous connect's failure).
     */
    public Leg move(Leg leg, LegStatus next, boolean webhook) {
        long now = clock.nowMs();
        return store.write(tx -> {
            Leg current = tx.legs().find(leg.applicationId(), leg.id()).orElse(leg);
            if (!current.status().mayBecome(next)) {
                return current;
            }
            Leg moved = current.moveTo(next, now);
            tx.legs().update(moved);
            statusEvent(tx, moved, now);
            if (next == LegStatus.ANSWERED) {
                LegMembers.audioFlows(tx, moved, now);
            }
            if (next.isFinal()) {
                LegMembers.leave(tx, moved, now);
            }
            if (webhook) {
                callWebhook(tx, moved, now);
            }
            return moved;
        });
    }

    /**
     * Moves the leg into the application's conversation called {@code name}, made if there is none (an
     * NCCO {@code conversation}: the same name is the same conversation).
     */
    public Leg joinNamed(Leg leg, String name) {
        long now = clock.nowMs();
        return store.write(tx -> {
            Conversation conversation = tx.conversations()
                    .findByName(leg.applicationId(), name)
                    .orElseGet(() -> {
                        Conversation made = Conversation.created(ConversationId.next(), leg.applicationId(), now)
                                .name(name)
                                .build();
                        tx.conversations().insert(made);
                        return made;
                    });
            return moveInto(tx, leg, conversation, now);
        });
    }

    /**
     * Moves the leg into the application's existing conversation {@code id} (an NCCO {@code
     * transfer}); empty when the application has no such conversation.
     */
    public java.util.Optional<Leg> joinExisting(Leg leg, String id) {
        long now = clock.nowMs();
        return store.write(tx -> ConversationId.parse(id)
                .flatMap(conversationId -> tx.conversations().find(leg.applicationId(), conversationId))
                .map(conversation -> moveInto(tx, leg, conversation, now)));
    }

    /** The leg leaves its conversation (as a member) and joins {@code conversation}; a status event there. */
    private static Leg moveInto(Store.Tx tx, Leg leg, Conversation conversation, long now) {
        Leg current = tx.legs().find(leg.applicationId(), leg.id()).orElse(leg);
        if (current.conversationId().equals(conversation.id())) {
            return current;
        }
        LegMembers.leave(tx, current, now);
        Leg moved = current.inConversation(conversation.id());
        tx.legs().update(moved);
        if (!moved.status().isFinal()) {
            Member member = LegMembers.join(tx, moved, conversation, now);
            if (moved.channelType().equals(dev.parley.domain.Channel.APP)) {
                // The SDKs follow their call into its new conversation by this event.
                ObjectNode transfer = Json.object();
                // a string, as the SDK reads it
                transfer.put("was_member", Boolean.toString(member.joinedMs() != null && member.joinedMs() < now));
                transfer.put("user_id", member.userId().value());
                transfer.put("transferred_from", current.conversationId().value());
                transfer.set(
                        "channel",
                        Json.object()
                                .put("type", moved.channelType())
                                .put("id", moved.id().value()));
                EventWriter.append(tx, conversation.id(), "rtc:transfer", member, transfer, now);
            }
        }
        statusEvent(tx, moved, now);
        if (moved.eventUrl() != null) { // the Voice API's transfer event
            enqueue(
                    tx,
                    moved,
                    VoiceWebhookJson.transfer(current.conversationId().value(), moved, now),
                    now);
        }
        return moved;
    }

    /**
     * A SIP event of the leg ({@code sip:ringing}, {@code sip:answered}, {@code sip:hangup}); {@code body}
     * gets the leg's direction.
     */
    public void sipEvent(Leg leg, String type, ObjectNode body) {
        body.put("direction", leg.direction().wire());
        eventInLegsConversation(leg, type, body);
    }

    /**
     * The Voice API's {@code error} event for the leg: what Parley could not do ({@code reason}), to
     * the leg's event URL through the outbox, in order with its other events.
     */
    public void error(Leg leg, String reason) {
        if (leg.eventUrl() == null) {
            return;
        }
        long now = clock.nowMs();
        store.write(tx -> {
            Leg current = tx.legs().find(leg.applicationId(), leg.id()).orElse(leg);
            enqueue(tx, current, VoiceWebhookJson.error(leg, reason, now), now);
            return null;
        });
    }

    /**
     * A finished recording, announced in one write with its row: {@code audio:record:done} in its
     * conversation (from the leg's member when a leg's NCCO recorded it) and the Voice API's record
     * event to {@code eventUrl} (when there is one), in order with the leg's other webhooks.
     */
    public void recorded(Recording recording, Leg leg, String eventUrl, String eventMethod, String recordingUrl) {
        long now = clock.nowMs();
        store.write(tx -> {
            tx.recordings().insert(recording);
            ObjectNode done = VoiceWebhookJson.recordDone(recording, recordingUrl);
            Member from = leg == null
                    ? null
                    : tx.legs()
                            .find(leg.applicationId(), leg.id())
                            .flatMap(current -> LegMembers.latest(tx, current))
                            .orElse(null);
            if (tx.conversations()
                    .find(recording.applicationId(), recording.conversationId())
                    .isPresent()) {
                EventWriter.append(tx, recording.conversationId(), "audio:record:done", from, done, now);
            }
            if (eventUrl != null) {
                ObjectNode body = VoiceWebhookJson.recorded(recording, recordingUrl, now);
                tx.webhooks()
                        .enqueuePayload(
                                UUID.randomUUID().toString(),
                                recording.applicationId(),
                                recording.conversationId().value(),
                                leg == null ? recording.id() : leg.id().value(),
                                LANE_ORDER.incrementAndGet(),
                                eventUrl,
                                "GET".equalsIgnoreCase(eventMethod) ? "GET" : "POST",
                                body.toString(),
                                now);
            }
            return null;
        });
    }

    /**
     * The leg was muted or unmuted ({@code audio:mute:on|off}), or earmuffed or not ({@code
     * audio:earmuff:on|off}): the event from its member, and its member's media with a {@code
     * member:media} event, in one write.
     */
    public void audioSettings(Leg leg, boolean muted, boolean earmuffed, String changed) {
        long now = clock.nowMs();
        store.write(tx -> {
            Leg current = tx.legs().find(leg.applicationId(), leg.id()).orElse(leg);
            var member = LegMembers.current(tx, current);
            ObjectNode body = Json.object();
            body.put("rtc_id", current.id().value()); // the leg, as an App leg's rtc_id names its own
            boolean on = changed.equals("mute") ? muted : earmuffed;
            EventWriter.append(
                    tx,
                    current.conversationId(),
                    "audio:" + changed + (on ? ":on" : ":off"),
                    member.orElse(null),
                    body,
                    now);
            LegMembers.media(tx, current, new dev.parley.domain.Media(true, true, muted, earmuffed), now);
            return null;
        });
    }

    /**
     * The leg's member's media now, with no audio event (its SDK's own {@code audio:mute:on} ... was
     * the event): {@code member:media}.
     */
    public void memberMedia(Leg leg, boolean muted, boolean earmuffed) {
        long now = clock.nowMs();
        store.write(tx -> {
            Leg current = tx.legs().find(leg.applicationId(), leg.id()).orElse(leg);
            LegMembers.media(tx, current, new dev.parley.domain.Media(true, true, muted, earmuffed), now);
            return null;
        });
    }

    /** An event of a whole conversation from no member (a talk or stream played into it). */
    public void conversationEvent(ConversationId conversation, String type, ObjectNode body) {
        long now = clock.nowMs();
        store.write(tx -> {
            EventWriter.append(tx, conversation, type, null, body, now);
            return null;
        });
    }

    /** An event in the conversation the leg is in now, from its member there ({@code audio:say} ...). */
    public void legEvent(Leg leg, String type, ObjectNode body) {
        long now = clock.nowMs();
        store.write(tx -> {
            Leg current = tx.legs().find(leg.applicationId(), leg.id()).orElse(leg);
            EventWriter.append(
                    tx,
                    current.conversationId(),
                    type,
                    LegMembers.current(tx, current).orElse(null),
                    body,
                    now);
            return null;
        });
    }

    /**
     * A call to an App user rings: the user is invited into the leg's conversation with Parley's SDP
     * {@code offer} ({@code member:invited}); false when the user does not exist or is there already.
     */
    public boolean invite(Leg leg, String offer) {
        long now = clock.nowMs();
        return store.write(tx -> {
            Leg current = tx.legs().find(leg.applicationId(), leg.id()).orElse(leg);
            Conversation conversation = tx.conversations()
                    .find(current.applicationId(), current.conversationId())
                    .orElseThrow();
            return LegMembers.invite(tx, current, conversation, offer, now).isPresent();
        });
    }

    /**
     * An App leg's {@code rtc:hangup}, from its member even when that member has just left (the SDKs
     * hang up by leaving, then wait for this event to end their call).
     */
    public void rtcHangup(Leg leg, ObjectNode body) {
        long now = clock.nowMs();
        store.write(tx -> {
            Leg current = tx.legs().find(leg.applicationId(), leg.id()).orElse(leg);
            EventWriter.append(
                    tx,
                    current.conversationId(),
                    "rtc:hangup",
                    LegMembers.latest(tx, current).orElse(null),
                    body,
                    now);
            return null;
        });
    }

    /** The leg started or stopped speaking ({@code audio:speaking:on|off}), from its member. */
    public void speaking(Leg leg, boolean on) {
        long now = clock.nowMs();
        store.write(tx -> {
            Leg current = tx.legs().find(leg.applicationId(), leg.id()).orElse(leg);
            var member = LegMembers.current(tx, current);
            if (member.isEmpty()) {
                return null; // the leg has left the conversation: nobody there to be speaking
            }
            ObjectNode body = Json.object();
            body.set("channel", Json.parse(member.get().channel().json()));
            EventWriter.append(
                    tx,
                    current.conversationId(),
                    on ? "audio:speaking:on" : "audio:speaking:off",
                    member.get(),
                    body,
                    now);
            return null;
        });
    }

    /**
     * The application closed a WebSocket leg's socket: the {@code disconnected} event to the leg's
     * event URL, with the connect's {@code headers} echoed.
     */
    public void disconnected(Leg leg, com.fasterxml.jackson.databind.JsonNode headers) {
        if (leg.eventUrl() == null) {
            return;
        }
        long now = clock.nowMs();
        store.write(tx -> {
            Leg current = tx.legs().find(leg.applicationId(), leg.id()).orElse(leg);
            enqueue(tx, current, VoiceWebhookJson.disconnected(current, headers, now), now);
            return null;
        });
    }

    /** A key the leg's caller pressed: {@code audio:dtmf}. */
    public void dtmf(Leg leg, char digit, int sequence) {
        eventInLegsConversation(leg, EventTypes.AUDIO_DTMF, VoiceWebhookJson.dtmf(digit, sequence));
    }

    /** An event in the conversation the leg is in now (an NCCO may have moved it since the caller looked). */
    private void eventInLegsConversation(Leg leg, String type, ObjectNode body) {
        long now = clock.nowMs();
        store.write(tx -> {
            Leg current = tx.legs().find(leg.applicationId(), leg.id()).orElse(leg);
            EventWriter.append(tx, current.conversationId(), type, null, body, now);
            return null;
        });
    }

    /**
     * The Voice API's event webhook for the leg's new status, through the durable outbox: one lane per
     * leg, so a call's events arrive in order, retried until delivered and signed like the others.
     */
    private static void callWebhook(Store.Tx tx, Leg leg, long now) {
        if (leg.eventUrl() != null) {
            enqueue(tx, leg, VoiceWebhookJson.statusMove(leg, now), now);
        }
    }

    /** One event webhook for the leg, in its lane (the leg's id) so its events keep their order. */
    private static void enqueue(Store.Tx tx, Leg leg, ObjectNode body, long now) {
        tx.webhooks()
                .enqueuePayload(
                        UUID.randomUUID().toString(),
                        leg.applicationId(),
                        leg.conversationId().value(),
                        leg.id().value(),
                        LANE_ORDER.incrementAndGet(),
                        leg.eventUrl(),
                        "GET".equalsIgnoreCase(leg.eventMethod()) ? "GET" : "POST",
                        body.toString(),
                        now);
    }

    /** {@code leg:status:update} as the v1 event schema shows it, with the leg's whole history. */
    private static void statusEvent(Store.Tx tx, Leg leg, long now) {
        EventWriter.append(
                tx,
                leg.conversationId(),
                EventTypes.LEG_STATUS_UPDATE,
                null,
                VoiceWebhookJson.legStatusUpdate(leg),
                now);
    }
}
