package dev.slipway.canary.stream;

import java.time.Duration;
import java.time.Instant;

import dev.slipway.canary.judge.ArmStats;
import dev.slipway.canary.judge.Budgets;
import dev.slipway.canary.judge.Guardrails;
import dev.slipway.canary.judge.JudgeInput;
import dev.slipway.canary.judge.RolloutPlan;
import dev.slipway.events.ArmMetrics;
import dev.slipway.events.RolloutProgress;
import dev.slipway.events.RolloutStarted;

/** From the event model (Avro) to the judge's plain records. */
final class JudgeMapping {

    static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private JudgeMapping() {
    }

    /** What the judge needs from a rollout's definition, which never changes once started: mapped once. */
    record Rules(RolloutPlan plan, Guardrails guardrails, Budgets budgets) {
    }

    static Rules rules(RolloutStarted rollout) {
        return new Rules(plan(rollout), guardrails(rollout), budgets(rollout));
    }

    /** When the current step started (the state holds epoch milliseconds). */
    static Instant stepStartedAt(RolloutProgress progress) {
        return Instant.ofEpochMilli(progress.getStepStartedAt());
    }

    /** When the current one-minute rate bucket started. */
    static Instant rateWindowStart(RolloutProgress progress) {
        return Instant.ofEpochMilli(progress.getRateWindowStart());
    }

    static JudgeInput input(RolloutProgress progress, Rules rules, Instant now) {
        double minutes = Math.max(1.0, Duration.between(rateWindowStart(progress), now).toMillis() / 60_000.0);
        return new JudgeInput(
                stats(progress.getBaseline()),
                stats(progress.getCanary()),
                progress.getStep(),
                stepStartedAt(progress),
                now.isBefore(stepStartedAt(progress)) ? stepStartedAt(progress) : now,
                rules.plan(),
                rules.guardrails(),
                rules.budgets(),
                progress.getCandidateSpendUsd(),
                progress.getLargestTaskSpendUsd(),
                progress.getRateWindowTasks() / minutes,
                progress.getRateWindowSpendUsd() / minutes,
                progress.getBaseline().getFeedbackExpired(),
                progress.getCanary().getFeedbackExpired());
    }

    static ArmStats stats(ArmMetrics m) {
        return ArmStats.ofSums(m.getTasks(), m.getSuccesses(), m.getInterventions(), m.getErrors(), m.getCostSum(),
                m.getCostSumSquares(), m.getLogCostSum(), m.getLogCostSumSquares());
    }

    static RolloutPlan plan(RolloutStarted rollout) {
        return new RolloutPlan(rollout.getPlan().stream()
                .map(s -> new RolloutPlan.Step(s.getWeightPercent(), s.getMinTasks(),
                        Duration.ofMillis(s.getMinDurationMs()), Duration.ofMillis(s.getMaxDurationMs())))
                .toList());
    }

    static Guardrails guardrails(RolloutStarted rollout) {
        var g = rollout.getGuardrails();
        return new Guardrails(g.getAlpha(), g.getSuccessTolerance(), g.getInterventionTolerance(),
                g.getCostRatioTolerance(), g.getMaxErrorRate(), g.getMaxInterventionRate(),
                Guardrails.DEFAULT_MIN_TASKS_PER_ARM, Guardrails.DEFAULT_T_STAR_CANARY_TASKS,
                Guardrails.DEFAULT_PROMOTE_ALPHA, g.getMaxExclusionRate() != null ? g.getMaxExclusionRate()
                        : Guardrails.DEFAULT_MAX_EXCLUSION_RATE);
    }

    static Budgets budgets(RolloutStarted rollout) {
        var b = rollout.getBudgets();
        return new Budgets(b.getMaxCandidateSpendUsd(), b.getMaxTaskSpendUsd(), b.getMaxTasksPerMinute(),
                b.getMaxSpendUsdPerMinute());
    }
}
