package dev.slipway.router.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The body of {@code POST /api/v1/deployments/{agent}/{env}/rollouts}. Absent guardrails and budgets take defaults. */
public record StartRollout(String candidate, List<Step> plan, Guardrails guardrails, Budgets budgets) {

    public record Step(int weightPercent, int minTasks, Duration minDuration, Duration maxDuration) {
    }

    public record Guardrails(Double alpha, Double successTolerance, Double interventionTolerance,
            Double costRatioTolerance, Double maxErrorRate, Double maxInterventionRate) {
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
    List<Problems.Violation> violations() {
        List<Problems.Violation> found = new ArrayList<>();
        if (candidate == null || !candidate.matches("sha256:[0-9a-f]{64}")) {
            found.add(new Problems.Violation("candidate", "must be a release digest sha256:<64 lowercase hex>"));
        }
        List<Step> steps = plan == null ? DEFAULT_PLAN : plan;
        if (steps.isEmpty()) {
            found.add(new Problems.Violation("plan", "needs at least one step"));
        }
        int previous = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String at = "plan[" + i + "]";
            if (s.weightPercent() <= previous || s.weightPercent() > 100) {
                found.add(new Problems.Violation(at + ".weightPercent",
                        "weights must rise step by step within 1..100, was " + s.weightPercent() + " after " + previous));
            }
            previous = Math.max(previous, s.weightPercent());
            if (s.minTasks() < 0) {
                found.add(new Problems.Violation(at + ".minTasks", "must be 0 or more"));
            }
            if (s.minDuration() == null || s.maxDuration() == null || s.minDuration().isNegative()
                    || s.maxDuration().compareTo(s.minDuration()) < 0) {
                found.add(new Problems.Violation(at + ".maxDuration", "min and max durations are required, max ≥ min ≥ 0"));
            }
        }
        if (guardrails != null && guardrails.alpha() != null && (guardrails.alpha() <= 0 || guardrails.alpha() >= 1)) {
            found.add(new Problems.Violation("guardrails.alpha", "must be within (0, 1)"));
        }
        if (budgets != null && budgets.maxCandidateSpendUsd() != null && budgets.maxCandidateSpendUsd() <= 0) {
            found.add(new Problems.Violation("budgets.maxCandidateSpendUsd", "must be positive"));
        }
        return found;
    }

    List<Step> planOrDefault() {
        return plan == null ? DEFAULT_PLAN : plan;
    }
}
