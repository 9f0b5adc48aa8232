package dev.parley.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.domain.Application;
import dev.parley.domain.Conversation;
import dev.parley.domain.Initiator;
import dev.parley.domain.Key;
import dev.parley.domain.Media;
import dev.parley.domain.Member;
import dev.parley.domain.MemberId;
import dev.parley.domain.MemberState;
import dev.parley.domain.User;
import dev.parley.store.Slice;
import dev.parley.store.Store;
import dev.parley.store.UniqueViolation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The MemberStore contract, on the pass's database. */
class MemberStoreContractTest {
    @RegisterExtension
    static final StoreUnderTest db = new StoreUnderTest();

    private static void update(Member member) {
        db.store().write((Store.Tx tx) -> {
            tx.members().update(member);
            return null;
        });
    }

    @Test
    void a_member_round_trips_with_its_channel_media_and_initiator() {
        Application app = db.application();
        Conversation c = db.conversation(app, "round-trip");
        User u = db.user(app, "rt");
        Member m = StoreUnderTest.member(c, u, MemberState.INVITED, db.now())
                .media(new Media(true, true, false, true))
                .knockingId("knock-1")
                .invitedBy("MEM-inviting")
                .initiator(Initiator.NONE.with(MemberState.INVITED, Initiator.Who.user(u.id(), null)))
                .build();
        db.store().write((Store.Tx tx) -> {
            tx.members().insert(m);
            return null;
        });
        Member found = db.store()
                .read((Store.Tx tx) -> tx.members().find(c.id(), m.id()))
                .orElseThrow();
        assertThat(found).isEqualTo(m);
        assertThat(found.media().earmuffed()).isTrue();
        assertThat(db.store().read((Store.Tx tx) -> tx.members().find(c.id(), MemberId.next())))
                .isEmpty();
    }

    @Test
    void a_user_has_one_active_member_per_conversation_and_may_come_back_after_leaving() {
        Application app = db.application();
        Conversation c = db.conversation(app, "once");
        User u = db.user(app, "once");
        Member first = db.joined(c, u);
        assertThatThrownBy(() -> db.joined(c, u)).isInstanceOf(UniqueViolation.class);
        assertThat(db.store().read((Store.Tx tx) -> tx.members().findActive(c.id(), u.id())))
                .contains(first);

        Member left = first.withState(MemberState.LEFT, db.now(), Initiator.Who.SYSTEM);
        update(left);
        assertThat(db.store().read((Store.Tx tx) -> tx.members().findActive(c.id(), u.id())))
                .isEmpty();
        assertThat(db.store().read((Store.Tx tx) -> tx.members().findLatest(c.id(), u.id())))
                .contains(left);

        Member again = db.joined(c, u);
        assertThat(db.store().read((Store.Tx tx) -> tx.members().findActive(c.id(), u.id())))
                .contains(again);
        assertThat(db.store().read((Store.Tx tx) -> tx.members().findLatest(c.id(), u.id())))
                .contains(again);
    }

    @Test
    void counts_and_user_ids_follow_the_states() {
        Application app = db.application();
        Conversation c = db.conversation(app, "counts");
        User invited = db.user(app, "c-invited");
        User joined = db.user(app, "c-joined");
        User gone = db.user(app, "c-gone");
        Member invitedMember =
                StoreUnderTest.member(c, invited, MemberState.INVITED, db.now()).build();
        db.store().write((Store.Tx tx) -> {
            tx.members().insert(invitedMember);
            return null;
        });
        db.joined(c, joined);
        update(db.joined(c, gone).withState(MemberState.LEFT, db.now(), Initiator.Who.SYSTEM));

        assertThat(db.store().read((Store.Tx tx) -> tx.members().countActive(c.id())))
                .isEqualTo(2);
        assertThat(db.store().read((Store.Tx tx) -> tx.members().activeUserIds(c.id())))
                .containsExactlyInAnyOrder(invited.id(), joined.id());
        assertThat(db.store().read((Store.Tx tx) -> tx.members().joinedUserIds(c.id())))
                .containsExactly(joined.id());
        assertThat(db.store().read((Store.Tx tx) -> tx.members().activeForUser(gone.id())))
                .isEmpty();
        assertThat(db.store().read((Store.Tx tx) -> tx.members().activeForUser(invited.id())))
                .containsExactly(invitedMember);
    }

    @Test
    void members_list_by_creation_in_keyset_pages() {
        Application app = db.application();
        Conversation c = db.conversation(app, "pages");
        List<Member> made = List.of(
                db.joined(c, db.user(app, "p1")), db.joined(c, db.user(app, "p2")), db.joined(c, db.user(app, "p3")));
        List<Member> first = db.store().read((Store.Tx tx) -> tx.members().list(c.id(), new Slice(true, null, 2)));
        assertThat(first).containsExactly(made.get(0), made.get(1));
        Key after = new Key(first.get(1).createdMs(), first.get(1).id().value());
        assertThat(db.store().read((Store.Tx tx) -> tx.members().list(c.id(), new Slice(true, after, 2))))
                .containsExactly(made.get(2));
    }
}
