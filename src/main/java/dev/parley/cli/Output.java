package dev.parley.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.wire.Json;

/** What the CLI commands print: pretty JSON on standard output, for people and for scripts alike. */
final class Output {
    private Output() {}

    static void json(JsonNode node) throws JsonProcessingException {
        System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }
}
