package dev.parley.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.auth.Access;
import dev.parley.auth.Principal;
import dev.parley.domain.Clock;
import dev.parley.domain.Conversation;
import dev.parley.domain.ConversationId;
import dev.parley.domain.DomainException;
import dev.parley.domain.ErrorCode;
import dev.parley.domain.Errors;
import dev.parley.domain.Event;
import dev.parley.domain.EventFilter;
import dev.parley.domain.EventTypes;
import dev.parley.domain.Key;
import dev.parley.domain.LegId;
import dev.parley.domain.Member;
import dev.parley.domain.MemberId;
import dev.parley.domain.Receipt;
import dev.parley.store.EventStore;
import dev.parley.store.Store;
import dev.parley.store.UniqueViolation;
import dev.parley.wire.Json;
import java.util.List;
import java.util.Optional;

/** Event use cases: send, read, list, delete. Thread-safe. */
public final class EventService {
    private final Store store;
    private final Clock clock;
    private final Notifier notifier;
    private final CallControl calls;

    public EventService(Store store, Clock clock, Notifier notifier) {
        this(store, clock, notifier, CallControl.NONE);
    }

    /** Audio requests from a member carried by a call leg go on to {@code calls} once stored. */
    public EventService(Store store, Clock clock, Notifier notifier, CallControl calls) {
        this.store = store;
        this.clock = clock;
        this.notifier = notifier;
        this.calls = calls;
    }

    /**
     * An event a client sends; {@code transactionId} (optional) makes retries return the first result.
     * {@code bodyless}: sent without a body where the API's first versions allowed that (the 2019 curl
     * snippet's {@code {"type":"text","from":...}}): stored with an empty body, whose fields are not
     * checked. {@code to}: the member it is addressed to (v0.1's {@code to}), or null.
     */
    public record Input(String type, String from, JsonNode body, String transactionId, boolean bodyless, String to) {
        public Input(String type, String from, JsonNode body, String transactionId) {
            this(type, from, body, transactionId, false, null);
        }

        /** A receipt's {@code event_id} is kept as a number whichever way it came (EventJson shows v1 a string). */
        public Input {
            if (EventTypes.isReceipt(type)
                    && body instanceof com.fasterxml.jackson.databind.node.ObjectNode object
                    && EventBodies.isDigits(object.get("event_id"))) {
                object = object.deepCopy();
                object.put("event_id", Long.parseLong(object.get("event_id").asText()));
                body = object;
            }
        }
    }

    /** The outcome of a send: the event, and whether it was stored (ephemeral events are not). */
    public record Sent(Event event, boolean stored) {}

    public Sent create(Principal principal, String conversationId, Input input) {
        if (!EventTypes.clientMayCreate(input.type())) {
            throw DomainException.Invalid.of(
                    "type", "\"type\" must be message, message:<status>, custom:<name>, ephemeral or an audio request");
        }
        var problems = input.bodyless()
                ? List.<dev.parley.domain.DomainException.InvalidParameter>of()
                : EventBodies.problems(input.type(), input.body());
        if (!problems.isEmpty()) {
            throw new DomainException.Invalid(problems);
        }
        if (EventTypes.TRANSIENT.contains(input.type())) {
            Event event = store.read(tx -> ephemeral(tx, principal, conversationId, input));
            notifier.ephemeral(event);
            return new Sent(event, false);
        }
        try {
            Sent sent = send(principal, conversationId, input);
            if (EventTypes.AUDIO_REQUESTS.contains(input.type())) {
                toItsCall(sent.event());
            }
            return sent;
        } catch (UniqueViolation e) {
            // Two requests with one transaction id raced; the winner's event is the answer.
            return store.read(tx -> {
                Caller caller = Caller.resolve(tx, principal);
                Conversation conversation = ConversationService.find(tx, caller, conversationId);
                long id = tx.events()
                        .findByTransaction(conversation.id(), principal.label(), input.transactionId())
                        .orElseThrow(() -> e);
                return new Sent(tx.events().find(conversation.id(), id).orElseThrow(), true);
            });
        }
    }

    /**
     * A stored audio request from a member carried by a call leg (an App leg's SDK muting, pressing
     * keys, saying something) acts on that call. The leg named in the body ({@code rtc_id}, {@code
     * channel.id}) must be the sender's own.
     */
    private void toItsCall(Event event) {
        if (event.fromMemberId() == null) {
            return;
        }
        Optional<Member> sender = store.read(tx -> tx.members().find(event.conversationId(), event.fromMemberId()));
        String own = sender.map(m -> m.channel() == null ? null : m.channel().legId())
                .orElse(null);
        if (own == null) {
            return;
        }
        JsonNode body = Json.parse(event.bodyJson());
        String named =
                body.path("rtc_id").asText(body.path("channel").path("id").asText(own));
        if (!named.equals(own)) {
            return; // a member acts on its own call only
        }
        LegId.parse(own)
                .ifPresent(leg -> calls.audioRequested(event.conversationId(), leg, event.id(), event.type(), body));
    }

    /**
     * Most sends (no transaction id, no receipt) are checked and stored by one conditional statement:
     * the conversation is the application's and the sender a joined member. Only when that finds
     * nothing do the full checks run (in the same write transaction) to give the precise error. The
     * single writer thus spends one statement per event on PostgreSQL (three cheap in-process ones on
     * SQLite) instead of six, and the writer is what bounds append throughput.
     */
    private Sent send(Principal principal, String conversationId, Input input) {
        EventStore.Sender sender = fastSender(principal, input);
        Optional<ConversationId> id = ConversationId.parse(conversationId);
        if (sender == null
                || id.isEmpty()
                || input.transactionId() != null
                || input.to() != null // the addressee is checked by the full path
                || EventTypes.isReceipt(input.type())) {
            return store.write(tx -> stored(tx, principal, conversationId, input));
        }
        return store.write(tx -> EventWriter.appendFromJoined(
                        tx, principal.applicationId(), id.get(), sender, input.type(), input.body(), clock.nowMs())
                .map(event -> new Sent(event, true))
                .orElseGet(() -> stored(tx, principal, conversationId, input)));
    }

    /** Who sends, for the one-statement path; null when only the full checks can tell. */
    private static EventStore.Sender fastSender(Principal principal, Input input) {
        if (input.from() != null && MemberId.parse(input.from()).isEmpty()) {
            return null; // not a member id: the full checks say why
        }
        MemberId from = input.from() == null ? null : new MemberId(input.from());
        if (principal instanceof Principal.UserToken token) {
            return new EventStore.Sender(from, token.userName());
        }
        return principal instanceof Principal.Admin && from != null ? new EventStore.Sender(from, null) : null;
    }

    /** A send checked and written in one write transaction. */
    private Sent stored(Store.Tx tx, Principal principal, String conversationId, Input input) {
        Caller caller = Caller.resolve(tx, principal);
        Conversation conversation = ConversationService.find(tx, caller, conversationId);
        if (input.transactionId() != null) {
            Optional<Long> earlier =
                    tx.events().findByTransaction(conversation.id(), principal.label(), input.transactionId());
            if (earlier.isPresent()) {
                return new Sent(
                        tx.events().find(conversation.id(), earlier.get()).orElseThrow(), true);
            }
        }
        Member sender = sender(tx, caller, conversation, input.from());
        MemberId to = input.to() == null ? null : addressee(tx, conversation, input.to());
        long now = clock.nowMs();
        Event event = EventWriter.append(tx, conversation.id(), input.type(), sender, to, input.body(), now);
        if (EventTypes.isReceipt(input.type())) {
            tx.events()
                    .recordReceipt(
                            conversation.id(),
                            input.body().get("event_id").asLong(),
                            sender.id(),
                            EventTypes.receiptKind(input.type()),
                            now);
        }
        if (input.transactionId() != null) {
            tx.events()
                    .rememberTransaction(conversation.id(), principal.label(), input.transactionId(), event.id(), now);
        }
        return new Sent(event, true);
    }

    private Event ephemeral(Store.Tx tx, Principal principal, String conversationId, Input input) {
        Caller caller = Caller.resolve(tx, principal);
        Conversation conversation = ConversationService.find(tx, caller, conversationId);
        Member sender = sender(tx, caller, conversation, input.from());
        String body = input.body() == null ? "{}" : Json.write(input.body());
        return new Event(
                conversation.id(),
                0,
                0,
                input.type(),
                sender.id(),
                sender.user(),
                body == null ? "null" : body,
                clock.nowMs(),
                null);
    }

    /** The member an event is addressed to: one of the conversation's, in any state. */
    private static MemberId addressee(Store.Tx tx, Conversation conversation, String to) {
        return MemberId.parse(to)
                .flatMap(id -> tx.members().find(conversation.id(), id))
                .map(Member::id)
                .orElseThrow(() -> DomainException.Invalid.of("to", "\"to\" is not a member of this conversation"));
    }

    /** The joined member an event is sent from: a user's own, or the one an admin names. */
    private static Member sender(Store.Tx tx, Caller caller, Conversation conversation, String from) {
        Optional<Member> own = caller.member(tx, conversation.id());
        Member sender;
        if (caller.isAdmin()) {
            if (from == null) {
                throw DomainException.Invalid.of("from", "\"from\" is required");
            }
            sender = MemberId.parse(from)
                    .flatMap(id -> tx.members().find(conversation.id(), id))
                    .orElseThrow(Errors::memberNotFound);
        } else {
            Access.requireVisible(caller.principal(), own);
            sender = own.orElseThrow();
            if (from != null && !MemberId.parse(from).map(sender.id()::equals).orElse(false)) {
                throw new DomainException.Forbidden(
                        ErrorCode.EVENT_PERMISSION_DENIED, "A user may only send events from its own member.");
            }
        }
        if (!sender.state().maySend()) {
            throw new DomainException.Forbidden(
                    ErrorCode.EVENT_NOT_JOINED, "Events can only be sent by a member who has joined the conversation.");
        }
        return sender;
    }

    public Event get(Principal principal, String conversationId, long eventId) {
        return store.read(tx -> get(tx, principal, conversationId, eventId));
    }

    private static Event get(Store.Tx tx, Principal principal, String conversationId, long eventId) {
        Caller caller = Caller.resolve(tx, principal);
        Conversation conversation = ConversationService.find(tx, caller, conversationId);
        caller.requireReadable(tx, conversation);
        return tx.events()
                .find(conversation.id(), eventId)
                .filter(event -> caller.isAdmin() || visibleToUser(event, caller.userId()))
                .orElseThrow(Errors::eventNotFound);
    }

    /** Whether a user may see an event of a conversation it can read (see {@link EventTypes#SENDER_ONLY}). */
    private static boolean visibleToUser(Event event, dev.parley.domain.UserId user) {
        return !EventTypes.SENDER_ONLY.contains(event.type())
                || (event.fromUser() != null && event.fromUser().id().equals(user));
    }

    public Page<Event> list(Principal principal, String conversationId, EventFilter filter, PageRequest page) {
        return store.read(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            Conversation conversation = ConversationService.find(tx, caller, conversationId);
            caller.requireReadable(tx, conversation);
            EventFilter seen = filter.seenBy(caller.isAdmin() ? null : caller.userId());
            return Pager.read(page, slice -> tx.events().list(conversation.id(), seen, slice), e -> Key.of(e.id()));
        });
    }

    /** A page of events with the receipts (seen, delivered ...) of those on it. */
    public record StatefulPage(Page<Event> page, java.util.Map<Long, List<Receipt>> receipts) {}

    /** Like {@link #list}, plus each listed event's receipts, for the Client SDKs' message state. */
    public StatefulPage listWithReceipts(
            Principal principal, String conversationId, EventFilter filter, PageRequest page) {
        return store.read(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            Conversation conversation = ConversationService.find(tx, caller, conversationId);
            caller.requireReadable(tx, conversation);
            EventFilter seen = filter.seenBy(caller.isAdmin() ? null : caller.userId());
            Page<Event> events =
                    Pager.read(page, slice -> tx.events().list(conversation.id(), seen, slice), e -> Key.of(e.id()));
            return new StatefulPage(events, receiptsOf(tx, conversation.id(), events.items()));
        });
    }

    /** Events with the receipts (seen, delivered ...) of each. */
    public record WithReceipts(List<Event> events, java.util.Map<Long, List<Receipt>> receipts) {}

    /**
     * One offset page of events (the v0.1 API's {@code record_index} over the filter's events) with their
     * receipts.
     */
    public WithReceipts listByOffset(
            Principal principal,
            String conversationId,
            EventFilter filter,
            int recordIndex,
            int pageSize,
            boolean ascending) {
        return store.read(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            Conversation conversation = ConversationService.find(tx, caller, conversationId);
            caller.requireReadable(tx, conversation);
            EventFilter seen = filter.seenBy(caller.isAdmin() ? null : caller.userId());
            List<Event> events = tx.events()
                    .list(conversation.id(), seen, dev.parley.store.Slice.offset(ascending, recordIndex, pageSize));
            return new WithReceipts(events, receiptsOf(tx, conversation.id(), events));
        });
    }

    /** {@link #get} with the event's receipts. */
    public WithReceipts getWithReceipts(Principal principal, String conversationId, long eventId) {
        return store.read(tx -> {
            Event event = get(tx, principal, conversationId, eventId);
            return new WithReceipts(List.of(event), receiptsOf(tx, event.conversationId(), List.of(event)));
        });
    }

    private static java.util.Map<Long, List<Receipt>> receiptsOf(
            Store.Tx tx, dev.parley.domain.ConversationId conversation, List<Event> events) {
        List<Long> ids = events.stream().map(Event::id).toList();
        java.util.Map<Long, List<Receipt>> receipts = new java.util.HashMap<>();
        for (Receipt receipt : tx.events().receipts(conversation, ids)) {
            receipts.computeIfAbsent(receipt.eventId(), id -> new java.util.ArrayList<>())
                    .add(receipt);
        }
        return receipts;
    }

    /**
     * Deletes a message or custom event: the original stays listable (marked deleted) and an
     * {@code event:delete} event records the deletion. Users may delete only their own events.
     */
    public void delete(Principal principal, String conversationId, long eventId) {
        store.write(tx -> {
            Caller caller = Caller.resolve(tx, principal);
            Conversation conversation = ConversationService.find(tx, caller, conversationId);
            Optional<Member> own = caller.member(tx, conversation.id());
            Access.requireVisible(principal, own);
            Event event = tx.events().find(conversation.id(), eventId).orElseThrow(Errors::eventNotFound);
            if (!EventTypes.deletable(event.type())) {
                throw new DomainException.Rejected(
                        ErrorCode.EVENT_DELETE_NOT_ALLOWED, "Only message and custom events can be deleted.");
            }
            if (!caller.isAdmin()
                    && (event.fromUser() == null || !event.fromUser().id().equals(caller.userId()))) {
                throw new DomainException.Forbidden(
                        ErrorCode.EVENT_PERMISSION_DENIED, "A user may only delete its own events.");
            }
            if (event.deletedMs() != null) {
                return null;
            }
            long now = clock.nowMs();
            tx.events().markDeleted(conversation.id(), event.id(), now);
            ObjectNode body = Json.object().put("event_id", event.id());
            EventWriter.append(tx, conversation.id(), EventTypes.EVENT_DELETE, own.orElse(null), body, now);
            return null;
        });
    }
}
