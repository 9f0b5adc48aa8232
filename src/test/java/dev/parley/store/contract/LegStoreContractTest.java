package dev.parley.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.domain.Application;
import dev.parley.domain.ConversationId;
import dev.parley.domain.Leg;
import dev.parley.domain.LegFilter;
import dev.parley.domain.LegId;
import dev.parley.domain.LegStatus;
import dev.parley.store.Store;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The LegStore contract, on the pass's database. */
class LegStoreContractTest {
    @RegisterExtension
    static final StoreUnderTest db = new StoreUnderTest();

    private static Leg leg(Application app, ConversationId conversation) {
        Leg leg = Leg.started(
                LegId.next(),
                app.id(),
                conversation,
                "sip",
                Leg.Direction.INBOUND,
                "{\"type\":\"sip\",\"uri\":\"sip:alice@127.0.0.1\"}",
                "{\"type\":\"sip\",\"uri\":\"sip:room@parley\"}",
                "https://app.test/events",
                "POST",
                db.now());
        db.store().write((Store.Tx tx) -> {
            tx.legs().insert(leg);
            return null;
        });
        return leg;
    }

    private static Leg update(Leg leg) {
        db.store().write((Store.Tx tx) -> {
            tx.legs().update(leg);
            return null;
        });
        return leg;
    }

    @Test
    void a_leg_round_trips_with_its_history_within_its_application_only() {
        Application app = db.application();
        Leg leg = leg(app, ConversationId.next());
        assertThat(db.store().read((Store.Tx tx) -> tx.legs().find(app.id(), leg.id())))
                .contains(leg);
        assertThat(db.store()
                        .read((Store.Tx tx) -> tx.legs().find(db.application().id(), leg.id())))
                .isEmpty();

        Leg answered = update(leg.moveTo(LegStatus.RINGING, db.now()).moveTo(LegStatus.ANSWERED, db.now()));
        Leg completed = update(answered.moveTo(LegStatus.COMPLETED, db.now()));
        assertThat(db.store().read((Store.Tx tx) -> tx.legs().find(app.id(), leg.id())))
                .contains(completed);
        assertThat(completed.history()).hasSize(4);
    }

    @Test
    void legs_list_by_creation_in_offset_pages_with_every_filter() {
        Application app = db.application();
        ConversationId room = ConversationId.next();
        Leg first = leg(app, room);
        Leg second = update(leg(app, ConversationId.next()).moveTo(LegStatus.BUSY, db.now()));
        Leg third = leg(app, room);
        leg(db.application(), room); // another application's leg never shows

        LegFilter all = new LegFilter(null, null, null, null);
        assertThat(db.store().read((Store.Tx tx) -> tx.legs().list(app.id(), all, 0, 2, true)))
                .containsExactly(first, second);
        assertThat(db.store().read((Store.Tx tx) -> tx.legs().list(app.id(), all, 2, 2, true)))
                .containsExactly(third);
        assertThat(db.store().read((Store.Tx tx) -> tx.legs().list(app.id(), all, 0, 10, false)))
                .containsExactly(third, second, first);
        assertThat(db.store().read((Store.Tx tx) -> tx.legs().count(app.id(), all)))
                .isEqualTo(3);

        LegFilter busy = new LegFilter(LegStatus.BUSY, null, null, null);
        assertThat(db.store().read((Store.Tx tx) -> tx.legs().list(app.id(), busy, 0, 10, true)))
                .containsExactly(second);
        LegFilter inRoom = new LegFilter(null, null, null, room);
        assertThat(db.store().read((Store.Tx tx) -> tx.legs().list(app.id(), inRoom, 0, 10, true)))
                .containsExactly(first, third);
        LegFilter window = new LegFilter(null, second.createdMs(), third.createdMs(), null);
        assertThat(db.store().read((Store.Tx tx) -> tx.legs().list(app.id(), window, 0, 10, true)))
                .containsExactly(second);
        assertThat(db.store().read((Store.Tx tx) -> tx.legs().count(app.id(), window)))
                .isEqualTo(1);
        assertThat(List.of(first, second, third)).extracting(Leg::channelType).containsOnly("sip");
    }
}
