package dev.slipway.router.api;

import dev.slipway.service.Problem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /api/v1/deployments/{agent}/{env}/rollouts}. Absent guardrails and budgets take defaults.
 * {@code entry}: {@code canary} (default) judges the candidate step by step; {@code flip} makes it stable at once, the
 * previous stable kept as last-good (how a promotion enters a non-production environment). {@code reason} and
 * {@code promotionId} say why, for the audit trail. {@code onRegression}: {@code abort} (default) takes a regressing
 * candidate out at once; {@code freeze} holds at the current weight and pages (spend breakers always abort).
 */
public record StartRollout(String candidate, List<Step> plan, Guardrails guardrails, Budgets budgets, String entry,
        String reason, String promotionId, String onRegression) {

    /** Whether a regression freezes the rollout for a human instead of aborting it ({@code onRegression: freeze}). */
    boolean freeze() {
        return "freeze".equals(onRegression);
    }

    /** Whether the candidate enters by a flip. */
    boolean flip() {
        return "flip".equals(entry);
    }

    public record Step(int weightPercent, int minTasks, Duration minDuration, Duration maxDuration) {
    }

    /** {@code maxExclusionRate}: the share of an arm's tasks without an outcome before the judge holds (default 0.2). */
    public record Guardrails(Double alpha, Double successTolerance, Double interventionTolerance,
            Double costRatioTolerance, Double maxErrorRate, Double maxInterventionRate, Double maxExclusionRate) {
    }

    public record Budgets(Double maxCandidateSpendUsd, Double maxTaskSpendUsd, Double maxTasksPerMinute,
            Double maxSpendUsdPerMinute) {
    }

    static final List<Step> DEFAULT_PLAN = List.of(
            new Step(1, 200, Duration.ofMinutes(5), Duration.ofHours(1)),
            new Step(5, 200, Duration.ofMinutes(5), Duration.ofHours(1)),
            new Step(25, 200, Duration.ofMinutes(5), Duration.ofHours(1)),
            new Step(50, 200, Duration.ofMinutes(5), Duration.ofHours(1)),
            new Step(100, 200, Duration.ofMinutes(5), Duration.ofHours(1)));

    /** Every problem with this request, each naming its field; empty when it is valid. */
    List<Problem.Violation> violations() {
        List<Problem.Violation> found = new ArrayList<>();
        if (candidate == null || !candidate.matches("sha256:[0-9a-f]{64}")) {
            found.add(Problems.violation("candidate", "must be a release digest sha256:<64 lowercase hex>"));
        }
        if (entry != null && !entry.equals("canary") && !entry.equals("flip")) {
            found.add(Problems.violation("entry", "must be canary or flip, was '" + entry + "'"));
        }
        if (onRegression != null && !onRegression.equals("abort") && !onRegression.equals("freeze")) {
            found.add(Problems.violation("onRegression", "must be abort or freeze, was '" + onRegression + "'"));
        }
        List<Step> steps = plan == null ? DEFAULT_PLAN : plan;
        if (steps.isEmpty()) {
            found.add(Problems.violation("plan", "needs at least one step"));
        }
        int previous = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String at = "plan[" + i + "]";
            if (s.weightPercent() <= previous || s.weightPercent() > 100) {
                found.add(Problems.violation(at + ".weightPercent",
                        "weights must rise step by step within 1..100, was " + s.weightPercent() + " after " + previous));
            }
            previous = Math.max(previous, s.weightPercent());
            if (s.minTasks() < 0) {
                found.add(Problems.violation(at + ".minTasks", "must be 0 or more"));
            }
            if (s.minDuration() == null || s.maxDuration() == null || s.minDuration().isNegative()
                    || s.maxDuration().compareTo(s.minDuration()) < 0) {
                found.add(Problems.violation(at + ".maxDuration", "min and max durations are required, max ≥ min ≥ 0"));
            }
        }
        if (!steps.isEmpty() && steps.stream().allMatch(s -> s.weightPercent() >= 100)) {
            found.add(Problems.violation("plan", "needs a step below 100 %: the canary is judged there"));
        }
        // The same bounds the judge enforces, so that a rollout accepted here is one the canary service can judge.
        if (guardrails != null) {
            range(found, "guardrails.alpha", guardrails.alpha(), 0, false, 0.5, false);
            range(found, "guardrails.successTolerance", guardrails.successTolerance(), 0, true, 1, false);
            range(found, "guardrails.interventionTolerance", guardrails.interventionTolerance(), 0, true, 1, false);
            range(found, "guardrails.costRatioTolerance", guardrails.costRatioTolerance(), 1, true, 100, true);
            range(found, "guardrails.maxErrorRate", guardrails.maxErrorRate(), 0, true, 1, true);
            range(found, "guardrails.maxInterventionRate", guardrails.maxInterventionRate(), 0, true, 1, true);
            range(found, "guardrails.maxExclusionRate", guardrails.maxExclusionRate(), 0, true, 1, true);
        }
        if (budgets != null) {
            range(found, "budgets.maxCandidateSpendUsd", budgets.maxCandidateSpendUsd(), 0, false, Double.MAX_VALUE, true);
            range(found, "budgets.maxTaskSpendUsd", budgets.maxTaskSpendUsd(), 0, false, Double.MAX_VALUE, true);
            range(found, "budgets.maxTasksPerMinute", budgets.maxTasksPerMinute(), 0, false, Double.MAX_VALUE, true);
            range(found, "budgets.maxSpendUsdPerMinute", budgets.maxSpendUsdPerMinute(), 0, false, Double.MAX_VALUE, true);
        }
        return found;
    }

    private static void range(List<Problem.Violation> found, String field, Double value, double low,
            boolean lowIncluded, double high, boolean highIncluded) {
        if (value == null) {
            return;
        }
        boolean aboveLow = lowIncluded ? value >= low : value > low;
        boolean belowHigh = highIncluded ? value <= high : value < high;
        if (!aboveLow || !belowHigh || value.isNaN()) {
            found.add(Problems.violation(field, "must be within " + (lowIncluded ? "[" : "(") + low + ", "
                    + (high == Double.MAX_VALUE ? "∞" : String.valueOf(high)) + (highIncluded ? "]" : ")") + ", was " + value));
        }
    }

    List<Step> planOrDefault() {
        return plan == null ? DEFAULT_PLAN : plan;
    }
}
