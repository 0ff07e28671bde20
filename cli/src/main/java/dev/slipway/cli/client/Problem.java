package dev.slipway.cli.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An RFC 7807 problem answered by a Slipway service: {@code type, title, status, detail, instance} and Slipway's
 * {@code violations: [{field, message}]}.
 */
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldViolation> violations, JsonNode raw) {

    /** One refused field. */
    public record FieldViolation(String field, String message) {
    }

    /** Reads a problem body; {@code httpStatus} stands in when the body has no {@code status}. */
    public static Problem from(JsonNode body, int httpStatus) {
        List<FieldViolation> violations = new ArrayList<>();
        for (JsonNode v : body.path("violations")) {
            violations.add(new FieldViolation(text(v, "field"), text(v, "message")));
        }
        return new Problem(text(body, "type"), text(body, "title"), body.path("status").asInt(httpStatus),
                text(body, "detail"), text(body, "instance"), List.copyOf(violations), body);
    }

    /** The same problem saying {@code detail} instead. */
    public Problem withDetail(String detail) {
        return new Problem(type, title, status, detail, instance, violations, raw);
    }

    /** Whether a JSON error body looks like a problem (has a title or a status). */
    public static boolean looksLikeProblem(JsonNode body) {
        return body != null && body.isObject() && (body.hasNonNull("title") || body.hasNonNull("status"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
