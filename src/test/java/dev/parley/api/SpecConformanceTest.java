package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.SharedServer;
import dev.parley.fixtures.SpecValidator;
import dev.parley.fixtures.TestServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A scenario over the whole v1 surface (every operation, its successes and its usual errors) whose every
 * response is validated against the public OpenAPI files by a maintained validator (Atlassian's
 * openapi-request-validator): statuses, required properties, formats and oneOf branches. A difference is
 * either fixed or listed in docs/COMPATIBILITY.md; this test fails on any other.
 */
class SpecConformanceTest {
    /** Operations Parley does not serve yet (the voice issues add them): docs/COMPATIBILITY.md. */
    @RegisterExtension
    static final SharedServer shared = SharedServer.start(Map.of("maxMembers", "5"));

    static final TestServer server = shared.server();
    static final SpecValidator spec = new SpecValidator();

    /** The admin's client, every response checked against the spec. */
    private static Checked admin() {
        return new Checked(server.admin());
    }

    private static Checked as(String user) {
        return new Checked(server.as(user));
    }

    @Test
    void every_response_of_a_scenario_over_every_operation_matches_the_spec() {
        Checked admin = admin();
        Fixtures fx = new Fixtures(server.admin());
        String alice = Fixtures.unique("alice");
        String bob = Fixtures.unique("bob");

        // Users.
        String aliceId = admin.post(
                        "/v1/users",
                        Map.of(
                                "name",
                                alice,
                                "display_name",
                                "Alice",
                                "image_url",
                                "https://example.com/a.png",
                                "properties",
                                Map.of("custom_data", Map.of("team", "blue"))))
                .json()
                .get("id")
                .asText();
        String bobId =
                admin.post("/v1/users", Map.of("name", bob)).json().get("id").asText();
        admin.post("/v1/users", Map.of("name", bob));
        admin.post("/v1/users", Map.of("name", 7));
        admin.get("/v1/users");
        Response firstPage = admin.get("/v1/users?page_size=1&order=asc");
        admin.get(firstPage.json().at("/_links/next/href").asText());
        admin.get("/v1/users?name=" + alice);
        admin.get("/v1/users?page_size=1001");
        admin.get("/v1/users/" + aliceId);
        admin.get("/v1/users/USR-00000000-0000-0000-0000-000000000000");
        admin.patch("/v1/users/" + bobId, Map.of("display_name", "Bob B"));
        admin.patch("/v1/users/" + bobId, Map.of("name", ""));
        new Checked(new Api(server.baseUrl(), null)).get("/v1/users");

        // Conversations.
        String name = Fixtures.unique("room");
        Response created = admin.post(
                "/v1/conversations",
                Map.of(
                        "name",
                        name,
                        "display_name",
                        "Room",
                        "image_url",
                        "https://example.com/r.png",
                        "properties",
                        Map.of("ttl", 3600, "custom_data", Map.of("k", "v"))));
        String c = created.json().get("id").asText();
        admin.post("/v1/conversations", Map.of("name", name));
        admin.post("/v1/conversations", Map.of("name", 3));
        admin.post("/v1/conversations", Map.of());
        admin.get("/v1/conversations");
        Response conversationsPage = admin.get("/v1/conversations?page_size=1&order=desc");
        admin.get(conversationsPage.json().at("/_links/next/href").asText());
        admin.get("/v1/conversations?date_start=2020-01-01T00:00:00Z&date_end=2100-01-01T00:00:00Z");
        admin.get("/v1/conversations?page_size=0");
        admin.get("/v1/conversations/" + c);
        admin.get("/v1/conversations/CON-00000000-0000-0000-0000-000000000000");
        admin.put("/v1/conversations/" + c, Map.of("display_name", "Room 2"));
        admin.put("/v1/conversations/" + c, Map.of("name", 5));

        // Members.
        String members = "/v1/conversations/" + c + "/members";
        String aliceMember = admin.post(
                        members,
                        Map.of("state", "joined", "user", Map.of("name", alice), "channel", Map.of("type", "app")))
                .json()
                .get("id")
                .asText();
        String bobMember = admin.post(
                        members,
                        Map.of("state", "invited", "user", Map.of("id", bobId), "channel", Map.of("type", "app")))
                .json()
                .get("id")
                .asText();
        admin.post(members, Map.of("state", "joined", "user", Map.of("name", alice), "channel", Map.of("type", "app")));
        admin.post(members, Map.of("state", "nonsense", "user", Map.of("name", alice)));
        admin.get(members);
        Response membersPage = admin.get(members + "?page_size=1&order=asc");
        admin.get(membersPage.json().at("/_links/next/href").asText());
        admin.get(members + "/" + aliceMember);
        admin.get(members + "/MEM-00000000-0000-0000-0000-000000000000");
        as(alice).get(members + "/me");
        admin.get(members + "/me");
        as(bob).patch(members + "/" + bobMember, Map.of("state", "joined"));
        admin.patch(members + "/" + aliceMember, Map.of("state", "unknown"));

        // A conversation with neither display name nor image: the events that describe it (an invite, an
        // update) and every view of it leave those out, where the spec types them string, never null.
        String plain =
                admin.post("/v1/conversations", Map.of()).json().get("id").asText();
        admin.post(
                "/v1/conversations/" + plain + "/members",
                Map.of("state", "invited", "user", Map.of("id", bobId), "channel", Map.of("type", "app")));
        admin.put("/v1/conversations/" + plain, Map.of("properties", Map.of("custom_data", Map.of("k", "v2"))));
        admin.get("/v1/conversations/" + plain);
        admin.get("/v1/conversations/" + plain + "/events");
        admin.get("/v1/users/" + bobId + "/conversations");

        // Events.
        String events = "/v1/conversations/" + c + "/events";
        admin.post(
                events,
                Map.of("type", "message", "from", aliceMember, "body", Map.of("message_type", "text", "text", "hi")));
        as(bob).post(events, Map.of("type", "message", "body", Map.of("message_type", "text", "text", "hello")));
        admin.post(
                events,
                Map.of(
                        "type",
                        "message",
                        "from",
                        aliceMember,
                        "body",
                        Map.of("message_type", "image", "image", Map.of("url", "https://example.com/i.png"))));
        admin.post(events, Map.of("type", "custom:ping", "from", aliceMember, "body", Map.of("n", 1)));
        admin.post(events, Map.of("type", "message", "from", aliceMember, "body", Map.of("message_type", "text")));
        admin.post(events, Map.of("type", "message:seen", "from", bobMember, "body", Map.of("event_id", 5)));
        admin.post(events, Map.of("type", "message:delivered", "from", bobMember, "body", Map.of("event_id", "5")));
        admin.post(events, Map.of("type", "message:seen", "from", bobMember, "body", Map.of("message_id", 5)));
        admin.get(events);
        Response eventsPage = admin.get(events + "?page_size=2&order=asc");
        admin.get(eventsPage.json().at("/_links/next/href").asText());
        admin.get(events + "?event_type=message&start_id=1&end_id=100&exclude_deleted_events=true");
        admin.get(events + "?page_size=-1");
        for (int id = 1; id <= 14; id++) {
            admin.get(events + "/" + id);
        }
        admin.get(events + "/9999");
        admin.delete(events + "/5");
        admin.delete(events + "/5");
        admin.get(events + "/5");
        admin.get(events + "?exclude_deleted_events=false");

        // A user's conversations.
        admin.get("/v1/users/" + aliceId + "/conversations");
        Response userConversations = admin.get("/v1/users/" + aliceId + "/conversations?page_size=1");
        if (userConversations.json().at("/_links/next/href").isTextual()) {
            admin.get(userConversations.json().at("/_links/next/href").asText());
        }
        admin.get("/v1/users/" + aliceId + "/conversations?state=JOINED&include_custom_data=true&order_by=created");
        as(alice).get("/v1/users/" + aliceId + "/conversations");
        as(alice).get("/v1/users/" + bobId + "/conversations");

        // Audio into the conversation and its recording: no call is in it on this node (a node without
        // SIP), bad bodies, an unknown conversation. WebSocketCallTest plays into one with a call,
        // RecordingTest records one.
        for (String kind : List.of("talk", "stream")) {
            String audio = "/v1/conversations/" + c + "/" + kind;
            admin.put(
                    audio,
                    kind.equals("talk")
                            ? Map.of("text", "Hello")
                            : Map.of("stream_url", List.of("https://example.com/a.wav")));
            admin.put(audio, Map.of("loop", "often"));
            admin.delete(audio);
            admin.put("/v1/conversations/CON-00000000-0000-4000-8000-000000000000/" + kind, Map.of("text", "x"));
        }
        String record = "/v1/conversations/" + c + "/record";
        admin.put(record, Map.of("action", "start", "split", "conversation", "format", "wav"));
        admin.put(record, Map.of("action", "rewind"));
        admin.put(record, Map.of("action", "stop"));
        admin.put("/v1/conversations/CON-00000000-0000-4000-8000-000000000000/record", Map.of("action", "start"));

        // Leaving, forbidden reads, deletes.
        admin.patch(members + "/" + bobMember, Map.of("state", "left"));
        admin.get(members + "/" + bobMember);
        admin.get(members);
        admin.get(events + "?event_type=member:left");
        as(bob).get("/v1/conversations/" + c);
        as(alice).delete("/v1/conversations/" + c);
        admin.delete("/v1/conversations/" + c);
        admin.get("/v1/conversations/" + c);
        admin.delete("/v1/users/" + bobId);
        admin.delete("/v1/users/" + bobId);
        fx.user(Fixtures.unique("carol"));

        // A device over the per-user limit (serve's default, 50/s with bursts of 100) gets a 429.
        Checked device = as(alice);
        int status = 0;
        for (int i = 0; i < 400 && status != 429; i++) {
            status = device.get("/v1/users/" + aliceId).status();
        }
        assertThat(status).isEqualTo(429);

        assertThat(spec.failures()).as(String.join("\n\n", spec.failures())).isEmpty();
        Set<String> missing = new java.util.TreeSet<>();
        spec.operations().forEach(op -> {
            if (!spec.reached().contains(op)) {
                missing.add(op.toString());
            }
        });
        assertThat(missing).as("operations the scenario never reached").isEmpty();
    }

    @Test
    void every_deliberate_difference_from_the_spec_is_documented() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("docs/COMPATIBILITY.md"));
        for (String name : SpecValidator.EXCEPTIONS) {
            assertThat(doc).as(name).contains("`" + name + "`");
        }
    }

    /** An {@link Api} whose every response goes through the validator. */
    private record Checked(Api api) {
        Response get(String path) {
            return checked("GET", path, api.get(relative(path)));
        }

        Response delete(String path) {
            return checked("DELETE", path, api.delete(relative(path)));
        }

        Response post(String path, Object body) {
            return checked("POST", path, api.post(relative(path), body));
        }

        Response put(String path, Object body) {
            return checked("PUT", path, api.put(relative(path), body));
        }

        Response patch(String path, Object body) {
            return checked("PATCH", path, api.patch(relative(path), body));
        }

        /** Links carry the public URL, which is not where the test server listens. */
        private static String relative(String path) {
            return path.startsWith("http") ? path.substring(path.indexOf("/v1/")) : path;
        }

        private static Response checked(String method, String path, Response response) {
            spec.check(method, relative(path), response);
            return response;
        }
    }
}
