package dev.parley.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.auth.Acl;
import dev.parley.auth.Principal;
import dev.parley.domain.Channel;
import dev.parley.domain.Clock;
import dev.parley.domain.DomainException;
import dev.parley.domain.Event;
import dev.parley.domain.EventFilter;
import dev.parley.domain.Member;
import dev.parley.domain.MemberState;
import dev.parley.domain.ResourceId;
import dev.parley.fixtures.TestDatabase;
import dev.parley.service.ApplicationService;
import dev.parley.service.ConversationService;
import dev.parley.service.EventService;
import dev.parley.service.MemberService;
import dev.parley.service.Notifier;
import dev.parley.service.PageRequest;
import dev.parley.service.UserService;
import dev.parley.store.jdbi.AppendMode;
import dev.parley.store.jdbi.JdbiStore;
import dev.parley.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The append fast path against the step-by-step reference (jqwik): random sequences of invites,
 * joins, leaves, renames, deletes and sends (as the user, as an admin naming the member, from another
 * member, with a transaction id, a receipt) run through two stores: one storing sent events the fastest
 * way (SQLite's cached writer, PostgreSQL's one statement), one step by step. Every outcome (event id
 * and type, or error code) and every conversation's resulting event log must be identical. Runs on the
 * database of the build's pass (SQLite, then PostgreSQL).
 */
class AppendPathPropertiesTest {
    private static final List<String> USERS = List.of("ann", "bob", "cid");
    private static final int CONVERSATIONS = 2;

    private static Side fast;
    private static Side reference;
    private static int tries;

    @BeforeContainer
    static void open() throws Exception {
        fast = Side.open(AppendMode.FASTEST);
        reference = Side.open(AppendMode.STEP_BY_STEP);
    }

    @AfterContainer
    static void close() {
        fast.close();
        reference.close();
    }

    sealed interface Op {}

    record Invite(int user, int conversation) implements Op {}

    record Join(int user, int conversation) implements Op {}

    record Leave(int user, int conversation) implements Op {}

    record Rename(int conversation, String name) implements Op {}

    record DeleteConversation(int conversation) implements Op {}

    /**
     * {@code times} sends in a row (runs of sends are what the cache serves); {@code how}: 0 as the user,
     * 1 as an admin naming the member, 2 naming another's member, 3 with a transaction id.
     */
    record Send(int user, int conversation, int how, String text, int times) implements Op {}

    record Seen(int user, int conversation, long eventId) implements Op {}

    record DeleteEvent(int user, int conversation, long eventId) implements Op {}

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<Integer> user = Arbitraries.integers().between(0, USERS.size() - 1);
        Arbitrary<Integer> conv = Arbitraries.integers().between(0, CONVERSATIONS - 1);
        Arbitrary<Long> eventId = Arbitraries.longs().between(1, 12);
        Arbitrary<String> text = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Combinators.combine(user, conv).as(Invite::new)),
                net.jqwik.api.Tuple.of(6, Combinators.combine(user, conv).as(Join::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(user, conv).as(Leave::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(conv, text).as(Rename::new)),
                net.jqwik.api.Tuple.of(1, conv.map(DeleteConversation::new)),
                net.jqwik.api.Tuple.of(
                        12,
                        Combinators.combine(
                                        user,
                                        conv,
                                        Arbitraries.frequency(
                                                net.jqwik.api.Tuple.of(6, 0),
                                                net.jqwik.api.Tuple.of(3, 1),
                                                net.jqwik.api.Tuple.of(1, 2),
                                                net.jqwik.api.Tuple.of(1, 3)),
                                        text,
                                        Arbitraries.integers().between(1, 6))
                                .as(Send::new)),
                net.jqwik.api.Tuple.of(
                        1, Combinators.combine(user, conv, eventId).as(Seen::new)),
                net.jqwik.api.Tuple.of(
                        1, Combinators.combine(user, conv, eventId).as(DeleteEvent::new)));
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 80)
    void fast_path_and_step_by_step_agree(@ForAll("sequences") List<Op> ops) {
        int run = ++tries;
        Side.Run a = fast.begin(run);
        Side.Run b = reference.begin(run);
        for (Op op : ops) {
            assertThat(a.apply(op)).as("outcome of %s", op).isEqualTo(b.apply(op));
        }
        assertThat(a.logs()).isEqualTo(b.logs());
    }

    /** One store and the services over it, as a node wires them. */
    private record Side(
            JdbiStore store,
            String jdbcUrl,
            Principal.Admin admin,
            ConversationService conversations,
            MemberService members,
            EventService events,
            UserService users) {

        static Side open(AppendMode mode) throws Exception {
            String url = TestDatabase.postgres()
                    ? TestDatabase.createPostgres()
                    : "jdbc:sqlite:"
                            + Files.createTempDirectory("parley-append").resolve("parley.db");
            JdbiStore store = JdbiStore.open(url, 4, (position, deliveries) -> {}, mode);
            Clock clock = Clock.SYSTEM;
            var app = new ApplicationService(store, clock).create("append-paths", null, null);
            MemberService members = new MemberService(store, clock, 100);
            return new Side(
                    store,
                    url,
                    new Principal.Admin(app.application().id(), Acl.allowAll(), Long.MAX_VALUE),
                    new ConversationService(store, clock),
                    members,
                    new EventService(store, clock, Notifier.NONE),
                    new UserService(store, clock, members));
        }

        void close() {
            store.close();
            if (TestDatabase.postgres()) {
                TestDatabase.dropPostgres(jdbcUrl);
            } else {
                Path.of(jdbcUrl.substring("jdbc:sqlite:".length())).toFile().delete();
            }
        }

        Run begin(int run) {
            List<String> conversationIds = new ArrayList<>();
            for (int c = 0; c < CONVERSATIONS; c++) {
                conversationIds.add(conversations
                        .create(
                                admin,
                                new ConversationService.Input(
                                        "r" + run + "c" + c, null, false, null, false, null, null, null))
                        .id()
                        .value());
            }
            List<String> names = new ArrayList<>();
            for (String user : USERS) {
                String name = user + run;
                users.create(admin, new UserService.Input(name, null, false, null, false, null, null));
                names.add(name);
            }
            return new Run(this, conversationIds, names);
        }

        /** One try's conversations and users, and the member ids this side handed out. */
        private static final class Run {
            private final Side side;
            private final List<String> conversationIds;
            private final List<String> userNames;
            private final Map<String, String> memberIds = new HashMap<>();
            /** Ids as this side issued them, numbered by first appearance so both sides compare. */
            private final Map<String, String> aliases = new LinkedHashMap<>();

            Run(Side side, List<String> conversationIds, List<String> userNames) {
                this.side = side;
                this.conversationIds = conversationIds;
                this.userNames = userNames;
            }

            private Principal user(int u) {
                return new Principal.UserToken(
                        side.admin.applicationId(), userNames.get(u), Acl.allowAll(), Long.MAX_VALUE);
            }

            private String member(int u, int c) {
                return memberIds.getOrDefault(u + "/" + c, "MEM-00000000-0000-0000-0000-000000000000");
            }

            String apply(Op op) {
                return outcome(() -> switch (op) {
                    case Invite i -> remember(i.user(), i.conversation(), memberInput(i.user(), MemberState.INVITED));
                    case Join j ->
                        memberIds.containsKey(j.user() + "/" + j.conversation())
                                ? change(j.user(), j.conversation(), MemberState.JOINED)
                                : remember(j.user(), j.conversation(), memberInput(j.user(), MemberState.JOINED));
                    case Leave l -> change(l.user(), l.conversation(), MemberState.LEFT);
                    case Rename r ->
                        side.conversations
                                .replace(
                                        side.admin,
                                        conversationIds.get(r.conversation()),
                                        new ConversationService.Input(
                                                null, r.name(), false, null, false, null, null, null))
                                .displayName();
                    case DeleteConversation d -> {
                        side.conversations.delete(side.admin, conversationIds.get(d.conversation()));
                        yield "deleted";
                    }
                    case Send s -> send(s);
                    case Seen s ->
                        event(side.events.create(
                                user(s.user()),
                                conversationIds.get(s.conversation()),
                                new EventService.Input(
                                        "message:seen", null, Json.object().put("event_id", s.eventId()), null)));
                    case DeleteEvent d -> {
                        side.events.delete(user(d.user()), conversationIds.get(d.conversation()), d.eventId());
                        yield "deleted " + d.eventId();
                    }
                });
            }

            private MemberService.Input memberInput(int u, MemberState state) {
                return new MemberService.Input(
                        state,
                        null,
                        userNames.get(u),
                        new Channel(Channel.APP, null, "{\"type\":\"app\"}"),
                        null,
                        null,
                        null);
            }

            private String remember(int u, int c, MemberService.Input input) {
                Member m = side.members.create(side.admin, conversationIds.get(c), input);
                memberIds.put(u + "/" + c, m.id().value());
                return "member " + alias(m.id().value()) + " " + m.state();
            }

            private String change(int u, int c, MemberState state) {
                Member m = side.members.update(
                        side.admin, conversationIds.get(c), member(u, c), new MemberService.Change(state, null));
                return "member " + alias(m.id().value()) + " " + m.state();
            }

            private String send(Send s) {
                List<String> outcomes = new ArrayList<>();
                for (int i = 0; i < s.times(); i++) {
                    outcomes.add(outcome(() -> sendOnce(s)));
                }
                return outcomes.toString();
            }

            private String sendOnce(Send s) {
                String conversation = conversationIds.get(s.conversation());
                var body = Json.object().put("message_type", "text").put("text", s.text());
                EventService.Input input = switch (s.how()) {
                    case 0 -> new EventService.Input("message", null, body, null);
                    case 1 -> new EventService.Input("message", member(s.user(), s.conversation()), body, null);
                    case 2 ->
                        new EventService.Input(
                                "message", member((s.user() + 1) % USERS.size(), s.conversation()), body, null);
                    default -> new EventService.Input("message", null, body, "t-" + s.text());
                };
                Principal who = s.how() == 1 ? side.admin : user(s.user());
                return event(side.events.create(who, conversation, input));
            }

            private String event(EventService.Sent sent) {
                return describe(sent.event());
            }

            private String describe(Event e) {
                String from = e.fromUser() == null ? "-" : e.fromUser().name();
                return e.id() + " " + e.type() + " from " + alias(ResourceId.valueOf(e.fromMemberId())) + "/" + from
                        + " " + normalised(e.bodyJson()) + (e.deletedMs() == null ? "" : " deleted");
            }

            /** Every conversation's full event log (or the error reading it). */
            List<String> logs() {
                List<String> logs = new ArrayList<>();
                for (String id : conversationIds) {
                    logs.add(outcome(() -> side
                            .events
                            .list(
                                    side.admin,
                                    id,
                                    new EventFilter(null, null, null, false),
                                    PageRequest.first(true, 100))
                            .items()
                            .stream()
                            .map(this::describe)
                            .toList()
                            .toString()));
                }
                return logs;
            }

            private static final Pattern IDS = Pattern.compile("(CON|MEM|USR)-[0-9a-f-]{36}");
            private static final Pattern TIMES = Pattern.compile("\"\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z\"|\\d{13}");

            /** Ids numbered by first appearance, timestamps blanked: what both sides must agree on. */
            private String normalised(String json) {
                Matcher m = IDS.matcher(json);
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    m.appendReplacement(out, alias(m.group()));
                }
                m.appendTail(out);
                return TIMES.matcher(out).replaceAll("T");
            }

            private String alias(String id) {
                return id == null ? "-" : aliases.computeIfAbsent(id, k -> "#" + aliases.size());
            }

            private static String outcome(Supplier<String> action) {
                try {
                    return action.get();
                } catch (DomainException e) {
                    return "error " + e.status() + " " + e.code();
                }
            }
        }
    }
}
