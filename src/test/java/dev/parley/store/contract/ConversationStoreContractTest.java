package dev.parley.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.domain.Application;
import dev.parley.domain.Conversation;
import dev.parley.domain.EventFilter;
import dev.parley.domain.Initiator;
import dev.parley.domain.Member;
import dev.parley.domain.MemberState;
import dev.parley.domain.User;
import dev.parley.domain.UserConversation;
import dev.parley.store.ConversationStore;
import dev.parley.store.EventStore;
import dev.parley.store.Slice;
import dev.parley.store.Store;
import dev.parley.store.UniqueViolation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ConversationStore contract, on the pass's database. */
class ConversationStoreContractTest {
    @RegisterExtension
    static final StoreUnderTest db = new StoreUnderTest();

    @Test
    void a_conversation_is_found_within_its_application_only_and_names_are_unique_there() {
        Application app = db.application();
        Conversation c = db.conversation(app, "lobby");
        assertThat(db.store().read((Store.Tx tx) -> tx.conversations().find(app.id(), c.id())))
                .contains(c);
        assertThat(db.store().read((Store.Tx tx) -> tx.conversations().findByName(app.id(), "lobby")))
                .contains(c);
        Application other = db.application();
        assertThat(db.store().read((Store.Tx tx) -> tx.conversations().find(other.id(), c.id())))
                .isEmpty();
        assertThatThrownBy(() -> db.conversation(app, "lobby")).isInstanceOf(UniqueViolation.class);
        db.conversation(other, "lobby");
    }

    @Test
    void an_update_replaces_the_mutable_fields_and_keeps_names_unique() {
        Application app = db.application();
        Conversation c = db.conversation(app, "before");
        db.conversation(app, "taken");
        Conversation renamed = c.toBuilder()
                .name("after")
                .displayName("Shown")
                .imageUrl("https://img.test/a.png")
                .propertiesJson("{\"custom_data\":{}}")
                .updatedMs(db.now())
                .build();
        db.store().write((Store.Tx tx) -> {
            tx.conversations().update(renamed);
            return null;
        });
        assertThat(db.store().read((Store.Tx tx) -> tx.conversations().find(app.id(), c.id())))
                .contains(renamed);
        Conversation clash = c.toBuilder().name("taken").updatedMs(db.now()).build();
        assertThatThrownBy(() -> db.store().write((Store.Tx tx) -> {
                    tx.conversations().update(clash);
                    return null;
                }))
                .isInstanceOf(UniqueViolation.class);
    }

    @Test
    void next_event_ids_are_consecutive_and_carry_the_webhook_targets() {
        Application app = db.application();
        Conversation c = db.conversation(app, "ids");
        List<ConversationStore.NextEvent> taken = db.store()
                .write((Store.Tx tx) -> List.of(
                        tx.conversations().nextEvent(c.id()),
                        tx.conversations().nextEvent(c.id()),
                        tx.conversations().nextEvent(c.id())));
        assertThat(taken).extracting(ConversationStore.NextEvent::id).containsExactly(1L, 2L, 3L);
        assertThat(taken.get(0).targets().applicationId()).isEqualTo(app.id());
        assertThat(taken.get(0).targets().eventUrl()).isEqualTo(app.eventUrl());
        assertThat(db.store()
                        .read((Store.Tx tx) -> tx.conversations().find(app.id(), c.id()))
                        .orElseThrow()
                        .sequenceNumber())
                .isEqualTo(3);
    }

    @Test
    void delete_removes_the_conversation_with_its_members_and_events() {
        Application app = db.application();
        Conversation c = db.conversation(app, "doomed");
        User u = db.user(app, "doomed-user");
        Member m = db.joined(c, u);
        db.store()
                .write((Store.Tx tx) -> tx.events()
                        .append(
                                new EventStore.NewEvent(c.id(), "custom:x", m, "{}", db.now()),
                                tx.conversations().nextEvent(c.id()).id()));
        db.store().write((Store.Tx tx) -> {
            tx.conversations().delete(c.id());
            return null;
        });
        assertThat(db.store().read((Store.Tx tx) -> tx.conversations().find(app.id(), c.id())))
                .isEmpty();
        assertThat(db.store().read((Store.Tx tx) -> tx.members().find(c.id(), m.id())))
                .isEmpty();
        assertThat(db.store()
                        .read((Store.Tx tx) -> tx.events()
                                .list(c.id(), new EventFilter(null, null, null, false), new Slice(true, null, 10))))
                .isEmpty();
        db.conversation(app, "doomed"); // the name is free again
    }

    @Test
    void lists_show_what_a_user_is_a_member_of() {
        Application app = db.application();
        User u = db.user(app, "lister");
        Conversation mine = db.conversation(app, "mine");
        Conversation left = db.conversation(app, "left");
        Conversation notMine = db.conversation(app, "not-mine");
        Member joined = db.joined(mine, u);
        Member gone = db.joined(left, u).withState(MemberState.LEFT, db.now(), Initiator.Who.SYSTEM);
        db.store().write((Store.Tx tx) -> {
            tx.members().update(gone);
            return null;
        });
        Slice all = new Slice(true, null, 10);
        assertThat(db.store().read((Store.Tx tx) -> tx.conversations().list(app.id(), null, null, null, all)))
                .extracting(Conversation::id)
                .containsExactly(mine.id(), left.id(), notMine.id());
        assertThat(db.store().read((Store.Tx tx) -> tx.conversations().list(app.id(), null, null, u.id(), all)))
                .extracting(Conversation::id)
                .containsExactly(mine.id());
        assertThat(db.store()
                        .read((Store.Tx tx) -> tx.conversations().list(app.id(), left.createdMs(), null, null, all)))
                .extracting(Conversation::id)
                .containsExactly(left.id(), notMine.id());
        List<UserConversation> joinedOnes =
                db.store().read((Store.Tx tx) -> tx.conversations().listForUser(u.id(), MemberState.JOINED, null, all));
        assertThat(joinedOnes).hasSize(1);
        assertThat(joinedOnes.get(0).memberId()).isEqualTo(joined.id());
        assertThat(db.store()
                        .read((Store.Tx tx) -> tx.conversations().listForUser(u.id(), MemberState.LEFT, null, all)))
                .extracting(uc -> uc.conversation().id())
                .containsExactly(left.id());
    }
}
