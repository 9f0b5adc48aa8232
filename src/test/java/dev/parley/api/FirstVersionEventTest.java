package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.SharedServer;
import dev.parley.fixtures.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The events of the API's first versions under {@code /beta} and {@code /v0.1}: the era's curl event
 * ({@code {"type":"text","from":...}} with no body), the legacy types, a bare-array list with {@code
 * href} and {@code state} (receipts), filters, one event, and {@code {}} for a delete.
 */
class FirstVersionEventTest {
    @RegisterExtension
    static final SharedServer shared = SharedServer.start();

    static final TestServer server = shared.server();
    static final Api admin = shared.admin();
    static final Fixtures fx = shared.fixtures();

    @Test
    void the_eras_events_are_sent_listed_read_and_deleted_on_both_prefixes() {
        for (String prefix : List.of("/beta", "/v0.1")) {
            String alice = Fixtures.unique("alice");
            String bob = Fixtures.unique("bob");
            fx.user(alice);
            fx.user(bob);
            String conversation = fx.conversation();
            String aliceMember = fx.joined(conversation, alice);
            String bobMember = fx.joined(conversation, bob);
            String events = prefix + "/conversations/" + conversation + "/events";

            Response bare = admin.post(events, Map.of("type", "text", "from", aliceMember));
            assertThat(bare.status()).as(prefix + " " + bare.text()).isEqualTo(201);
            long bareId = bare.json().path("id").asLong();
            assertThat(bare.json().path("timestamp").asText()).isNotEmpty();
            assertThat(bare.json().path("href").asText()).isEqualTo(server.baseUrl() + events + "/" + bareId);

            long text = admin.post(events, Map.of("type", "text", "from", aliceMember, "body", Map.of("text", "hi")))
                    .json()
                    .path("id")
                    .asLong();
            Response seen = admin.post(
                    events, Map.of("type", "text:seen", "from", bobMember, "body", Map.of("event_id", text)));
            assertThat(seen.status()).isEqualTo(201);

            Response list = admin.get(events + "?event_type=text");
            assertThat(list.json().isArray()).as("a bare array").isTrue();
            List<Long> ids = new ArrayList<>();
            list.json().forEach(e -> ids.add(e.path("id").asLong()));
            assertThat(ids).containsExactly(bareId, text);
            JsonNode hi = list.json().get(1);
            assertThat(hi.path("type").asText()).isEqualTo("text");
            assertThat(hi.path("from").asText()).isEqualTo(aliceMember);
            assertThat(hi.path("body").path("text").asText()).isEqualTo("hi");
            assertThat(hi.path("href").asText()).isEqualTo(server.baseUrl() + events + "/" + text);
            assertThat(hi.path("state").path("seen_by").has(bobMember))
                    .as("the receipt as the event's state")
                    .isTrue();

            JsonNode one = admin.get(events + "/" + text).json();
            assertThat(one.path("id").asLong()).isEqualTo(text);
            assertThat(one.path("href").asText()).isEqualTo(hi.path("href").asText());

            JsonNode after = admin.get(events + "?start_id=" + text).json();
            assertThat(after.get(0).path("id").asLong()).isEqualTo(text);
            assertThat(admin.get(events + "?page_size=1&record_index=1")
                            .json()
                            .get(0)
                            .path("id")
                            .asLong())
                    .as("the second event")
                    .isEqualTo(admin.get(events).json().get(1).path("id").asLong());

            Response deleted = server.as(alice).delete(events + "/" + text);
            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.json().size()).isZero();

            long addressed = admin.post(
                            events,
                            Map.of(
                                    "type",
                                    "text",
                                    "from",
                                    aliceMember,
                                    "to",
                                    bobMember,
                                    "body",
                                    Map.of("text", "psst")))
                    .json()
                    .path("id")
                    .asLong();
            assertThat(admin.get(events + "/" + addressed).json().path("to").asText())
                    .as("the member it was addressed to")
                    .isEqualTo(bobMember);
            Response stranger = admin.post(
                    events,
                    Map.of("type", "text", "from", aliceMember, "to", "MEM-00000000-0000-0000-0000-000000000000"));
            assertThat(stranger.status()).isEqualTo(400);
            assertThat(stranger.json()
                            .path("invalid_parameters")
                            .get(0)
                            .path("name")
                            .asText())
                    .isEqualTo("to");

            Response message = admin.post(events, Map.of("type", "message", "from", aliceMember));
            assertThat(message.status()).as("a v1 message is its body").isEqualTo(400);

            Response missing = admin.get(events + "/99999");
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.json().path("description").asText())
                    .isEqualTo(missing.json().path("detail").asText());
        }
    }
}
