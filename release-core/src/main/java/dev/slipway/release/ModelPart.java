package dev.slipway.release;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The model: provider, model name, pinned dated snapshot and generation parameters. Aliases such as {@code latest}
 * are refused by validation: a release must name the exact model that will answer.
 *
 * @param provider   e.g. {@code anthropic}, {@code openai}, {@code acme-sim}
 * @param name       the model name without the snapshot, e.g. {@code claude-sonnet-4}
 * @param snapshot   dated snapshot {@code YYYY-MM-DD}, e.g. {@code 2025-05-14}
 * @param parameters generation parameters (temperature, max_tokens, ...), any JSON values; never null
 */
public record ModelPart(String provider, String name, String snapshot, SortedMap<String, JsonNode> parameters) {

    public ModelPart {
        TreeMap<String, JsonNode> copy = new TreeMap<>();
        if (parameters != null) {
            parameters.forEach((key, value) -> copy.put(key, value == null ? null : value.deepCopy()));
        }
        parameters = Collections.unmodifiableSortedMap(copy);
    }

    /** The parameters; values are copies, so changing them cannot change this part. */
    @Override
    public SortedMap<String, JsonNode> parameters() {
        TreeMap<String, JsonNode> copy = new TreeMap<>();
        parameters.forEach((key, value) -> copy.put(key, value == null ? null : value.deepCopy()));
        return Collections.unmodifiableSortedMap(copy);
    }

    /** The parameters without copying, for digesting and validation inside the package. */
    SortedMap<String, JsonNode> parametersView() {
        return parameters;
    }

    /** Each parameter's value as RFC 8785 canonical JSON, e.g. {@code temperature → 0.2}, in key order. */
    public Map<String, String> parametersAsCanonicalJson() {
        Map<String, String> out = new LinkedHashMap<>();
        parameters.forEach((key, value) -> out.put(key, value == null ? "null" : CanonicalJson.of(value)));
        return Collections.unmodifiableMap(out);
    }
}
