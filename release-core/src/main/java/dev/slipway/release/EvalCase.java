package dev.slipway.release;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One eval case: an input (e.g. a support ticket) and the expected outcome the scorer compares against.
 *
 * @param id       unique within the suite, e.g. {@code billing-double-charge}
 * @param input    the task input, any JSON value
 * @param expected the expected outcome, any JSON value, e.g. {@code {"category":"billing","priority":"high"}}
 */
public record EvalCase(String id, JsonNode input, JsonNode expected) {

    public EvalCase {
        input = input == null ? null : input.deepCopy();
        expected = expected == null ? null : expected.deepCopy();
    }

    @Override
    public JsonNode input() {
        return input == null ? null : input.deepCopy();
    }

    @Override
    public JsonNode expected() {
        return expected == null ? null : expected.deepCopy();
    }
}
