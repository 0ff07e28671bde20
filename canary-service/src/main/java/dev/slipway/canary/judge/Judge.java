package dev.slipway.canary.judge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.Locale;

import dev.slipway.canary.judge.RolloutPlan.Step;

/**
 * The canary verdict, a pure function of {@link JudgeInput}: breakers first, then the sequential non-inferiority
 * tests, then missing outcomes (too many excluded tasks hold the rollout), then the ramp plan. Safe to call after every event: the tests are anytime-valid, so looking often does not
 * raise the false-abort rate above {@link Guardrails#alpha()} (docs/canary-judge.md).
 */
public final class Judge {

    private Judge() {
    }

    public static Verdict evaluate(JudgeInput in) {
        RolloutPlan plan = in.plan();
        int k = in.stepIndex();
        Step step = plan.step(k);
        Guardrails g = in.guardrails();
        ArmStats baseline = in.baseline();
        ArmStats canary = in.canary();
        NonInferiorityTests tests = NonInferiorityTests.forStep(g, plan, k);
        List<MetricBound> bounds = tests.bounds(baseline, canary);

        Verdict breaker = breakers(in, bounds);
        if (breaker != null) {
            return breaker;
        }

        Reason regression = null;
        List<String> regressions = new ArrayList<>();
        for (MetricBound b : bounds) {
            if (b.status() == MetricStatus.REGRESSION) {
                regression = regression == null ? Reason.regressionOf(b.metric()) : regression;
                regressions.add(describeRegression(b, canary.n(), baseline.n(), tests.abortSequence().level(), g));
            }
        }
        if (regression != null) {
            return new Verdict(Decision.ABORT, regression, "regression: " + String.join("; ", regressions), null,
                    bounds);
        }

        Verdict missing = missingOutcomes(in, bounds);
        if (missing != null) {
            return missing;
        }
        return plan(in, step, tests, bounds);
    }

    /**
     * The bake after a promotion: the new stable serves every task, there is no baseline to compare with, so only the
     * hard breakers that hold at any weight watch it — its error rate, its intervention rate (each once it has
     * {@link Guardrails#minTasksPerArm()} tasks since the promotion) and the per-task spend ceiling. The rollout's
     * total budget and rate ceilings were sized for the canary's share and do not apply. A trip rolls back to
     * last-good: a regression that shows only at 100 % is still caught.
     *
     * @param stable           the new stable's tallies since the promotion
     * @param largestTaskSpend the largest spend of one of its tasks since the promotion, USD
     */
    public static Verdict bake(ArmStats stable, Guardrails g, Budgets budgets, double largestTaskSpend) {
        List<String> tripped = new ArrayList<>();
        if (over(largestTaskSpend, budgets.maxTaskSpend())) {
            tripped.add(fmt("one task spent $%.4f, over the per-task ceiling $%.4f", largestTaskSpend,
                    budgets.maxTaskSpend()));
        }
        boolean enough = stable.n() >= g.minTasksPerArm();
        if (enough && over(stable.errorRate(), g.maxErrorRate())) {
            tripped.add(fmt("error rate %s (%d of %d tasks) over the limit %s", pct(stable.errorRate()), stable.errors(),
                    stable.n(), pct(g.maxErrorRate())));
        }
        if (enough && over(stable.interventionRate(), g.maxInterventionRate())) {
            tripped.add(fmt("intervention rate %s (%d of %d tasks) over the limit %s", pct(stable.interventionRate()),
                    stable.interventions(), stable.n(), pct(g.maxInterventionRate())));
        }
        if (tripped.isEmpty()) {
            return new Verdict(Decision.CONTINUE, Reason.BAKING, () -> fmt("baking: %d tasks on the new stable, no"
                    + " breaker", stable.n()), null, List.of());
        }
        return new Verdict(Decision.ROLLBACK, Reason.BAKE_BREAKER, "bake breaker on the promoted release: "
                + String.join("; ", tripped) + "; rolling back to last-good", null, List.of());
    }

    private static Verdict breakers(JudgeInput in, List<MetricBound> bounds) {
        Budgets budgets = in.budgets();
        Guardrails g = in.guardrails();
        ArmStats canary = in.canary();
        Reason first = null;
        List<String> tripped = new ArrayList<>();
        if (over(in.candidateSpend(), budgets.maxCandidateSpend())) {
            first = Reason.BUDGET_EXCEEDED;
            tripped.add(fmt("candidate spend $%.2f over the rollout budget $%.2f", in.candidateSpend(),
                    budgets.maxCandidateSpend()));
        }
        if (over(in.largestTaskSpend(), budgets.maxTaskSpend())) {
            first = first == null ? Reason.TASK_SPEND_CEILING : first;
            tripped.add(fmt("one task spent $%.4f, over the per-task ceiling $%.4f", in.largestTaskSpend(),
                    budgets.maxTaskSpend()));
        }
        if (over(in.candidateTasksPerMinute(), budgets.maxTasksPerMinute())) {
            first = first == null ? Reason.TASK_RATE_CEILING : first;
            tripped.add(fmt("candidate task rate %.1f/min over the ceiling %.1f/min", in.candidateTasksPerMinute(),
                    budgets.maxTasksPerMinute()));
        }
        if (over(in.candidateSpendPerMinute(), budgets.maxSpendPerMinute())) {
            first = first == null ? Reason.SPEND_RATE_CEILING : first;
            tripped.add(fmt("candidate spend rate $%.2f/min over the ceiling $%.2f/min",
                    in.candidateSpendPerMinute(), budgets.maxSpendPerMinute()));
        }
        // An absolute limit on a rate needs a few tasks to mean anything: the same burn-in as the tests.
        boolean enough = canary.n() >= g.minTasksPerArm();
        if (enough && over(canary.errorRate(), g.maxErrorRate())) {
            first = first == null ? Reason.ERROR_RATE_LIMIT : first;
            tripped.add(fmt("canary error rate %s (%d of %d tasks) over the limit %s", pct(canary.errorRate()),
                    canary.errors(), canary.n(), pct(g.maxErrorRate())));
        }
        if (enough && over(canary.interventionRate(), g.maxInterventionRate())) {
            first = first == null ? Reason.INTERVENTION_RATE_LIMIT : first;
            tripped.add(fmt("canary intervention rate %s (%d of %d tasks) over the limit %s",
                    pct(canary.interventionRate()), canary.interventions(), canary.n(),
                    pct(g.maxInterventionRate())));
        }
        if (first == null) {
            return null;
        }
        return new Verdict(Decision.ABORT, first, "breaker: " + String.join("; ", tripped), null, bounds);
    }

    /**
     * A task whose outcome never arrived is excluded, neither success nor failure, so late feedback cannot bias the
     * tests against either arm; but the tests then see only the tasks that reported. When more than
     * {@link Guardrails#maxExclusionRate()} of an arm's tasks in the step are excluded (once it has the burn-in's worth
     * of tasks), the judge holds and pages rather than ramp or promote on what may not be the arm. A regression shown
     * on the reported tasks still aborts: it is checked first.
     */
    private static Verdict missingOutcomes(JudgeInput in, List<MetricBound> bounds) {
        Double limit = in.guardrails().maxExclusionRate();
        if (limit == null) {
            return null;
        }
        List<String> over = new ArrayList<>();
        excluded("baseline", in.baseline().n(), in.baselineExcluded(), limit, in.guardrails().minTasksPerArm(), over);
        excluded("canary", in.canary().n(), in.canaryExcluded(), limit, in.guardrails().minTasksPerArm(), over);
        if (over.isEmpty()) {
            return null;
        }
        return new Verdict(Decision.HOLD, Reason.FEEDBACK_MISSING, "outcomes missing: " + String.join("; ", over)
                + " (over the limit " + pct(limit) + "); holding until feedback is restored", null, bounds);
    }

    private static void excluded(String arm, long reported, long excluded, double limit, int burnIn, List<String> over) {
        long all = reported + excluded;
        if (all >= burnIn && excluded > limit * all) {
            over.add(fmt("%s %d of %d tasks (%s) without an outcome within the feedback window", arm, excluded, all,
                    pct((double) excluded / all)));
        }
    }

    private static Verdict plan(JudgeInput in, Step step, NonInferiorityTests tests, List<MetricBound> bounds) {
        Guardrails g = in.guardrails();
        ArmStats baseline = in.baseline();
        ArmStats canary = in.canary();
        int k = in.stepIndex();
        int steps = in.plan().judgedSteps();
        boolean last = in.plan().isLast(k);
        Duration sinceStart = Duration.between(in.stepStartedAt(), in.now());
        Duration elapsed = sinceStart.isNegative() ? Duration.ZERO : sinceStart;
        long minCanaryTasks = Math.max(step.minTasks(), g.minTasksPerArm());
        boolean enoughTasks = canary.n() >= minCanaryTasks && baseline.n() >= g.minTasksPerArm();
        boolean enoughTime = elapsed.compareTo(step.minDuration()) >= 0;
        boolean timedOut = elapsed.compareTo(step.maxDuration()) >= 0;
        // Texts for the verdict's message, formatted only when someone reads it.
        Supplier<String> where = () -> fmt("step %d/%d (%d%%)", k + 1, steps, step.weightPercent());
        Supplier<String> progress = () -> fmt("canary %d tasks (min %d), baseline %d (min %d), %s elapsed (min %s, max %s)",
                canary.n(), minCanaryTasks, baseline.n(), g.minTasksPerArm(), duration(elapsed),
                duration(step.minDuration()), duration(step.maxDuration()));

        if (enoughTasks && enoughTime) {
            if (!last) {
                int next = in.plan().step(k + 1).weightPercent();
                return new Verdict(Decision.RAMP, Reason.STEP_PASSED,
                        fmt("%s passed clean: %s; no breaker, no regression; ramp to %d%%", where.get(), progress.get(),
                                next),
                        next, bounds);
            }
            List<String> missing = new ArrayList<>();
            for (MetricBound b : bounds) {
                if (b.status() != MetricStatus.NON_INFERIOR) {
                    missing.add(describeEvidence(b, tests.promoteSequence().level()));
                }
            }
            if (missing.isEmpty()) {
                List<String> evidence = new ArrayList<>();
                for (MetricBound b : bounds) {
                    evidence.add(describeEvidence(b, tests.promoteSequence().level()));
                }
                return new Verdict(Decision.PROMOTE, Reason.PLAN_COMPLETE,
                        fmt("last %s passed with evidence (%s): %s; promote to 100%%", where.get(), progress.get(),
                                String.join("; ", evidence)), 100, bounds);
            }
            if (timedOut) {
                return new Verdict(Decision.HOLD, Reason.STEP_TIMED_OUT,
                        fmt("last %s reached its max time without evidence of non-inferiority (%s): %s", where.get(),
                                progress.get(), String.join("; ", missing)), null, bounds);
            }
            return new Verdict(Decision.CONTINUE, Reason.AWAITING_EVIDENCE,
                    () -> fmt("last %s: minimums reached (%s), no regression, not yet shown non-inferior: %s",
                            where.get(), progress.get(), String.join("; ", missing)), null, bounds);
        }
        if (timedOut) {
            return new Verdict(Decision.HOLD, Reason.STEP_TIMED_OUT,
                    fmt("%s reached its max time without enough data: %s", where.get(), progress.get()), null, bounds);
        }
        if (!tests.burnedIn(baseline, canary)) {
            return new Verdict(Decision.CONTINUE, Reason.INSUFFICIENT_DATA,
                    () -> fmt("%s: burn-in, no test yet: baseline %d and canary %d tasks of the %d per arm needed",
                            where.get(), baseline.n(), canary.n(), g.minTasksPerArm()), null, bounds);
        }
        return new Verdict(Decision.CONTINUE, Reason.STEP_IN_PROGRESS,
                () -> fmt("%s in progress, no regression: %s", where.get(), progress.get()), null, bounds);
    }

    private static boolean over(double value, Double ceiling) {
        return ceiling != null && value > ceiling;
    }

    private static String describeRegression(MetricBound b, long nc, long nb, double level, Guardrails g) {
        return switch (b.metric()) {
            case SUCCESS -> fmt("success rate canary %s (n=%d) vs baseline %s (n=%d), difference %s; upper bound %s "
                    + "< %s tolerated (level %.2g)", pct(b.canaryValue()), nc, pct(b.baselineValue()), nb,
                    points(b.estimate()), points(b.abortBound()), points(b.limit()), level);
            case INTERVENTION -> fmt("intervention rate canary %s (n=%d) vs baseline %s (n=%d), difference %s; "
                    + "lower bound %s > %s tolerated (level %.2g)", pct(b.canaryValue()), nc, pct(b.baselineValue()),
                    nb, points(b.estimate()), points(b.abortBound()), points(b.limit()), level);
            case COST -> fmt("cost per task canary $%.4f (n=%d) vs baseline $%.4f (n=%d), ratio %.3f; canary − "
                    + "%.2f·baseline = %+.4f, lower bound %+.4f > 0 (level %.2g)", b.canaryValue(), nc,
                    b.baselineValue(), nb, b.canaryValue() / b.baselineValue(), g.costRatio(), b.estimate(),
                    b.abortBound(), level);
            case TYPICAL_COST -> fmt("typical cost per task (geometric mean) canary $%.4f (n=%d) vs baseline $%.4f "
                    + "(n=%d), ratio %.3f; lower bound of the ratio %.3f > %.2f tolerated (level %.2g)",
                    b.canaryValue(), nc, b.baselineValue(), nb, Math.exp(b.estimate()), Math.exp(b.abortBound()),
                    g.costRatio(), level);
        };
    }

    private static String describeEvidence(MetricBound b, double level) {
        String status = b.status().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (b.metric()) {
            case SUCCESS -> fmt("success %s: difference %s, lower bound %s vs %s (level %.2g)", status,
                    points(b.estimate()), points(b.promoteBound()), points(b.limit()), level);
            case INTERVENTION -> fmt("intervention %s: difference %s, upper bound %s vs %s (level %.2g)", status,
                    points(b.estimate()), points(b.promoteBound()), points(b.limit()), level);
            case COST -> fmt("cost %s: contrast %+.4f, upper bound %+.4f vs 0 (level %.2g)", status, b.estimate(),
                    b.promoteBound(), level);
            case TYPICAL_COST -> fmt("typical cost %s: ratio %.3f, upper bound %.3f vs %.2f (level %.2g)", status,
                    Math.exp(b.estimate()), Math.exp(b.promoteBound()), Math.exp(b.limit()), level);
        };
    }

    private static String pct(double rate) {
        return fmt("%.1f%%", 100 * rate);
    }

    private static String points(double difference) {
        return fmt("%+.1f points", 100 * difference);
    }

    private static String duration(Duration d) {
        long s = d.getSeconds();
        if (s >= 3600) {
            return fmt("%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return fmt("%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
