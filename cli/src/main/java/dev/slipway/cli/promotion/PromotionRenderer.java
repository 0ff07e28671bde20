package dev.slipway.cli.promotion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.cli.Styles;

/** A promotion as the terminal shows it: where it stands, what it still waits for, and its steps. */
public final class PromotionRenderer {

    private PromotionRenderer() {
    }

    /** One line per promotion, then what it waits for. */
    public static List<String> summary(JsonNode p, Styles s) {
        List<String> lines = new ArrayList<>();
        lines.add(status(p, s) + "  " + p.path("promotionId").asText() + "  " + p.path("agent").asText() + " "
                + shortDigest(p.path("digest").asText()) + " → " + s.bold(p.path("target").asText())
                + "  requested by " + p.path("requestedBy").asText());
        p.path("missing").forEach(m -> lines.add("    waiting: " + m.path("gate").asText() + " — " + m.path("reason").asText()));
        return lines;
    }

    /** The whole promotion. */
    public static List<String> detail(JsonNode p, Styles s) {
        List<String> lines = new ArrayList<>();
        lines.add("promotion " + s.bold(p.path("promotionId").asText()) + ": " + p.path("digest").asText() + " → "
                + s.bold(p.path("deployment").asText()) + "  " + status(p, s));
        lines.add("  requested by " + p.path("requestedBy").asText() + "; built by " + p.path("author").asText()
                + (p.path("modelChanged").asBoolean() ? "; " + s.yellow("the model differs from the target's stable release")
                        : ""));
        JsonNode e = p.path("evaluation");
        if (!e.isMissingNode() && !e.isNull()) {
            lines.add(String.format(Locale.ROOT, "  evaluation: %.4f on %s (threshold %.4f)%s", e.path("score").asDouble(),
                    e.path("suite").asText(), p.path("threshold").asDouble(),
                    e.path("fresh").asBoolean() ? ", run for this promotion" : ", from the build"));
        }
        p.path("approvals").forEach(a -> lines.add("  approved by " + a.path("actor").asText() + " ("
                + String.join(", ", texts(a.path("roles"))) + ")" + comment(a.path("comment"))));
        p.path("missing").forEach(m -> lines.add("  " + s.yellow("waiting") + " " + s.bold(m.path("gate").asText()) + ": "
                + m.path("reason").asText()));
        String last = p.path("steps").isEmpty() ? "" : p.path("steps").get(p.path("steps").size() - 1).path("reason").asText("");
        switch (p.path("status").asText()) {
            case "COMPLETED" -> lines.add("  " + s.green("completed") + ": " + last
                    + (p.hasNonNull("rolloutId") ? " (rollout " + p.path("rolloutId").asText() + ")" : ""));
            case "FAILED" -> lines.add("  " + s.red("failed") + ": " + last);
            case "REJECTED" -> lines.add("  " + s.red("rejected") + ": " + last);
            default -> { }
        }
        return lines;
    }

    private static String status(JsonNode p, Styles s) {
        String status = p.path("status").asText();
        return switch (status) {
            case "COMPLETED" -> s.green(status);
            case "PENDING" -> s.yellow(status);
            default -> s.red(status);
        };
    }

    private static String comment(JsonNode c) {
        return c.isNull() || c.isMissingNode() || c.asText().isBlank() ? "" : ": \"" + c.asText() + "\"";
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String shortDigest(String digest) {
        return digest.length() > 19 ? digest.substring(0, 19) + "…" : digest;
    }
}
