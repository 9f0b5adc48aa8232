package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Json;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.SharedServer;
import dev.parley.fixtures.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventApiTest {
    @RegisterExtension
    static final SharedServer shared = SharedServer.start();

    static final TestServer server = shared.server();
    static final Api admin = shared.admin();
    static final Fixtures fx = shared.fixtures();

    /** A conversation with one joined member of a new user; returns {conversation, member, user}. */
    private static String[] joined() {
        String user = Fixtures.unique("ev");
        fx.user(user);
        String c = fx.conversation();
        return new String[] {c, fx.joined(c, user), user};
    }

    private static String events(String c) {
        return "/v1/conversations/" + c + "/events";
    }

    @Test
    void a_message_gets_the_next_id_and_the_v1_shape() {
        String[] j = joined();
        Response r = admin.post(
                events(j[0]),
                Map.of("type", "message", "from", j[1], "body", Map.of("message_type", "text", "text", "Hello World")));
        assertThat(r.status()).isEqualTo(201);
        JsonNode e = r.json();
        assertThat(e.get("id").asInt()).isEqualTo(2);
        assertThat(e.get("type").asText()).isEqualTo("message");
        assertThat(e.get("from").asText()).isEqualTo(j[1]);
        assertThat(e.at("/body/text").asText()).isEqualTo("Hello World");
        assertThat(e.get("timestamp").asText()).endsWith("Z");
        assertThat(e.at("/_embedded/from_user/name").asText()).isEqualTo(j[2]);
        assertThat(e.at("/_embedded/from_member/id").asText()).isEqualTo(j[1]);
        assertThat(e.at("/_links/self/href").asText()).isEqualTo(server.baseUrl() + events(j[0]) + "/2");
        assertThat(admin.get("/v1/conversations/" + j[0])
                        .json()
                        .get("sequence_number")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void message_bodies_are_validated_by_message_type() {
        String[] j = joined();
        Response noType =
                admin.post(events(j[0]), Map.of("type", "message", "from", j[1], "body", Map.of("text", "x")));
        assertThat(noType.status()).isEqualTo(400);
        assertThat(noType.json().at("/invalid_parameters/0/name").asText()).isEqualTo("body.message_type");
        Response badType = admin.post(
                events(j[0]), Map.of("type", "message", "from", j[1], "body", Map.of("message_type", "hologram")));
        assertThat(badType.status()).isEqualTo(400);
        Response imageWithoutUrl = admin.post(
                events(j[0]),
                Map.of("type", "message", "from", j[1], "body", Map.of("message_type", "image", "image", Map.of())));
        assertThat(imageWithoutUrl.json().at("/invalid_parameters/0/name").asText())
                .isEqualTo("body.image.url");
        Response image = admin.post(
                events(j[0]),
                Map.of(
                        "type",
                        "message",
                        "from",
                        j[1],
                        "body",
                        Map.of("message_type", "image", "image", Map.of("url", "https://example.com/a.png"))));
        assertThat(image.status()).isEqualTo(201);
        Response systemType = admin.post(events(j[0]), Map.of("type", "member:joined", "from", j[1], "body", Map.of()));
        assertThat(systemType.status()).isEqualTo(400);
        assertThat(systemType.json().at("/invalid_parameters/0/name").asText()).isEqualTo("type");
    }

    @Test
    void custom_events_take_any_body_and_ephemeral_events_are_not_stored() {
        String[] j = joined();
        Response custom = admin.post(
                events(j[0]), Map.of("type", "custom:my_event", "from", j[1], "body", Map.of("my", "Custom Data")));
        assertThat(custom.status()).isEqualTo(201);
        assertThat(custom.json().at("/body/my").asText()).isEqualTo("Custom Data");
        Response ephemeral =
                admin.post(events(j[0]), Map.of("type", "ephemeral", "from", j[1], "body", Map.of("typing", true)));
        assertThat(ephemeral.status()).isEqualTo(200);
        assertThat(ephemeral.json().has("id")).isFalse();
        List<String> types = Json.each(admin.get(events(j[0])).json().get("_embedded"), "type");
        assertThat(types).containsExactly("member:joined", "custom:my_event");
        assertThat(admin.get("/v1/conversations/" + j[0])
                        .json()
                        .get("sequence_number")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void events_come_only_from_joined_members() {
        String user = Fixtures.unique("inv");
        fx.user(user);
        String c = fx.conversation();
        String invited = fx.member(c, user, "invited");
        Response fromInvited = admin.post(
                events(c),
                Map.of("type", "message", "from", invited, "body", Map.of("message_type", "text", "text", "x")));
        assertThat(fromInvited.status()).isEqualTo(403);
        assertThat(fromInvited.code()).isEqualTo("event:error:not-joined");
        Response asInvitedUser = server.as(user)
                .post(events(c), Map.of("type", "message", "body", Map.of("message_type", "text", "text", "x")));
        assertThat(asInvitedUser.code()).isEqualTo("event:error:not-joined");
        Response noFrom = admin.post(events(c), Map.of("type", "custom:x", "body", Map.of()));
        assertThat(noFrom.status()).isEqualTo(400);
        assertThat(noFrom.json().at("/invalid_parameters/0/name").asText()).isEqualTo("from");
    }

    @Test
    void refused_sends_leave_no_trace() {
        String[] j = joined();
        String otherUser = Fixtures.unique("ev");
        fx.user(otherUser);
        String other = fx.joined(j[0], otherUser);
        long before = sequenceNumber(j[0]);
        Response notOwn = server.as(j[2])
                .post(
                        events(j[0]),
                        Map.of("type", "message", "from", other, "body", Map.of("message_type", "text", "text", "x")));
        assertThat(notOwn.status()).isEqualTo(403);
        assertThat(notOwn.code()).isEqualTo("event:error:permission-denied");
        Response unknownMember = admin.post(
                events(j[0]),
                Map.of(
                        "type",
                        "message",
                        "from",
                        "MEM-00000000-0000-0000-0000-000000000000",
                        "body",
                        Map.of("message_type", "text", "text", "x")));
        assertThat(unknownMember.status()).isEqualTo(404);
        assertThat(admin.patch("/v1/conversations/" + j[0] + "/members/" + other, Map.of("state", "left"))
                        .status())
                .isEqualTo(200);
        long afterLeave = sequenceNumber(j[0]);
        Response fromLeft = admin.post(
                events(j[0]),
                Map.of("type", "message", "from", other, "body", Map.of("message_type", "text", "text", "x")));
        assertThat(fromLeft.status()).isEqualTo(403);
        Response asLeftUser = server.as(otherUser)
                .post(events(j[0]), Map.of("type", "message", "body", Map.of("message_type", "text", "text", "x")));
        assertThat(asLeftUser.status()).isIn(403, 404);
        assertThat(afterLeave).isEqualTo(before + 1); // only the member:left event
        assertThat(sequenceNumber(j[0])).isEqualTo(afterLeave);
        assertThat(fx.text(j[0], j[1], "still fine")).isEqualTo(afterLeave + 1);
    }

    /**
     * On SQLite the writer remembers joined senders and conversations between sends (AppendCache):
     * every change to them must be seen by the next send, whoever sends it.
     */
    @Test
    void a_sender_remembered_by_the_writer_is_checked_again_after_every_change() {
        String[] j = joined();
        String c = j[0];
        String member = j[1];
        String user = j[2];
        Map<String, Object> text = Map.of("message_type", "text", "text", "hi");
        assertThat(server.as(user)
                        .post(events(c), Map.of("type", "message", "body", text))
                        .status())
                .isEqualTo(201);
        assertThat(admin.post(events(c), Map.of("type", "message", "from", member, "body", text))
                        .status())
                .isEqualTo(201);

        // The user's new display name is on the next event it sends (as answered, and so as pushed
        // and sent to webhooks, which carry the event as stored, not read back).
        assertThat(admin.patch("/v1/users/" + userId(user), Map.of("display_name", "Renamed"))
                        .status())
                .isEqualTo(200);
        Response renamed = server.as(user).post(events(c), Map.of("type", "message", "body", text));
        assertThat(renamed.status()).isEqualTo(201);
        assertThat(renamed.json().at("/_embedded/from_user/display_name").asText())
                .isEqualTo("Renamed");

        // A member who left sends nothing more, by either path; the ids stay gapless.
        assertThat(admin.patch("/v1/conversations/" + c + "/members/" + member, Map.of("state", "left"))
                        .status())
                .isEqualTo(200);
        long afterLeave = sequenceNumber(c);
        assertThat(admin.post(events(c), Map.of("type", "message", "from", member, "body", text))
                        .status())
                .isEqualTo(403);
        assertThat(server.as(user)
                        .post(events(c), Map.of("type", "message", "body", text))
                        .status())
                .isIn(403, 404);
        assertThat(sequenceNumber(c)).isEqualTo(afterLeave);

        // Joined again (a new member): sends go on from the next id.
        String again = fx.joined(c, user);
        long rejoined = sequenceNumber(c);
        assertThat(fx.text(c, again, "back")).isEqualTo(rejoined + 1);

        // A deleted conversation takes no more events.
        assertThat(admin.delete("/v1/conversations/" + c).status()).isEqualTo(204);
        assertThat(admin.post(events(c), Map.of("type", "message", "from", again, "body", text))
                        .status())
                .isEqualTo(404);
    }

    private static String userId(String name) {
        return admin.get("/v1/users?name=" + name)
                .json()
                .at("/_embedded/users/0/id")
                .asText();
    }

    private static long sequenceNumber(String conversation) {
        return admin.get("/v1/conversations/" + conversation)
                .json()
                .get("sequence_number")
                .asLong();
    }

    @Test
    void a_user_token_sends_from_its_own_member_by_default() {
        String[] j = joined();
        Response r = server.as(j[2])
                .post(events(j[0]), Map.of("type", "message", "body", Map.of("message_type", "text", "text", "mine")));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("from").asText()).isEqualTo(j[1]);
    }

    @Test
    void list_filters_by_range_type_and_deletion() {
        String[] j = joined();
        long m1 = fx.text(j[0], j[1], "one");
        long m2 = fx.text(j[0], j[1], "two");
        admin.post(events(j[0]), Map.of("type", "custom:thing", "from", j[1], "body", Map.of()));
        long m3 = fx.text(j[0], j[1], "three");
        JsonNode range = admin.get(events(j[0]) + "?start_id=" + m2 + "&end_id=" + m3)
                .json()
                .get("_embedded");
        assertThat(Json.each(range, "id"))
                .containsExactly(String.valueOf(m2), String.valueOf(m2 + 1), String.valueOf(m3));
        JsonNode messages =
                admin.get(events(j[0]) + "?event_type=message&order=asc").json().get("_embedded");
        assertThat(Json.each(messages, "type")).containsExactly("message", "message", "message");
        JsonNode two = admin.get(events(j[0]) + "?event_type=message,custom:thing")
                .json()
                .get("_embedded");
        assertThat(two).hasSize(4);
        // Without messages the filter reads the type index (which leaves messages out).
        JsonNode others = admin.get(events(j[0]) + "?event_type=custom:thing,member:joined&order=asc")
                .json()
                .get("_embedded");
        assertThat(Json.each(others, "type")).containsExactly("member:joined", "custom:thing");
        JsonNode custom =
                admin.get(events(j[0]) + "?event_type=custom:thing").json().get("_embedded");
        assertThat(Json.each(custom, "id")).containsExactly(String.valueOf(m2 + 1));
        Response six = admin.get(events(j[0]) + "?event_type=a,b,c,d,e,f");
        assertThat(six.status()).isEqualTo(400);
        assertThat(six.json().at("/invalid_parameters/0/name").asText()).isEqualTo("event_type");
        assertThat(admin.delete(events(j[0]) + "/" + m1).status()).isEqualTo(204);
        JsonNode all = admin.get(events(j[0]) + "?page_size=100").json().get("_embedded");
        assertThat(Json.each(all, "id")).contains(String.valueOf(m1));
        JsonNode deleteEvent = all.get(all.size() - 1);
        assertThat(deleteEvent.get("type").asText()).isEqualTo("event:delete");
        assertThat(deleteEvent.at("/body/event_id").asLong()).isEqualTo(m1);
        JsonNode kept = admin.get(events(j[0]) + "?page_size=100&exclude_deleted_events=true")
                .json()
                .get("_embedded");
        assertThat(Json.each(kept, "id")).doesNotContain(String.valueOf(m1));
        Response badStart = admin.get(events(j[0]) + "?start_id=abc");
        assertThat(badStart.status()).isEqualTo(400);
    }

    @Test
    void only_messages_and_custom_events_can_be_deleted() {
        String[] j = joined();
        Response r = admin.delete(events(j[0]) + "/1");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("event:error:delete-not-allowed");
        Response missing = admin.get(events(j[0]) + "/999999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.code()).isEqualTo("event:error:not-found");
        assertThat(missing.json().get("detail").asText()).isEqualTo("Event does not exist, or you do not have access.");
    }

    @Test
    void users_delete_only_their_own_events() {
        String[] j = joined();
        String other = Fixtures.unique("other");
        fx.user(other);
        String otherMember = fx.joined(j[0], other);
        long mine = fx.text(j[0], j[1], "mine");
        long theirs = fx.text(j[0], otherMember, "theirs");
        assertThat(server.as(j[2]).delete(events(j[0]) + "/" + theirs).status()).isEqualTo(403);
        assertThat(server.as(j[2]).delete(events(j[0]) + "/" + mine).status()).isEqualTo(204);
    }

    @Test
    void a_retried_create_with_the_same_transaction_id_returns_the_first_event() {
        String[] j = joined();
        Api withKey = admin.header("Idempotency-Key", "txn-" + j[0]);
        Map<String, Object> body =
                Map.of("type", "message", "from", j[1], "body", Map.of("message_type", "text", "text", "once"));
        Response first = withKey.post(events(j[0]), body);
        Response retry = withKey.post(events(j[0]), body);
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().get("id").asLong())
                .isEqualTo(first.json().get("id").asLong());
        assertThat(admin.get(events(j[0]) + "?event_type=message").json().get("_embedded"))
                .hasSize(1);
    }

    @Test
    void a_receipt_names_its_message_by_number_or_digits_and_v1_shows_a_string() {
        String[] j = joined();
        long message = fx.text(j[0], j[1], "read me");
        Response asNumber = admin.post(
                events(j[0]), Map.of("type", "message:delivered", "from", j[1], "body", Map.of("event_id", message)));
        Response asDigits = admin.post(
                events(j[0]),
                Map.of("type", "message:seen", "from", j[1], "body", Map.of("event_id", Long.toString(message))));
        Response asWords = admin.post(
                events(j[0]), Map.of("type", "message:seen", "from", j[1], "body", Map.of("event_id", "five")));
        assertThat(asNumber.status()).as(asNumber.toString()).isEqualTo(201);
        assertThat(asDigits.status()).as(asDigits.toString()).isEqualTo(201);
        assertThat(asWords.status()).isEqualTo(400);
        assertThat(asWords.json().at("/invalid_parameters/0/name").asText()).isEqualTo("body.event_id");
        for (Response r : List.of(asNumber, asDigits)) {
            JsonNode stored =
                    admin.get(events(j[0]) + "/" + r.json().get("id").asLong()).json();
            assertThat(stored.at("/body/event_id").isTextual()).isTrue();
            assertThat(stored.at("/body/event_id").asText()).isEqualTo(Long.toString(message));
        }
    }

    @Test
    void fifty_concurrent_senders_get_gapless_ids() throws Exception {
        String[] j = joined();
        int senders = 50;
        int each = 4;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Callable<List<Long>>> tasks = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            tasks.add(() -> {
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    ids.add(fx.text(j[0], j[1], sender + "-" + i));
                }
                return ids;
            });
        }
        List<Long> ids = new ArrayList<>();
        for (Future<List<Long>> f : pool.invokeAll(tasks)) {
            ids.addAll(f.get());
        }
        pool.shutdown();
        assertThat(ids).hasSize(senders * each).doesNotHaveDuplicates();
        long total = senders * each + 1;
        assertThat(ids)
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(2, total).boxed().toList());
        assertThat(admin.get("/v1/conversations/" + j[0])
                        .json()
                        .get("sequence_number")
                        .asLong())
                .isEqualTo(total);
    }
}
