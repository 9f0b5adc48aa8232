package dev.parley.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.domain.MemberState;
import dev.parley.wire.Json;

/**
 * Who moved a member into each state. A member keeps one entry per transition ({@code invited},
 * {@code joined}, {@code left}, each {@code {is_system, user_id?, member_id?}}); the member resource shows
 * how the member came in (its {@code joined} entry, else its {@code invited} one: the two branches of the
 * spec's {@code member_initiator}), and each member event shows the entries its schema names.
 */
public final class Initiators {
    private Initiators() {}

    /** The stored entries with {@code state}'s entry set to the caller's. */
    static String withTransition(String storedJson, MemberState state, Caller caller, String actingMemberId) {
        JsonNode stored = Json.parse(storedJson);
        ObjectNode entries = stored instanceof ObjectNode object ? object.deepCopy() : Json.object();
        entries.set(key(state), who(caller, actingMemberId));
        return Json.write(entries);
    }

    /** The member resource's initiator: how the member came in. */
    public static JsonNode forResource(String storedJson) {
        JsonNode stored = Json.parse(storedJson);
        if (stored == null || !stored.isObject()) {
            return stored;
        }
        for (String entry : new String[] {"joined", "invited"}) {
            if (stored.has(entry)) {
                return Json.object().set(entry, stored.get(entry));
            }
        }
        return stored;
    }

    /**
     * A member event's initiator, in the event schemas' spelling ({@code isSystem}): the transition's own
     * entry, and for {@code member:left} also the {@code joined} one the schema lists beside it.
     */
    static JsonNode forEvent(String storedJson, MemberState state) {
        JsonNode stored = Json.parse(storedJson);
        ObjectNode out = Json.object();
        if (stored == null || !stored.isObject()) {
            return out;
        }
        if (state == MemberState.LEFT && stored.has("joined")) {
            out.set("joined", camelCase(stored.get("joined")));
        }
        if (stored.has(key(state))) {
            out.set(key(state), camelCase(stored.get(key(state))));
        }
        return out;
    }

    private static ObjectNode who(Caller caller, String actingMemberId) {
        ObjectNode who = Json.object();
        who.put("is_system", caller.isAdmin());
        if (!caller.isAdmin()) {
            who.put("user_id", caller.userId());
            if (actingMemberId != null) {
                who.put("member_id", actingMemberId);
            }
        }
        return who;
    }

    private static JsonNode camelCase(JsonNode who) {
        if (!(who instanceof ObjectNode object) || !object.has("is_system")) {
            return who;
        }
        ObjectNode copy = object.deepCopy();
        copy.set("isSystem", copy.remove("is_system"));
        return copy;
    }

    private static String key(MemberState state) {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }
}
