package dev.parley.store.jdbi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.parley.domain.Cidr;
import java.util.ArrayList;
import java.util.List;

/** Address ranges as their {@code acl_json} columns keep them: a JSON array of CIDR strings. */
final class AclJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AclJson() {}

    static String write(List<Cidr> acl) {
        ArrayNode array = MAPPER.createArrayNode();
        acl.forEach(cidr -> array.add(cidr.toString()));
        return array.toString();
    }

    static List<Cidr> read(String json) {
        try {
            List<Cidr> acl = new ArrayList<>();
            for (JsonNode entry : MAPPER.readTree(json)) {
                acl.add(Cidr.parse(entry.asText()).orElseThrow());
            }
            return acl;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored ACL is not JSON", e);
        }
    }
}
