package dev.slipway.canary.judge;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything one verdict depends on. The judge never reads a clock: {@code now} is passed in (the Streams topology
 * uses the record or punctuation time).
 *
 * @param baseline                baseline tallies of the current step only
 * @param canary                  canary tallies of the current step only
 * @param stepIndex               index of the current step in {@code plan}, from 0; must be a judged step (below
 *                                100 %)
 * @param stepStartedAt           when the current step's weight took effect
 * @param now                     the time of the decision; before {@code stepStartedAt} counts as zero elapsed
 * @param plan                    the ramp
 * @param guardrails              tolerances, alpha, burn-in and absolute rate limits
 * @param budgets                 hard spend and rate ceilings
 * @param candidateSpend          total candidate spend over the whole rollout so far, USD
 * @param largestTaskSpend        the largest spend of any single candidate task so far, USD
 * @param candidateTasksPerMinute recent candidate task rate
 * @param candidateSpendPerMinute recent candidate spend rate, USD per minute
 * @param baselineExcluded        baseline tasks of the step whose outcome never arrived within the feedback window
 * @param canaryExcluded          the same, canary
 */
public record JudgeInput(ArmStats baseline, ArmStats canary, int stepIndex, Instant stepStartedAt, Instant now,
        RolloutPlan plan, Guardrails guardrails, Budgets budgets, double candidateSpend, double largestTaskSpend,
        double candidateTasksPerMinute, double candidateSpendPerMinute, long baselineExcluded, long canaryExcluded) {

    /** An input where every task's outcome arrived. */
    public JudgeInput(ArmStats baseline, ArmStats canary, int stepIndex, Instant stepStartedAt, Instant now,
            RolloutPlan plan, Guardrails guardrails, Budgets budgets, double candidateSpend, double largestTaskSpend,
            double candidateTasksPerMinute, double candidateSpendPerMinute) {
        this(baseline, canary, stepIndex, stepStartedAt, now, plan, guardrails, budgets, candidateSpend,
                largestTaskSpend, candidateTasksPerMinute, candidateSpendPerMinute, 0, 0);
    }

    /** This input with {@code baseline} and {@code canary} tasks excluded for want of an outcome. */
    public JudgeInput withExcluded(long baseline, long canary) {
        return new JudgeInput(baseline(), canary(), stepIndex, stepStartedAt, now, plan, guardrails, budgets,
                candidateSpend, largestTaskSpend, candidateTasksPerMinute, candidateSpendPerMinute, baseline, canary);
    }

    public JudgeInput {
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(stepStartedAt, "stepStartedAt");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(guardrails, "guardrails");
        Objects.requireNonNull(budgets, "budgets");
        if (stepIndex < 0 || stepIndex >= plan.judgedSteps()) {
            throw new IllegalArgumentException("step index " + stepIndex + " is not a judged step: the plan has "
                    + plan.judgedSteps() + " below 100 % (a 100 % step is the promotion itself)");
        }
        requireNonNegative(candidateSpend, "candidateSpend");
        requireNonNegative(largestTaskSpend, "largestTaskSpend");
        requireNonNegative(candidateTasksPerMinute, "candidateTasksPerMinute");
        requireNonNegative(candidateSpendPerMinute, "candidateSpendPerMinute");
        if (baselineExcluded < 0 || canaryExcluded < 0) {
            throw new IllegalArgumentException("excluded task counts must be >= 0");
        }
    }

    private static void requireNonNegative(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }
}
