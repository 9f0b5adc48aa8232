package dev.parley.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.domain.Application;
import dev.parley.domain.Conversation;
import dev.parley.domain.Event;
import dev.parley.domain.EventFilter;
import dev.parley.domain.Initiator;
import dev.parley.domain.Member;
import dev.parley.domain.MemberState;
import dev.parley.domain.Receipt;
import dev.parley.domain.User;
import dev.parley.store.EventStore;
import dev.parley.store.Slice;
import dev.parley.store.Store;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The EventStore contract, on the pass's database (the append paths have their own property test). */
class EventStoreContractTest {
    @RegisterExtension
    static final StoreUnderTest db = new StoreUnderTest();

    private static Event append(Conversation c, Member from, String type) {
        return db.store()
                .write((Store.Tx tx) -> tx.events()
                        .append(
                                new EventStore.NewEvent(c.id(), type, from, "{\"n\":1}", db.now()),
                                tx.conversations().nextEvent(c.id()).id()));
    }

    private static List<Event> list(Conversation c, EventFilter filter) {
        return db.store().read((Store.Tx tx) -> tx.events().list(c.id(), filter, new Slice(true, null, 100)));
    }

    @Test
    void appended_events_are_found_listed_filtered_and_marked_deleted() {
        Application app = db.application();
        Conversation c = db.conversation(app, "events");
        Member m = db.joined(c, db.user(app, "e1"));
        Event text = append(c, m, "message");
        Event custom = append(c, m, "custom:ping");
        Event system = append(c, null, "conversation:updated");
        assertThat(List.of(text.id(), custom.id(), system.id())).containsExactly(1L, 2L, 3L);
        assertThat(text.position()).isLessThan(custom.position());
        assertThat(db.store().read((Store.Tx tx) -> tx.events().find(c.id(), 2)))
                .contains(custom);
        assertThat(db.store().read((Store.Tx tx) -> tx.events().latestPosition()))
                .isGreaterThanOrEqualTo(system.position());

        assertThat(list(c, new EventFilter(null, null, Set.of("message"), false)))
                .containsExactly(text);
        assertThat(list(c, new EventFilter(null, null, Set.of(), Set.of("custom:"), false)))
                .containsExactly(custom);
        assertThat(list(c, new EventFilter(2L, 3L, null, false))).containsExactly(custom, system);

        db.store().write((Store.Tx tx) -> {
            tx.events().markDeleted(c.id(), 1, db.now());
            return null;
        });
        assertThat(db.store()
                        .read((Store.Tx tx) -> tx.events().find(c.id(), 1))
                        .orElseThrow()
                        .deletedMs())
                .isNotNull();
        assertThat(list(c, new EventFilter(null, null, null, true))).containsExactly(custom, system);
        assertThat(db.store().read((Store.Tx tx) -> tx.events().afterPosition(text.position(), 10)))
                .extracting(Event::id)
                .containsExactly(2L, 3L);
    }

    @Test
    void an_answer_to_one_members_offer_is_listed_and_replayed_to_its_user_only() {
        Application app = db.application();
        Conversation c = db.conversation(app, "private");
        User offerer = db.user(app, "private-offerer");
        User other = db.user(app, "private-other");
        Member offering = db.joined(c, offerer);
        db.joined(c, other);
        long before = db.store().read((Store.Tx tx) -> tx.events().latestPosition());
        Event answer = append(c, offering, "rtc:answer");
        Event media = append(c, offering, "member:media");
        EventFilter all = new EventFilter(null, null, null, false);

        assertThat(list(c, all)).containsExactly(answer, media);
        assertThat(list(c, all.seenBy(offerer.id()))).containsExactly(answer, media);
        assertThat(list(c, all.seenBy(other.id()))).containsExactly(media);
        long upTo = media.position();
        assertThat(db.store().read((Store.Tx tx) -> tx.events().missedBy(offerer.id(), before, upTo, 10)))
                .containsExactly(answer, media);
        assertThat(db.store().read((Store.Tx tx) -> tx.events().missedBy(other.id(), before, upTo, 10)))
                .containsExactly(media);
    }

    @Test
    void an_append_from_a_sender_is_stored_only_for_a_joined_member_of_the_application() {
        Application app = db.application();
        Conversation c = db.conversation(app, "checked");
        User joinedUser = db.user(app, "checked-joined");
        User invitedUser = db.user(app, "checked-invited");
        Member joined = db.joined(c, joinedUser);
        Member invited = StoreUnderTest.member(c, invitedUser, MemberState.INVITED, db.now())
                .build();
        db.store().write((Store.Tx tx) -> {
            tx.members().insert(invited);
            return null;
        });
        Optional<EventStore.Appended> stored = db.store()
                .write((Store.Tx tx) -> tx.events()
                        .appendFromJoined(
                                app.id(),
                                c.id(),
                                new EventStore.Sender(null, "checked-joined"),
                                "message",
                                "{}",
                                db.now()));
        assertThat(stored).isPresent();
        assertThat(stored.get().event().fromMemberId()).isEqualTo(joined.id());
        assertThat(stored.get().targets().applicationId()).isEqualTo(app.id());

        for (EventStore.Sender refused : List.of(
                new EventStore.Sender(null, "checked-invited"),
                new EventStore.Sender(invited.id(), null),
                new EventStore.Sender(joined.id(), "checked-invited"))) {
            assertThat(db.store()
                            .write((Store.Tx tx) ->
                                    tx.events().appendFromJoined(app.id(), c.id(), refused, "message", "{}", db.now())))
                    .as("%s", refused)
                    .isEmpty();
        }
        String otherApplication = db.application().id();
        assertThat(db.store()
                        .write((Store.Tx tx) -> tx.events()
                                .appendFromJoined(
                                        otherApplication,
                                        c.id(),
                                        new EventStore.Sender(joined.id(), null),
                                        "message",
                                        "{}",
                                        db.now())))
                .as("another application's conversation")
                .isEmpty();
        assertThat(list(c, new EventFilter(null, null, null, false))).hasSize(1);
    }

    @Test
    void receipts_and_transaction_ids_are_recorded_once() {
        Application app = db.application();
        Conversation c = db.conversation(app, "receipts");
        Member m = db.joined(c, db.user(app, "r1"));
        Event e = append(c, m, "message");
        for (int i = 0; i < 2; i++) {
            db.store().write((Store.Tx tx) -> {
                tx.events().recordReceipt(c.id(), e.id(), m.id(), "seen", db.now());
                return null;
            });
        }
        assertThat(db.store().read((Store.Tx tx) -> tx.events().receipts(c.id(), List.of(e.id()))))
                .extracting(Receipt::memberId, Receipt::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(m.id(), "seen"));

        assertThat(db.store().read((Store.Tx tx) -> tx.events().findByTransaction(c.id(), "admin", "t-1")))
                .isEmpty();
        db.store().write((Store.Tx tx) -> {
            tx.events().rememberTransaction(c.id(), "admin", "t-1", e.id(), db.now());
            return null;
        });
        assertThat(db.store().read((Store.Tx tx) -> tx.events().findByTransaction(c.id(), "admin", "t-1")))
                .contains(e.id());
        assertThat(db.store().read((Store.Tx tx) -> tx.events().findByTransaction(c.id(), "user:x", "t-1")))
                .isEmpty();
    }

    @Test
    void missed_events_are_those_of_the_users_memberships_only() {
        Application app = db.application();
        Conversation c = db.conversation(app, "missed");
        User u = db.user(app, "m1");
        Member other = db.joined(c, db.user(app, "m2"));
        Event before = append(c, other, "message");
        Member mine = db.joined(c, u);
        Event during = append(c, other, "message");
        db.store().write((Store.Tx tx) -> {
            tx.members().recordPositions(mine.id(), during.position(), null);
            return null;
        });
        Member left = mine.withState(MemberState.LEFT, db.now(), Initiator.Who.SYSTEM);
        Event leaving = append(c, other, "message");
        db.store().write((Store.Tx tx) -> {
            tx.members().update(left);
            tx.members().recordPositions(mine.id(), null, leaving.position());
            return null;
        });
        Event after = append(c, other, "message");
        assertThat(db.store().read((Store.Tx tx) -> tx.events().missedBy(u.id(), 0, after.position(), 100)))
                .extracting(Event::id)
                .containsExactly(during.id(), leaving.id())
                .doesNotContain(before.id(), after.id());
    }
}
