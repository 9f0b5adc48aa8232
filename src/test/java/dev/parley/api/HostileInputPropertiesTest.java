package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.fixtures.Api;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based hostile input (jqwik): malformed, oversized, wrongly typed, deeply nested, non-UTF-8
 * and injection-shaped input at every endpoint and parameter. Each answer must be a 4xx in the Vonage
 * error format, never a 5xx, and nothing stored may change (a fingerprint of the data is compared
 * after every try).
 */
class HostileInputPropertiesTest {
    private static TestServer server;
    private static Api admin;
    private static String conversation;
    private static String member;
    private static String userId;
    private static long event;
    private static String fingerprint;

    @BeforeContainer
    static void start() {
        server = TestServer.start(Map.of("maxBodyBytes", "16384"));
        admin = server.admin();
        Fixtures fx = new Fixtures(admin);
        String user = Fixtures.unique("prop");
        userId = fx.user(user);
        conversation = fx.conversation();
        member = fx.joined(conversation, user);
        event = fx.text(conversation, member, "before");
        fingerprint = fingerprint();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    /** Every route with a body, as method and path. */
    private static final List<String[]> WRITES = List.of(
            new String[] {"POST", "/v1/conversations"},
            new String[] {"PUT", "/v1/conversations/{c}"},
            new String[] {"POST", "/v1/conversations/{c}/members"},
            new String[] {"PATCH", "/v1/conversations/{c}/members/{m}"},
            new String[] {"POST", "/v1/conversations/{c}/events"},
            new String[] {"POST", "/v1/users"},
            new String[] {"PATCH", "/v1/users/{u}"},
            new String[] {"POST", "/v0.3/conversations"},
            new String[] {"PUT", "/v0.3/conversations/{c}"},
            new String[] {"POST", "/v0.3/conversations/{c}/members"},
            new String[] {"PATCH", "/v0.3/conversations/{c}/members/{m}"},
            new String[] {"POST", "/v0.3/conversations/{c}/events"},
            new String[] {"POST", "/beta/conversations"},
            new String[] {"POST", "/beta/conversations/{c}/events"},
            new String[] {"POST", "/beta2/conversations/{c}/events"});

    /** Every route, as method and path, for hostile path segments and query values. */
    private static final List<String[]> ROUTES = List.of(
            new String[] {"GET", "/v1/conversations/{c}"},
            new String[] {"PUT", "/v1/conversations/{c}"},
            new String[] {"DELETE", "/v1/conversations/{c}"},
            new String[] {"GET", "/v1/conversations/{c}/members"},
            new String[] {"GET", "/v1/conversations/{c}/members/{m}"},
            new String[] {"PATCH", "/v1/conversations/{c}/members/{m}"},
            new String[] {"GET", "/v1/conversations/{c}/events"},
            new String[] {"POST", "/v1/conversations/{c}/events"},
            new String[] {"GET", "/v1/conversations/{c}/events/{e}"},
            new String[] {"DELETE", "/v1/conversations/{c}/events/{e}"},
            new String[] {"GET", "/v1/users/{u}"},
            new String[] {"PATCH", "/v1/users/{u}"},
            new String[] {"DELETE", "/v1/users/{u}"},
            new String[] {"GET", "/v1/users/{u}/conversations"},
            new String[] {"GET", "/v0.3/users/{u}/sessions"},
            new String[] {"PUT", "/v0.2/sessions/{s}"},
            new String[] {"GET", "/beta/conversations/{c}"},
            new String[] {"DELETE", "/beta/conversations/{c}/members/{m}"},
            new String[] {"GET", "/beta2/conversations/{c}/events"});

    /** Listing routes and their query parameters. */
    private static final List<String[]> QUERIES = List.of(
            new String[] {"/v1/conversations", "page_size"},
            new String[] {"/v1/conversations", "order"},
            new String[] {"/v1/conversations", "cursor"},
            new String[] {"/v1/conversations", "date_start"},
            new String[] {"/v1/conversations/{c}/events", "page_size"},
            new String[] {"/v1/conversations/{c}/events", "cursor"},
            new String[] {"/v1/conversations/{c}/events", "start_id"},
            new String[] {"/v1/conversations/{c}/events", "end_id"},
            new String[] {"/v1/conversations/{c}/events", "event_type"},
            new String[] {"/v1/conversations/{c}/events", "order"},
            new String[] {"/v1/conversations/{c}/members", "page_size"},
            new String[] {"/v1/conversations/{c}/members", "cursor"},
            new String[] {"/v1/users", "page_size"},
            new String[] {"/v1/users", "cursor"},
            new String[] {"/v1/users", "order"},
            new String[] {"/v1/users/{u}/conversations", "state"},
            new String[] {"/v1/users/{u}/conversations", "page_size"});

    @Property(tries = 60)
    void malformed_bodies_are_refused(@ForAll("writes") String[] route, @ForAll("malformed") String body) {
        Response r = admin.send(route[0], path(route[1]), body, "application/json");
        assertRefused(r, route[0] + " " + route[1] + " <- " + abbreviate(body));
    }

    /** Each write route's fields: those holding text, and those holding objects. */
    private static final Map<String, List<String>> TEXT_FIELDS = Map.of(
            "/conversations", List.of("name", "display_name", "image_url"),
            "/members", List.of("state", "knocking_id"),
            "/members/{m}", List.of("state"),
            "/events", List.of("type", "from"),
            "/users", List.of("name", "display_name", "image_url"),
            "/users/{u}", List.of("name", "display_name", "image_url"));

    private static final Map<String, List<String>> OBJECT_FIELDS = Map.of(
            "/conversations", List.of("properties", "callback"),
            "/members", List.of("user", "channel", "media"),
            "/members/{m}", List.of(),
            "/events", List.of("body"),
            "/users", List.of("properties", "channels"),
            "/users/{u}", List.of("properties", "channels"));

    private static String fieldsKey(String path) {
        String p = path.replace("/conversations/{c}", "").replaceFirst("^/(v1|v0\\.3|beta2?)", "");
        return p.isEmpty() || p.equals("/conversations") ? "/conversations" : p;
    }

    @Property(tries = 80)
    void wrongly_typed_fields_are_refused(
            @ForAll("writes") String[] route,
            @ForAll("textFieldValues") String notText,
            @ForAll("objectFieldValues") String notObject,
            @ForAll("indexes") int pick) {
        String key = fieldsKey(route[1]);
        List<String> text = TEXT_FIELDS.getOrDefault(key, List.of());
        List<String> objects = OBJECT_FIELDS.getOrDefault(key, List.of());
        List<String> all = new java.util.ArrayList<>(text);
        all.addAll(objects);
        if (all.isEmpty()) {
            return;
        }
        String field = all.get(pick % all.size());
        String value = text.contains(field) ? notText : notObject;
        String body = "{\"" + field + "\":" + value + "}";
        Response r = admin.send(route[0], path(route[1]), body, "application/json");
        assertRefused(r, route[0] + " " + route[1] + " <- " + abbreviate(body));
    }

    @Property(tries = 20)
    void deeply_nested_bodies_are_refused(@ForAll("writes") String[] route, @ForAll("depths") int depth) {
        String body = "{\"body\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        Api api = admin.expectingContinue(); // the deepest bodies are also too large (413)
        assertRefused(api.send(route[0], path(route[1]), body, "application/json"), route[1] + " nested arrays");
        assertRefused(api.send(route[0], path(route[1]), objects, "application/json"), route[1] + " nested objects");
    }

    @Property(tries = 20)
    void oversized_bodies_are_refused(@ForAll("writes") String[] route, @ForAll("oversize") int size) {
        String body = "{\"name\":\"" + "x".repeat(size) + "\"}";
        Response r = admin.expectingContinue().send(route[0], path(route[1]), body, "application/json");
        assertRefused(r, route[1] + " " + size + " bytes");
    }

    @Property(tries = 30)
    void bodies_that_are_not_utf8_are_refused(@ForAll("writes") String[] route, @ForAll("notUtf8") byte[] body) {
        Response r = admin.sendBytes(route[0], path(route[1]), body, "application/json");
        assertRefused(r, route[0] + " " + route[1] + " <- non-UTF-8");
    }

    @Property(tries = 80)
    void hostile_path_segments_are_refused(@ForAll("routes") String[] route, @ForAll("hostile") String segment) {
        // Replace one id of the path by the hostile text (URL-encoded, as a client would send it).
        String encoded = URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
        String template = route[1];
        String placeholder = template.contains("{e}")
                ? "{e}"
                : template.contains("{m}")
                        ? "{m}"
                        : template.contains("{s}") ? "{s}" : template.contains("{u}") ? "{u}" : "{c}";
        String path = path(template.replace(placeholder, encoded));
        Response r = admin.send(
                route[0], path, route[0].equals("GET") || route[0].equals("DELETE") ? null : "{}", "application/json");
        assertRefused(r, route[0] + " " + path);
    }

    @Property(tries = 80)
    void hostile_query_values_are_refused(@ForAll("queries") String[] query, @ForAll("hostile") String value) {
        String path = path(query[0]) + "?" + query[1] + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
        Response r = admin.get(path);
        assertRefused(r, "GET " + path);
    }

    @net.jqwik.api.Example
    void control_characters_are_not_trimmed_away() {
        // Found by the query property: "\u0001" was trimmed to nothing and the filter ignored (200).
        for (String query : List.of("event_type=%01", "page_size=%0110", "order=%01asc", "start_id=%015")) {
            String path = path("/v1/conversations/{c}/events") + "?" + query;
            assertRefused(admin.get(path), "GET " + path);
        }
    }

    private static void assertRefused(Response r, String what) {
        assertThat(r.status()).as(what + " -> " + r.text()).isBetween(400, 499);
        JsonNode error = r.json();
        assertThat(error.path("title").asText()).as(what).isNotBlank();
        assertThat(error.path("type").asText()).as(what).isNotBlank();
        assertThat(error.path("code").asText()).as(what).isNotBlank();
        assertThat(error.path("detail").asText()).as(what).isNotBlank();
        assertThat(error.path("instance").asText()).as(what).isNotBlank();
        if (r.status() == 400 && error.path("code").asText().equals("http:error:validation-fail")) {
            assertThat(error.has("invalid_parameters")).as(what).isTrue();
        }
        assertThat(fingerprint()).as("stored data after " + what).isEqualTo(fingerprint);
    }

    /** What is stored: conversations, users, the conversation's members and events. */
    private static String fingerprint() {
        return admin.get("/v1/conversations?page_size=100").text()
                + admin.get("/v1/users?page_size=100").text()
                + admin.get("/v1/conversations/" + conversation + "/members?page_size=100")
                        .text()
                + admin.get("/v1/conversations/" + conversation + "/events?page_size=100")
                        .text()
                + admin.get("/v1/users/" + userId).text();
    }

    private static String path(String template) {
        return template.replace("{c}", conversation)
                .replace("{m}", member)
                .replace("{e}", Long.toString(event))
                .replace("{u}", userId)
                .replace("{s}", "SES-00000000-0000-0000-0000-000000000000");
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    @Provide
    Arbitrary<String[]> writes() {
        return Arbitraries.of(WRITES);
    }

    @Provide
    Arbitrary<String[]> routes() {
        return Arbitraries.of(ROUTES);
    }

    @Provide
    Arbitrary<String[]> queries() {
        return Arbitraries.of(QUERIES);
    }

    @Provide
    Arbitrary<String> malformed() {
        Arbitrary<String> truncated = Arbitraries.of(
                        "{\"name\":\"x\"",
                        "{\"type\":\"message\",\"body\":{",
                        "{\"state\":",
                        "[1,2",
                        "{\"a\" 1}",
                        "{'a':1}")
                .map(s -> s);
        Arbitrary<String> notObjects = Arbitraries.of("null", "true", "123", "\"text\"", "[]", "[{}]", "1e999999");
        Arbitrary<String> garbage = Arbitraries.strings()
                .ofMinLength(1)
                .ofMaxLength(200)
                .filter(s -> !s.isBlank() && !s.strip().startsWith("{"));
        return Arbitraries.oneOf(truncated, notObjects, garbage);
    }

    @Provide
    Arbitrary<Integer> indexes() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Provide
    Arbitrary<String> textFieldValues() {
        Arbitrary<String> numbers = Arbitraries.longs().map(n -> Long.toString(n));
        Arbitrary<String> odd = Arbitraries.of("true", "false", "[]", "[1,\"a\",null]", "1.5e308", "{}", "{\"a\":1}");
        return Arbitraries.oneOf(numbers, odd);
    }

    @Provide
    Arbitrary<String> objectFieldValues() {
        Arbitrary<String> numbers = Arbitraries.longs().map(n -> Long.toString(n));
        Arbitrary<String> odd = Arbitraries.of("true", "\"text\"", "[]", "[1,\"a\",null]", "1.5e308");
        return Arbitraries.oneOf(numbers, odd);
    }

    @Provide
    Arbitrary<Integer> depths() {
        // Past the parser's nesting limit (1,000), mostly within the body size limit (16 KiB here).
        return Arbitraries.integers().between(1_001, 4_000);
    }

    @Provide
    Arbitrary<Integer> oversize() {
        return Arbitraries.integers().between(16_400, 200_000);
    }

    @Provide
    Arbitrary<byte[]> notUtf8() {
        // A JSON-looking prefix and a byte sequence that is never valid UTF-8 (a lone continuation
        // byte, an overlong form or 0xFF), then random bytes.
        Arbitrary<byte[]> bad = Arbitraries.of(
                new byte[] {(byte) 0x80}, new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xFF, (byte) 0xFE});
        Arbitrary<byte[]> tail = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Combinators.combine(bad, tail).as((b, t) -> {
            byte[] prefix = "{\"name\":\"".getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[prefix.length + b.length + t.length + 2];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            System.arraycopy(b, 0, out, prefix.length, b.length);
            System.arraycopy(t, 0, out, prefix.length + b.length, t.length);
            out[out.length - 2] = '"';
            out[out.length - 1] = '}';
            return out;
        });
    }

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> injections = Arbitraries.of(
                "' OR '1'='1",
                "1; DROP TABLE events; --",
                "\" OR \"\"=\"",
                "CON-x' UNION SELECT * FROM applications --",
                "../../etc/passwd",
                "..%2F..%2F",
                "%00",
                "${jndi:ldap://x/a}",
                "<script>alert(1)</script>",
                "{{7*7}}",
                "-1",
                "99999999999999999999999",
                "NaN",
                "\u202e\u0000",
                "\uD83D\uDCA9".repeat(300));
        Arbitrary<String> random = Arbitraries.strings()
                .withCharRange('\u0001', '\uFFFD')
                .ofMinLength(1)
                .ofMaxLength(300)
                .filter(s -> !s.isBlank())
                .filter(s -> !s.matches("[0-9]+")); // a plain number is a valid page_size, not hostile
        return Arbitraries.oneOf(injections, random);
    }
}
