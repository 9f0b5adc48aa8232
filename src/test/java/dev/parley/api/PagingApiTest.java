package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Json;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.TestServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PagingApiTest {
    static TestServer server;
    static Api admin;
    static Fixtures fx;
    static String conversation;
    static String member;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("publicUrl", "https://chat.example.com/"));
        admin = server.admin();
        fx = new Fixtures(admin);
        String user = Fixtures.unique("pager");
        fx.user(user);
        conversation = fx.conversation();
        member = fx.joined(conversation, user);
        for (int i = 0; i < 11; i++) {
            fx.text(conversation, member, "m" + i);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String local(String href) {
        return href.replace("https://chat.example.com", "");
    }

    private static List<String> walk(String firstPath, String direction) {
        List<String> ids = new ArrayList<>();
        Response page = admin.get(firstPath);
        while (true) {
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            ids.addAll(Json.each(page.json().get("_embedded"), "id"));
            JsonNode link = page.json().at("/_links/" + direction + "/href");
            if (link.isMissingNode()) {
                return ids;
            }
            page = admin.get(local(link.asText()));
        }
    }

    @Test
    void events_page_forward_and_back_over_several_pages_in_both_orders() {
        String base = "/v1/conversations/" + conversation + "/events";
        List<String> asc = walk(base + "?page_size=5", "next");
        assertThat(asc).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
        List<String> desc = walk(base + "?page_size=5&order=DESC", "next");
        List<String> reversed = new ArrayList<>(asc);
        Collections.reverse(reversed);
        assertThat(desc).isEqualTo(reversed);

        Response last = admin.get(base + "?page_size=5");
        last = admin.get(local(last.json().at("/_links/next/href").asText()));
        last = admin.get(local(last.json().at("/_links/next/href").asText()));
        assertThat(Json.each(last.json().get("_embedded"), "id")).containsExactly("11", "12");
        assertThat(last.json().at("/_links/next").isMissingNode()).isTrue();
        List<String> backwards = new ArrayList<>();
        Response page = last;
        while (!page.json().at("/_links/prev").isMissingNode()) {
            page = admin.get(local(page.json().at("/_links/prev/href").asText()));
            backwards.addAll(0, Json.each(page.json().get("_embedded"), "id"));
        }
        assertThat(backwards).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    }

    @Test
    void links_are_absolute_from_the_public_url_with_the_cursor_last() {
        Response r = admin.get("/v1/conversations/" + conversation + "/events?page_size=2&event_type=message");
        JsonNode links = r.json().get("_links");
        String base = "https://chat.example.com/v1/conversations/" + conversation + "/events";
        assertThat(links.at("/first/href").asText()).isEqualTo(base + "?event_type=message&order=asc&page_size=2");
        assertThat(links.at("/self/href").asText())
                .isEqualTo(links.at("/first/href").asText());
        assertThat(links.at("/next/href").asText())
                .startsWith(base + "?event_type=message&order=asc&page_size=2&cursor=");
        assertThat(links.at("/next/href").asText()).matches(".*cursor=[A-Za-z0-9_-]+$");
        assertThat(links.at("/prev").isMissingNode()).isTrue();
        JsonNode second = admin.get(local(links.at("/next/href").asText())).json();
        assertThat(second.at("/_links/self/href").asText())
                .isEqualTo(links.at("/next/href").asText());
        assertThat(second.at("/_links/prev/href").asText()).contains("cursor=");
    }

    @Test
    void a_tampered_cursor_or_one_from_another_query_is_rejected() {
        String base = "/v1/conversations/" + conversation + "/events";
        String next = local(
                admin.get(base + "?page_size=2").json().at("/_links/next/href").asText());
        String cursor = next.substring(next.indexOf("cursor=") + 7);
        char flipped = cursor.charAt(5) == 'A' ? 'B' : 'A';
        String tampered = cursor.substring(0, 5) + flipped + cursor.substring(6);
        Response forged = admin.get(base + "?page_size=2&cursor=" + tampered);
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.code()).isEqualTo("paginator-builder:error:invalid-cursor");
        Response otherFilter = admin.get(base + "?page_size=2&event_type=message&cursor=" + cursor);
        assertThat(otherFilter.code()).isEqualTo("paginator-builder:error:invalid-cursor");
        Response otherOrder = admin.get(base + "?page_size=2&order=desc&cursor=" + cursor);
        assertThat(otherOrder.code()).isEqualTo("paginator-builder:error:invalid-cursor");
        Response otherPath = admin.get("/v1/conversations?page_size=2&cursor=" + cursor);
        assertThat(otherPath.code()).isEqualTo("paginator-builder:error:invalid-cursor");
        assertThat(admin.get(base + "?cursor=%25%25not-base64").status()).isEqualTo(400);
    }

    @Test
    void page_size_and_order_are_validated() {
        String base = "/v1/conversations/" + conversation + "/events";
        Response word = admin.get(base + "?page_size=abc");
        assertThat(word.json().at("/invalid_parameters/0/reason").asText()).isEqualTo("\"page_size\" must be a number");
        assertThat(admin.get(base + "?page_size=101").status()).isEqualTo(400);
        assertThat(admin.get(base + "?page_size=0").status()).isEqualTo(400);
        assertThat(admin.get(base + "?page_size=100").status()).isEqualTo(200);
        assertThat(admin.get(base + "?order=sideways")
                        .json()
                        .at("/invalid_parameters/0/reason")
                        .asText())
                .isEqualTo("\"order\" must be one of [asc, desc]");
        Response both = admin.get(base + "?page_size=abc&order=sideways");
        assertThat(Json.each(both.json().get("invalid_parameters"), "name")).containsExactly("page_size", "order");
    }

    @Test
    void conversations_page_with_links_both_ways() {
        for (int i = 0; i < 3; i++) {
            fx.conversation();
        }
        Response first = admin.get("/v1/conversations?page_size=2&order=desc");
        assertThat(first.json().get("page_size").asInt()).isEqualTo(2);
        assertThat(first.json().at("/_embedded/conversations")).hasSize(2);
        assertThat(first.json().at("/_links/first/href").asText())
                .isEqualTo("https://chat.example.com/v1/conversations?order=desc&page_size=2");
        Response second = admin.get(local(first.json().at("/_links/next/href").asText()));
        Response back = admin.get(local(second.json().at("/_links/prev/href").asText()));
        assertThat(Json.each(back.json().at("/_embedded/conversations"), "id"))
                .isEqualTo(Json.each(first.json().at("/_embedded/conversations"), "id"));
    }
}
