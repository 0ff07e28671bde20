package dev.slipway.release;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The model: provider, model name, pinned dated snapshot, generation parameters and prices. Aliases such as
 * {@code latest} are refused by validation: a release must name the exact model that will answer.
 *
 * @param provider   e.g. {@code anthropic}, {@code openai}, {@code acme-sim}
 * @param name       the model name without the snapshot, e.g. {@code claude-sonnet-4}
 * @param snapshot   dated snapshot {@code YYYY-MM-DD}, e.g. {@code 2025-05-14}
 * @param parameters generation parameters (temperature, max_tokens, ...), any JSON values; never null
 * @param pricing    price per provider that may serve this snapshot (the provider above and its failovers); empty
 *                   when not given, and then left out of the canonical form, so releases without prices keep their
 *                   digests
 */
public record ModelPart(String provider, String name, String snapshot, SortedMap<String, JsonNode> parameters,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<String, ModelPrice> pricing) {

    public ModelPart {
        TreeMap<String, JsonNode> copy = new TreeMap<>();
        if (parameters != null) {
            parameters.forEach((key, value) -> copy.put(key, value == null ? null : value.deepCopy()));
        }
        parameters = Collections.unmodifiableSortedMap(copy);
        pricing = Collections.unmodifiableSortedMap(pricing == null ? new TreeMap<>() : new TreeMap<>(pricing));
    }

    /** A model part without prices. */
    public ModelPart(String provider, String name, String snapshot, SortedMap<String, JsonNode> parameters) {
        this(provider, name, snapshot, parameters, null);
    }

    /** This part with {@code pricing} instead of its own. */
    public ModelPart withPricing(SortedMap<String, ModelPrice> pricing) {
        return new ModelPart(provider, name, snapshot, parameters, pricing);
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
