package dev.slipway.release;

import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * A tool's input schema is checked against the JSON Schema 2020-12 meta-schema (networknt's validator, which ships
 * the meta-schemas, so nothing is fetched): {@code "type": "strnig"} or {@code "required": "customer_id"} would
 * otherwise be signed and handed to a model as if they constrained anything.
 */
final class ToolSchemas {

    private static final JsonSchema META_SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of(SchemaId.V202012));

    private ToolSchemas() {
    }

    /** What makes {@code schema} not a valid JSON Schema, one message per problem, empty when it is one. */
    static List<String> problems(JsonNode schema) {
        return META_SCHEMA.validate(schema).stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> String.valueOf(m.getInstanceLocation()))
                        .thenComparing(ValidationMessage::getMessage))
                .map(m -> "not a valid JSON Schema (2020-12): " + m.getMessage())
                .distinct()
                .toList();
    }
}
