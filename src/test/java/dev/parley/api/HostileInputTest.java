package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input of every kind gets a Vonage error body and never a 5xx. */
class HostileInputTest {
    static TestServer server;
    static Api admin;
    static String conversation;
    static String member;
    static String user;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = server.admin();
        Fixtures fx = new Fixtures(admin);
        user = Fixtures.unique("hostile");
        fx.user(user);
        conversation = fx.conversation();
        member = fx.joined(conversation, user);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static final List<String> BODIES = List.of(
            "null",
            "\"text\"",
            "123",
            "[]",
            "{}",
            "{\"name\":null}",
            "{\"name\":{\"a\":1}}",
            "{\"name\":\"\"}",
            "{\"state\":123}",
            "{\"state\":\"joined\",\"user\":\"x\",\"channel\":[]}",
            "{\"state\":\"joined\",\"user\":{\"id\":7},\"channel\":{\"type\":7}}",
            "{\"type\":\"message\",\"body\":null}",
            "{\"type\":\"message\",\"from\":123,\"body\":{}}",
            "{\"type\":7}",
            "{\"type\":\"custom:x\",\"from\":\"MEM-nope\",\"body\":[1]}",
            "{\"properties\":{\"ttl\":\"x\",\"custom_data\":5}}",
            "{\"properties\":{\"ttl\":1e400}}",
            "{\"image_url\":\"javascript:alert(1)\"}",
            "{\"callback\":{\"url\":5,\"event_mask\":[]}}",
            "{\"display_name\":\"\\u0000\\ud800\"}",
            "{\"state\":\"left\",\"reason\":\"nope\"}",
            "{\"channels\":[1,2]}",
            "{\"name\":\"" + "n".repeat(5000) + "\"}",
            "[".repeat(5000) + "]".repeat(5000),
            "{\"a\":",
            "\u00ff\u00fe garbage");

    @Test
    void hostile_bodies_on_every_write_endpoint_get_4xx_vonage_errors() {
        String c = "/v1/conversations/" + conversation;
        List<String[]> targets = List.of(
                new String[] {"POST", "/v1/conversations"},
                new String[] {"PUT", c},
                new String[] {"POST", c + "/members"},
                new String[] {"PATCH", c + "/members/" + member},
                new String[] {"POST", c + "/events"},
                new String[] {"POST", "/v1/users"},
                new String[] {"PATCH", "/v1/users/" + user});
        List<String> failures = new ArrayList<>();
        for (String[] target : targets) {
            for (String body : BODIES) {
                Response r = admin.send(target[0], target[1], body, "application/json");
                check(r, target[0] + " " + target[1] + " " + abbreviate(body), failures);
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void hostile_paths_and_queries_get_4xx_vonage_errors() {
        String c = "/v1/conversations/" + conversation;
        List<String> paths = List.of(
                "/v1/conversations/%00",
                "/v1/users/nul%00name",
                "/v1/users?name=a%00b",
                "/v1/conversations/" + "x".repeat(3000),
                "/v1/conversations/CON-%27%3B--",
                c + "/events/-1",
                c + "/events/99999999999999999999999",
                c + "/events/abc",
                c + "/events?start_id=99999999999999999999999",
                c + "/events?event_type=%00",
                c + "/events?event_type=,,,,,,,,",
                c + "/events?exclude_deleted_events=maybe",
                c + "/events?cursor=AAAA",
                c + "/events?cursor=" + "A".repeat(4000),
                c + "/members/MEM-%00",
                "/v1/conversations?date_start=2020-02-30",
                "/v1/conversations?page_size=-5&order=%00",
                "/v1/users/%00/conversations?state=%00&order_by=%00",
                "/v1/users?name=" + "n".repeat(2000),
                "/v1/../v1/conversations",
                "/v1//conversations");
        List<String> failures = new ArrayList<>();
        for (String path : paths) {
            check(admin.get(path), "GET " + abbreviate(path), failures);
            check(admin.delete(path), "DELETE " + abbreviate(path), failures);
        }
        assertThat(failures).isEmpty();
    }

    private static void check(Response r, String what, List<String> failures) {
        if (r.status() >= 500) {
            failures.add(what + " -> " + r);
            return;
        }
        if (r.status() >= 400) {
            JsonNode body = r.json();
            for (String field : List.of("title", "type", "code", "detail", "instance")) {
                if (!body.hasNonNull(field)) {
                    failures.add(what + " -> missing " + field + ": " + r);
                }
            }
            if (r.text().contains("Exception") || r.text().contains("\tat ")) {
                failures.add(what + " -> leaks a stack trace: " + r);
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }

    @Test
    void accept_star_star_and_chunked_bodies_are_fine() {
        Response r = admin.header("Accept", "*/*").get("/v1/conversations/" + conversation);
        assertThat(r.status()).isEqualTo(200);
        Map<String, Object> ok = Map.of("name", Fixtures.unique("chunked"));
        assertThat(admin.header("Accept", "*/*").post("/v1/conversations", ok).status())
                .isEqualTo(201);
    }
}
