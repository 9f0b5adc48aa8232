package dev.parley.api.handlers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/**
 * The one place Parley answers differently by client. The v1 spec (and the Node SDK) list events as
 * {@code _embedded: [...]}; the Java SDK since 8.9 reads {@code _embedded: {events: [...]}}. Requests
 * whose User-Agent is the Java SDK's get that shape. See docs/COMPATIBILITY.md.
 */
public final class JavaSdkShim {
    public static final String JAVA_SDK_AGENT = "vonage-java-sdk/";

    private JavaSdkShim() {}

    /** Adds the events container to a list body and returns the array to fill. */
    public static ArrayNode eventsEnvelope(Context ctx, ObjectNode body) {
        String agent = ctx.header("User-Agent");
        if (agent != null && agent.startsWith(JAVA_SDK_AGENT)) {
            return body.putObject("_embedded").putArray("events");
        }
        return body.putArray("_embedded");
    }
}
