package dev.parley.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.Response;
import dev.parley.fixtures.SharedServer;
import dev.parley.fixtures.SpecValidator;
import dev.parley.fixtures.TestServer;
import dev.parley.wire.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every enum-valued field of every operation Parley serves, in {@code voice.yml} and the v1 specs, sent
 * with each value the spec lists, in the spec's own spelling: none may be refused as invalid. The
 * fields are found by walking the specs themselves (query parameters and request bodies, through
 * {@code oneOf}/{@code allOf} branches), so an enum a later spec adds is tried too.
 */
class SpecEnumsTest {
    @RegisterExtension
    static final SharedServer shared =
            SharedServer.start(Map.of("sipListen", "127.0.0.1:0", "rateLimitApplication", "1000000"));

    static final TestServer server = shared.server();

    /** One enum of one operation: where it sits, the values it allows, and the fixed siblings its branch names. */
    record EnumField(
            String method,
            String path,
            boolean query,
            List<String> field,
            List<Object> values,
            Map<List<String>, Object> companions) {
        @Override
        public String toString() {
            return method + " " + path + " " + (query ? "?" : "body.") + String.join(".", field);
        }
    }

    @Test
    void every_enum_value_of_every_served_operation_is_accepted() {
        List<EnumField> fields = new ArrayList<>();
        fields.addAll(enums("spec/voice.yml", "/v1/calls", ""));
        fields.addAll(enums("spec/v1-conversation.yml", "/v1", ""));
        fields.addAll(enums("spec/v1-users-application.yml", "", "/v1/users"));
        assertThat(fields).as("the specs' enums").hasSizeGreaterThan(40);

        Fixtures fx = shared.fixtures();
        String user = Fixtures.unique("enum-user");
        String userId = fx.user(user);
        String renamed = fx.user(Fixtures.unique("enum-renamed"));
        List<String> refused = new ArrayList<>();
        int sent = 0;
        for (EnumField field : fields) {
            for (Object value : field.values()) {
                // Each request gets fresh resources, so one value's effect (a member who left) cannot hide another's.
                String conversation = fx.conversation();
                String member = fx.joined(conversation, user);
                String path = field.path()
                        .replace("{conversation_id}", conversation)
                        .replace("{member_id}", member)
                        .replace("{user_id}", userId)
                        .replace("{id}", renamed)
                        .replace("{uuid}", UUID.randomUUID().toString());
                Response response;
                if (field.query()) {
                    response = shared.admin()
                            .send(
                                    field.method(),
                                    path + "?" + field.field().getFirst() + "="
                                            + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8),
                                    null,
                                    null);
                } else {
                    ObjectNode body = Json.object();
                    field.companions().forEach((at, fixed) -> set(body, at, fixed));
                    set(body, field.field(), value);
                    complete(field.method() + " " + field.path(), body, member, fx.text(conversation, member, "x"));
                    response = shared.admin().send(field.method(), path, Json.write(body), "application/json");
                }
                sent++;
                if (response.status() >= 500
                        || (response.status() == 400 && response.code().equals("http:error:validation-fail"))) {
                    refused.add(field + " = " + value + " -> " + response);
                }
            }
        }
        assertThat(sent).isGreaterThan(200);
        assertThat(refused).as("enum values the spec lists but Parley refused").isEmpty();
    }

    /**
     * Fills in what the operation needs besides the enum under test, leaving every field already set
     * alone: a valid request whatever the enum's value (an event's payload follows its type and
     * message_type).
     */
    private static void complete(String operation, ObjectNode body, String member, long messageId) {
        switch (operation) {
            case "POST /v1/calls" -> {
                if (!body.has("to")) {
                    body.putArray("to").addObject();
                }
                ObjectNode to = (ObjectNode) body.get("to").get(0);
                to.put("type", "websocket").put("uri", "ws://127.0.0.1:9/socket");
                putIfAbsent(to, "content-type", "audio/l16;rate=16000");
                if (!body.has("answer_url")) {
                    body.putArray("ncco").addObject().put("action", "talk").put("text", "hello");
                }
                body.putArray("event_url").add("http://127.0.0.1:9/events");
            }
            case "PUT /v1/calls/{uuid}" ->
                body.putObject("destination")
                        .put("type", "ncco")
                        .putArray("ncco")
                        .addObject()
                        .put("action", "talk")
                        .put("text", "moved");
            case "PUT /v1/calls/{uuid}/talk", "PUT /v1/conversations/{conversation_id}/talk" ->
                body.put("text", "hello");
            case "PUT /v1/conversations/{conversation_id}/record" -> putIfAbsent(body, "action", "start");
            case "POST /v1/conversations/{conversation_id}/members" -> {
                putIfAbsent(body, "state", "invited");
                body.putObject("user").put("name", Fixtures.unique("enum-invitee"));
                putIfAbsent(object(body, "channel"), "type", "app");
            }
            case "POST /v1/conversations/{conversation_id}/events" -> {
                body.put("from", member);
                ObjectNode payload = object(body, "body");
                String type = body.path("type").asText();
                if (type.equals("message")) {
                    putIfAbsent(payload, "message_type", "text");
                    String kind = payload.path("message_type").asText();
                    switch (kind) {
                        case "text" -> payload.put("text", "hi");
                        case "image", "audio", "video", "file", "vcard" ->
                            payload.putObject(kind).put("url", "https://example.com/" + kind);
                        case "template" -> payload.putObject("template").put("name", "greeting");
                        case "custom" -> payload.putObject("custom").put("k", "v");
                        case "location" ->
                            payload.putObject("location")
                                    .put("longitude", "-0.12")
                                    .put("latitude", "51.5");
                        default -> {
                            // "random" has no payload rule
                        }
                    }
                } else if (type.startsWith("message:")) {
                    payload.put("event_id", messageId);
                }
            }
            case "POST /v1/users", "PATCH /v1/users/{id}" -> body.put("name", Fixtures.unique("enum-user"));
            default -> {
                // the enum alone makes the body
            }
        }
    }

    private static ObjectNode object(ObjectNode node, String field) {
        return node.get(field) instanceof ObjectNode inner ? inner : node.putObject(field);
    }

    private static void putIfAbsent(ObjectNode node, String field, String value) {
        if (!node.has(field)) {
            node.put(field, value);
        }
    }

    /** Writes {@code value} at {@code path} ({@code []} for an array's first item), making what is missing. */
    private static void set(ObjectNode body, List<String> path, Object value) {
        JsonNode node = body;
        for (int i = 0; i < path.size() - 1; i++) {
            String step = path.get(i);
            boolean nextIsArray = path.get(i + 1).equals("[]");
            if (step.equals("[]")) {
                ArrayNode array = (ArrayNode) node;
                if (array.isEmpty()) {
                    if (nextIsArray) {
                        array.addArray();
                    } else {
                        array.addObject();
                    }
                }
                node = array.get(0);
            } else {
                ObjectNode object = (ObjectNode) node;
                JsonNode child = object.get(step);
                if (child == null || !(nextIsArray ? child.isArray() : child.isObject())) {
                    child = nextIsArray ? object.putArray(step) : object.putObject(step);
                }
                node = child;
            }
        }
        ((ObjectNode) node).set(path.getLast(), Json.MAPPER.valueToTree(value));
    }

    /** The enum fields of a spec's operations under {@code onlyUnder}, their paths prefixed by {@code base}. */
    private static List<EnumField> enums(String resource, String base, String onlyUnder) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        OpenAPI api = new OpenAPIV3Parser()
                .readContents(SpecValidator.fixKnownDefects(SpecValidator.read(resource)), null, options)
                .getOpenAPI();
        List<EnumField> found = new ArrayList<>();
        api.getPaths().forEach((template, item) -> {
            if (!template.startsWith(onlyUnder)) {
                return;
            }
            String path = (base + template).replaceAll("(.)/$", "$1");
            for (Map.Entry<PathItem.HttpMethod, Operation> entry :
                    item.readOperationsMap().entrySet()) {
                String method = entry.getKey().name();
                Operation op = entry.getValue();
                List<Parameter> parameters = new ArrayList<>();
                if (item.getParameters() != null) {
                    parameters.addAll(item.getParameters());
                }
                if (op.getParameters() != null) {
                    parameters.addAll(op.getParameters());
                }
                for (Parameter p : parameters) {
                    if ("query".equals(p.getIn())
                            && p.getSchema() != null
                            && p.getSchema().getEnum() != null) {
                        found.add(new EnumField(
                                method, path, true, List.of(p.getName()), values(p.getSchema()), Map.of()));
                    }
                }
                if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
                    var json = op.getRequestBody().getContent().get("application/json");
                    if (json != null && json.getSchema() != null) {
                        walk(json.getSchema(), List.of(), Map.of(), method, path, found, new IdentityHashMap<>());
                    }
                }
            }
        });
        return found;
    }

    @SuppressWarnings("rawtypes")
    private static void walk(
            Schema schema,
            List<String> at,
            Map<List<String>, Object> companions,
            String method,
            String path,
            List<EnumField> found,
            IdentityHashMap<Schema, Boolean> seen) {
        if (schema == null || seen.containsKey(schema)) {
            return;
        }
        seen.put(schema, true);
        if (schema.getEnum() != null && !at.isEmpty()) {
            Map<List<String>, Object> others = new LinkedHashMap<>(companions);
            others.remove(at);
            found.add(new EnumField(method, path, false, at, values(schema), others));
        }
        Map<List<String>, Object> inner = new LinkedHashMap<>(companions);
        if (schema.getProperties() != null) {
            // A branch's single-valued enums (an event's type, a channel's type) name the branch: they go
            // with every field sent inside it.
            ((Map<String, Schema>) schema.getProperties()).forEach((name, property) -> {
                if (property.getEnum() != null && property.getEnum().size() == 1) {
                    inner.put(append(at, name), property.getEnum().getFirst());
                }
            });
            ((Map<String, Schema>) schema.getProperties())
                    .forEach((name, property) -> walk(property, append(at, name), inner, method, path, found, seen));
        }
        if (schema.getItems() != null) {
            walk(schema.getItems(), append(at, "[]"), inner, method, path, found, seen);
        }
        for (List<Schema> branches :
                List.of(nonNull(schema.getOneOf()), nonNull(schema.getAnyOf()), nonNull(schema.getAllOf()))) {
            for (Schema branch : branches) {
                walk(branch, at, inner, method, path, found, seen);
            }
        }
        seen.remove(schema);
    }

    @SuppressWarnings("rawtypes")
    private static List<Schema> nonNull(List<Schema> list) {
        return list == null ? List.of() : list;
    }

    @SuppressWarnings("rawtypes")
    private static List<Object> values(Schema schema) {
        return new ArrayList<Object>(schema.getEnum());
    }

    private static List<String> append(List<String> at, String step) {
        List<String> longer = new ArrayList<>(at);
        longer.add(step);
        return List.copyOf(longer);
    }
}
