package dev.slipway.release;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one field of an agent's answer is graded against a case's expected value. A case's score is the weighted share
 * of its graders that match: {@code Σ weight·match / Σ weight}. A suite without graders grades every field of each
 * case's {@code expected} exactly, with equal weights.
 *
 * @param field  a top-level field of the answer and of {@code expected}, e.g. {@code category}
 * @param weight its share of the case's score, &gt; 0
 * @param match  how the two values are compared
 */
public record EvalGrader(String field, double weight, Match match) {

    public enum Match {
        /** Equal JSON values. */
        EXACT,
        /** Equal text after trimming, lower-casing and collapsing white space (numbers and booleans by their text). */
        NORMALISED,
        /** The answer's text contains the expected text, both normalised. */
        CONTAINS
    }

    public EvalGrader {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(match, "match");
        if (!(weight > 0)) {
            throw new IllegalArgumentException("weight must be above 0, was " + weight);
        }
    }

    /** Whether this field of the answer matches the expected value; a field missing from either never matches. */
    public boolean matches(JsonNode answer, JsonNode expected) {
        JsonNode got = answer == null ? null : answer.get(field);
        JsonNode want = expected == null ? null : expected.get(field);
        if (got == null || want == null || got.isNull() || want.isNull()) {
            return false;
        }
        return switch (match) {
            case EXACT -> got.equals(want);
            case NORMALISED -> normalise(got).equals(normalise(want));
            case CONTAINS -> normalise(got).contains(normalise(want));
        };
    }

    /**
     * The score of one answer: the weighted share of {@code graders} that match, in [0, 1]; with no graders, every
     * field of {@code expected}, exactly, with equal weights.
     */
    public static double score(List<EvalGrader> graders, JsonNode answer, JsonNode expected) {
        List<EvalGrader> applied = graders.isEmpty() ? defaults(expected) : graders;
        if (applied.isEmpty()) {
            return answer != null && answer.equals(expected) ? 1 : 0;
        }
        double total = 0;
        double matched = 0;
        for (EvalGrader grader : applied) {
            total += grader.weight();
            if (grader.matches(answer, expected)) {
                matched += grader.weight();
            }
        }
        return matched / total;
    }

    private static List<EvalGrader> defaults(JsonNode expected) {
        if (expected == null || !expected.isObject()) {
            return List.of();
        }
        return iterable(expected.fieldNames()).stream().map(f -> new EvalGrader(f, 1, Match.EXACT)).toList();
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    private static String normalise(JsonNode value) {
        String text = value.isTextual() ? value.asText() : value.toString();
        return text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
