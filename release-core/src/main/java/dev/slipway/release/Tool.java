package dev.slipway.release;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * One entry of the tool manifest. Tools are denied by default: an agent may call only the tools its release lists,
 * with exactly the listed permission scopes, at most {@code maxCallsPerTask} times per task.
 *
 * @param name            tool name as the model sees it, e.g. {@code search_kb}
 * @param description     description shown to the model
 * @param inputSchema     JSON Schema of the input, a JSON object with {@code "type": "object"}
 * @param scopes          permission scopes such as {@code kb:read}; kept sorted and de-duplicated
 * @param maxCallsPerTask per-task call limit, at least 1
 */
public record Tool(String name, String description, JsonNode inputSchema, List<String> scopes, int maxCallsPerTask) {

    public Tool {
        inputSchema = inputSchema == null ? null : inputSchema.deepCopy();
        if (scopes != null) {
            // Scopes are a set: order and repetition carry no meaning, so they must not change the digest.
            scopes = scopes.stream().anyMatch(java.util.Objects::isNull)
                    ? Collections.unmodifiableList(new ArrayList<>(scopes))
                    : List.copyOf(new TreeSet<>(scopes));
        }
    }

    /** The input schema; a copy, so changing it cannot change this tool. */
    @Override
    public JsonNode inputSchema() {
        return inputSchema == null ? null : inputSchema.deepCopy();
    }

    /** The input schema without copying, for digesting and validation inside the package. */
    JsonNode inputSchemaView() {
        return inputSchema;
    }
}
