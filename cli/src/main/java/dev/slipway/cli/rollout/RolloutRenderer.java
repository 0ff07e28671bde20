package dev.slipway.cli.rollout;

import dev.slipway.cli.client.RouterClient;
import dev.slipway.cli.client.DeploymentId;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.Styles;

/**
 * Text renderings of the router's rollout answers. Tolerant: a field the router leaves out (or sends as null) is
 * shown as {@code -} or not at all.
 *
 * <p>Rates are computed from the arm's sums: success, intervention and error rates over the tasks whose outcome is
 * known ({@code tasks − feedbackPending}: a pending task is never counted as a failure), cost and latency over all
 * tasks.
 */
public final class RolloutRenderer {

    private static final double EPSILON = 1e-12;

    private final Styles s;

    public RolloutRenderer(Styles styles) {
        this.s = styles;
    }

    // --- rollout start ---------------------------------------------------------------------------------------------

    /** The router's 202 to a rollout start, with the plan that was asked for. */
    public List<String> started(DeploymentId deployment, JsonNode r, RolloutSpec spec) {
        List<String> lines = new ArrayList<>();
        String candidate = orDash(text(r, "candidate"));
        if (r.path("firstDeploy").asBoolean(false)) {
            lines.add(s.green("first deploy") + " of " + s.bold(deployment.toString()) + ": " + candidate + " is stable");
            lines.add("  no baseline to compare with, so no canary: it takes all traffic now");
            return lines;
        }
        lines.add("rollout " + s.bold(orDash(text(r, "rolloutId"))) + " started on " + s.bold(deployment.toString()) + ": "
                + candidate + " vs " + orDash(text(r, "baseline")));
        lines.add("  plan        " + plan(spec.plan()));
        RolloutSpec.Guardrails g = spec.guardrails();
        lines.add(String.format(Locale.ROOT, "  guardrails  success rate -%.1f pt, intervention rate +%.1f pt, cost/task x%.2f, alpha %s",
                100 * g.successTolerance(), 100 * g.interventionTolerance(), g.costRatioTolerance(), number(g.alpha())));
        lines.add("  budgets     " + usd(spec.budgets().maxCandidateSpendUsd()) + " candidate spend, "
                + usd(spec.budgets().maxTaskSpendUsd()) + " per task");
        lines.add("follow it: slipway rollout status " + deployment + " --watch");
        return lines;
    }

    static String plan(List<RolloutSpec.Step> plan) {
        RolloutSpec.Step first = plan.get(0);
        boolean shared = plan.stream().allMatch(st -> st.minTasks() == first.minTasks()
                && st.minDuration().equals(first.minDuration()) && st.maxDuration().equals(first.maxDuration()));
        List<String> steps = new ArrayList<>();
        for (RolloutSpec.Step st : plan) {
            steps.add(st.weightPercent() + "%" + (shared ? "" : " (" + limits(st) + ")"));
        }
        return String.join(" → ", steps) + (shared ? "; each step " + limits(first) : "");
    }

    private static String limits(RolloutSpec.Step st) {
        return "min " + st.minTasks() + " tasks and " + Durations.format(st.minDuration()) + ", max "
                + Durations.format(st.maxDuration());
    }

    // --- rollback / pause / resume ---------------------------------------------------------------------------------

    /** {@code rollback of support-triage/prod requested (command c-1)}. */
    public List<String> commandAccepted(RouterClient.OperatorCommand command, DeploymentId deployment, JsonNode r) {
        String what = command.name().toLowerCase(Locale.ROOT);
        String name = Optional.ofNullable(text(r, "deployment")).orElse(deployment.toString());
        return List.of(what + " of " + s.bold(name) + " requested (command " + orDash(text(r, "commandId")) + ")");
    }

    // --- rollout status --------------------------------------------------------------------------------------------

    /** The route pointer, the rollout, both arms side by side, the last decision. */
    public List<String> status(DeploymentId deployment, JsonNode st) {
        List<String> lines = new ArrayList<>();
        JsonNode route = st.path("route");
        JsonNode rollout = st.path("rollout");
        JsonNode window = st.path("window");

        String name = Optional.ofNullable(text(route, "deployment")).orElse(deployment.toString());
        String state = text(route, "state");
        lines.add(s.bold(name) + (state == null ? "" : "  " + state(state))
                + (route.hasNonNull("epoch") ? "  epoch " + route.path("epoch").asText() : ""));
        JsonNode warm = st.path("warmWorkers");
        row(lines, "stable", digestOr(text(route, "stable"), "(none)") + warm(warm, text(route, "stable")));
        String canary = text(route, "canary");
        if (canary != null) {
            row(lines, "canary", shortDigest(canary) + " at " + route.path("canaryWeightPercent").asInt(0) + "%"
                    + warm(warm, canary));
        }
        row(lines, "last good", digestOr(text(route, "lastGood"), "(none)") + warm(warm, text(route, "lastGood")));

        if (rollout.isObject()) {
            row(lines, "rollout", orDash(text(rollout, "rolloutId")) + ": " + digestOr(text(rollout, "candidate"), "-")
                    + " vs " + digestOr(text(rollout, "baseline"), "(none: first deploy)"));
            String plan = planWithCurrentStep(rollout.path("plan"), window.isObject() ? window.path("step").asInt(-1) : -1);
            if (!plan.isEmpty()) {
                row(lines, "plan", plan);
            }
        } else {
            row(lines, "rollout", "none running");
        }

        if (window.isObject()) {
            row(lines, "window", window(window, rollout.path("plan").size()));
            lines.add("");
            lines.addAll(arms(window.path("baseline"), window.path("canary")));
        } else if (rollout.isObject()) {
            lines.add("");
            lines.add("  no metrics yet for this rollout");
        }

        lines.add("");
        lines.addAll(lastCommand(st.path("lastCommand")));
        return lines;
    }

    private String state(String state) {
        return switch (state.toUpperCase(Locale.ROOT)) {
            case "STABLE" -> s.green(state);
            case "CANARY" -> s.cyan(state);
            case "PAUSED" -> s.yellow(state);
            case "ROLLED_BACK", "ERROR" -> s.red(state);
            default -> state;
        };
    }

    private String planWithCurrentStep(JsonNode plan, int current) {
        List<String> steps = new ArrayList<>();
        int i = 0;
        for (JsonNode step : plan) {
            String w = step.path("weightPercent").asText("?") + "%";
            steps.add(i == current ? s.bold("[" + w + "]") : w);
            i++;
        }
        return String.join(" → ", steps);
    }

    private static String window(JsonNode w, int steps) {
        List<String> parts = new ArrayList<>();
        if (w.hasNonNull("step")) {
            parts.add("step " + (w.path("step").asInt() + 1) + (steps > 0 ? " of " + steps : ""));
        }
        if (w.hasNonNull("weightPercent")) {
            parts.add("at " + w.path("weightPercent").asInt() + "%");
        }
        Optional<Instant> start = instant(w.path("windowStart"));
        Optional<Instant> end = instant(w.path("windowEnd"));
        String since = timestamp(w.path("windowStart"));
        if (since != null) {
            String until = timestamp(w.path("windowEnd"));
            String span = start.isPresent() && end.isPresent() && !end.get().isBefore(start.get())
                    ? " (" + Durations.format(Duration.between(start.get(), end.get())) + ")" : "";
            parts.add(since + (until == null ? "" : " → " + until) + span);
        }
        return String.join(", ", parts);
    }

    /** Metrics of one arm, computed from its sums. */
    record Arm(String digest, long tasks, long successes, long interventions, long errors, long pending, double costSum,
               double latencySumMs) {

        static Arm of(JsonNode a) {
            return new Arm(text(a, "digest"), a.path("tasks").asLong(0), a.path("successes").asLong(0),
                    a.path("interventions").asLong(0), a.path("errors").asLong(0), a.path("feedbackPending").asLong(0),
                    a.path("costSum").asDouble(0), a.path("latencySumMs").asDouble(0));
        }

        /** Tasks whose outcome is known. */
        long decided() {
            return Math.max(0, tasks - pending);
        }

        double successRate() {
            return ratio(successes, decided());
        }

        double interventionRate() {
            return ratio(interventions, decided());
        }

        double errorRate() {
            return ratio(errors, decided());
        }

        double costPerTask() {
            return ratio(costSum, tasks);
        }

        double meanLatencyMs() {
            return ratio(latencySumMs, tasks);
        }

        private static double ratio(double x, long n) {
            return n == 0 ? Double.NaN : x / n;
        }
    }

    /** Which way is worse for a metric, for colouring the difference. */
    private enum Worse { UP, DOWN, NEITHER }

    private record Row(String label, String baseline, String canary, String delta, Worse worse, double diff) {
    }

    /** Both arms side by side: rows are metrics, columns baseline | canary | Δ. */
    List<String> arms(JsonNode baselineJson, JsonNode canaryJson) {
        Arm b = Arm.of(baselineJson);
        Arm c = Arm.of(canaryJson);
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("digest", digestOr(b.digest(), "-"), digestOr(c.digest(), "-"), "", Worse.NEITHER, 0));
        rows.add(new Row("tasks", Long.toString(b.tasks()), Long.toString(c.tasks()), "", Worse.NEITHER, 0));
        rows.add(rateRow("success rate", b.successRate(), c.successRate(), Worse.DOWN));
        rows.add(rateRow("intervention rate", b.interventionRate(), c.interventionRate(), Worse.UP));
        rows.add(rateRow("error rate", b.errorRate(), c.errorRate(), Worse.UP));
        double costRatio = c.costPerTask() / b.costPerTask();
        rows.add(new Row("cost/task", usdPerTask(b.costPerTask()), usdPerTask(c.costPerTask()),
                Double.isFinite(costRatio) ? String.format(Locale.ROOT, "%+.1f%%", 100 * (costRatio - 1)) : "",
                Worse.UP, Double.isFinite(costRatio) ? costRatio - 1 : 0));
        double latencyDiff = c.meanLatencyMs() - b.meanLatencyMs();
        rows.add(new Row("mean latency", ms(b.meanLatencyMs()), ms(c.meanLatencyMs()),
                Double.isFinite(latencyDiff) ? String.format(Locale.ROOT, "%+.0f ms", latencyDiff) : "", Worse.UP,
                Double.isFinite(latencyDiff) ? latencyDiff : 0));
        rows.add(new Row("pending feedback", Long.toString(b.pending()), Long.toString(c.pending()), "", Worse.NEITHER, 0));

        int w0 = "pending feedback".length();
        int w1 = "baseline".length();
        int w2 = "canary".length();
        for (Row r : rows) {
            w0 = Math.max(w0, r.label().length());
            w1 = Math.max(w1, r.baseline().length());
            w2 = Math.max(w2, r.canary().length());
        }
        String format = "  %-" + w0 + "s  %-" + w1 + "s  %-" + w2 + "s  ";
        List<String> lines = new ArrayList<>();
        lines.add(stripRight(String.format(Locale.ROOT, format, "", s.bold(pad("baseline", w1)), s.bold(pad("canary", w2)))
                + s.bold("Δ")));
        for (Row r : rows) {
            lines.add(stripRight(String.format(Locale.ROOT, format, r.label(), r.baseline(), r.canary()) + colourDelta(r)));
        }
        return lines;
    }

    private static Row rateRow(String label, double baseline, double canary, Worse worse) {
        double diff = canary - baseline;
        return new Row(label, pct(baseline), pct(canary),
                Double.isFinite(diff) ? String.format(Locale.ROOT, "%+.1f pt", 100 * diff) : "", worse,
                Double.isFinite(diff) ? diff : 0);
    }

    private String colourDelta(Row r) {
        if (r.delta().isEmpty() || r.worse() == Worse.NEITHER || Math.abs(r.diff()) < EPSILON) {
            return r.delta();
        }
        boolean worse = r.worse() == Worse.UP ? r.diff() > 0 : r.diff() < 0;
        UnaryOperator<String> colour = worse ? s::red : s::green;
        return colour.apply(r.delta());
    }

    private List<String> lastCommand(JsonNode c) {
        if (!c.isObject()) {
            return List.of("  last decision  none yet");
        }
        String type = orDash(text(c, "type"));
        String coloured = switch (type.toUpperCase(Locale.ROOT)) {
            case "RAMP", "PROMOTE", "RESUME" -> s.green(type);
            case "ABORT", "ROLLBACK" -> s.red(type);
            case "HOLD", "PAUSE" -> s.yellow(type);
            default -> type;
        };
        List<String> parts = new ArrayList<>();
        parts.add(coloured);
        if (c.hasNonNull("weightPercent")) {
            parts.add("to " + c.path("weightPercent").asInt() + "%");
        }
        if (c.hasNonNull("issuedBy")) {
            parts.add("by " + text(c, "issuedBy"));
        }
        String at = timestamp(c.path("issuedAt"));
        if (at != null) {
            parts.add("at " + at);
        }
        List<String> lines = new ArrayList<>();
        lines.add("  last decision  " + String.join(" ", parts));
        String reason = text(c, "reason");
        if (reason != null && !reason.isBlank()) {
            for (String line : reason.split("\\R")) {
                lines.add("                 " + line);
            }
        }
        return lines;
    }

    // --- formatting helpers ----------------------------------------------------------------------------------------

    /** {@code sha256:} and the first 12 hex digits: enough to tell releases apart on screen. */
    static String shortDigest(String digest) {
        if (digest == null) {
            return "-";
        }
        int keep = digest.startsWith("sha256:") ? "sha256:".length() + 12 : 19;
        return digest.length() > keep ? digest.substring(0, keep) : digest;
    }

    /** ", 2 warm workers" / ", no warm worker" when the router said; nothing when it did not (older routers). */
    private String warm(JsonNode warm, String digest) {
        if (digest == null || !warm.has(digest)) {
            return "";
        }
        int n = warm.path(digest).asInt();
        return n == 0 ? ", " + s.yellow("no warm worker") : ", " + n + " warm worker" + (n == 1 ? "" : "s");
    }

    private static String digestOr(String digest, String absent) {
        return digest == null ? absent : shortDigest(digest);
    }

    static String pct(double rate) {
        return Double.isFinite(rate) ? String.format(Locale.ROOT, "%.1f%%", 100 * rate) : "-";
    }

    static String usdPerTask(double usd) {
        if (!Double.isFinite(usd)) {
            return "-";
        }
        return String.format(Locale.ROOT, usd >= 1 ? "$%.2f" : "$%.4f", usd);
    }

    static String usd(double usd) {
        return String.format(Locale.ROOT, "$%.2f", usd);
    }

    static String ms(double ms) {
        return Double.isFinite(ms) ? String.format(Locale.ROOT, "%.0f ms", ms) : "-";
    }

    private static String number(double d) {
        String t = String.format(Locale.ROOT, "%.6f", d).replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }

    /** An Avro timestamp-millis (number) or an ISO-8601 string. */
    static Optional<Instant> instant(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return Optional.empty();
        }
        if (v.isNumber()) {
            return Optional.of(Instant.ofEpochMilli(v.asLong()));
        }
        try {
            return Optional.of(Instant.parse(v.asText()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String timestamp(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        return instant(v).map(Instant::toString).orElse(v.asText());
    }

    private static void row(List<String> lines, String key, String value) {
        lines.add(String.format("  %-11s%s", key, value));
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    private static String stripRight(String line) {
        return line.stripTrailing();
    }

    private static String orDash(String v) {
        return v == null ? "-" : v;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
