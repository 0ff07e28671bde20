package dev.slipway.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.slipway.canary.judge.RolloutPlan.Step;

/** One test per outcome of {@link Judge#evaluate}: every breaker, every regression, and every plan decision. */
class JudgeTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    /**
     * 5 % → 25 % → 50 % → 100 %, ending at 100 % as the CLI's default plan does: three judged steps, so each test runs
     * at alpha/(4·3); passing the 50 % step promotes.
     */
    private static final RolloutPlan PLAN = RolloutPlan.of(
            new Step(5, 400, Duration.ofMinutes(30), Duration.ofHours(4)),
            new Step(25, 400, Duration.ofMinutes(30), Duration.ofHours(4)),
            new Step(50, 1000, Duration.ofHours(1), Duration.ofHours(24)),
            new Step(100, 0, Duration.ZERO, Duration.ZERO));

    private static final Guardrails GUARDRAILS = Guardrails.defaults();
    private static final Budgets BUDGETS = new Budgets(500.0, 5.0, 100.0, 20.0);

    // ---- breakers: checked before any statistics ----

    @Test
    void aborts_when_candidate_spend_exceeds_the_rollout_budget() {
        Verdict v = Judge.evaluate(healthy().candidateSpend(500.01).build());

        assertAbort(v, Reason.BUDGET_EXCEEDED);
        assertThat(v.message()).contains("$500.01", "$500.00");
        assertThat(Judge.evaluate(healthy().candidateSpend(500.0).build()).decision())
                .as("at the budget is not over it").isEqualTo(Decision.CONTINUE);
    }

    @Test
    void aborts_when_one_task_exceeds_its_spend_ceiling() {
        Verdict v = Judge.evaluate(healthy().largestTaskSpend(7.5).build());

        assertAbort(v, Reason.TASK_SPEND_CEILING);
        assertThat(v.message()).contains("$7.5000", "$5.0000");
    }

    @Test
    void aborts_when_the_task_rate_exceeds_its_ceiling() {
        Verdict v = Judge.evaluate(healthy().tasksPerMinute(150).build());

        assertAbort(v, Reason.TASK_RATE_CEILING);
        assertThat(v.message()).contains("150.0/min", "100.0/min");
    }

    @Test
    void aborts_when_the_spend_rate_exceeds_its_ceiling() {
        Verdict v = Judge.evaluate(healthy().spendPerMinute(25).build());

        assertAbort(v, Reason.SPEND_RATE_CEILING);
        assertThat(v.message()).contains("$25.00/min", "$20.00/min");
    }

    @Test
    void aborts_when_the_canary_error_rate_exceeds_the_absolute_limit() {
        Verdict v = Judge.evaluate(healthy().canary(arm(200, 0.90, 0.10, 1.0, 1.3, 50)).build());

        assertAbort(v, Reason.ERROR_RATE_LIMIT);
        assertThat(v.message()).contains("25.0%", "50 of 200", "20.0%");
        assertThat(Judge.evaluate(healthy().canary(arm(20, 0.90, 0.10, 1.0, 1.3, 10)).build()).decision())
                .as("half of 20 tasks erring is below the burn-in the limit needs").isEqualTo(Decision.CONTINUE);
    }

    @Test
    void aborts_when_the_canary_intervention_rate_exceeds_the_absolute_limit_before_any_test() {
        // 55 % interventions is also a regression against 10 %: the breaker is reported, since breakers come first.
        Verdict v = Judge.evaluate(healthy().canary(arm(200, 0.90, 0.55, 1.0, 1.3, 0)).build());

        assertAbort(v, Reason.INTERVENTION_RATE_LIMIT);
        assertThat(v.bound(Metric.INTERVENTION).status()).isEqualTo(MetricStatus.REGRESSION);
        assertThat(v.message()).startsWith("breaker:").contains("55.0%", "110 of 200", "50.0%");
    }

    // ---- regressions: sequential non-inferiority tests ----

    @Test
    void aborts_on_a_success_regression() {
        Verdict v = Judge.evaluate(at(0, 10).baseline(arm(8000, 0.90, 0.10, 1.0, 1.3, 0))
                .canary(arm(400, 0.75, 0.10, 1.0, 1.3, 0)).build());

        assertAbort(v, Reason.SUCCESS_REGRESSION);
        MetricBound success = v.bound(Metric.SUCCESS);
        assertThat(success.estimate()).isCloseTo(-0.15, within(1e-12));
        // SE² = ṽ_c/400 + ṽ_b/8000 with ṽ = p̃(1−p̃), p̃_c = 301/402, p̃_b = 7201/8002.
        double se = Math.sqrt(301.0 / 402 * (101.0 / 402) / 400 + 7201.0 / 8002 * (801.0 / 8002) / 8000);
        assertThat(success.standardError()).isCloseTo(se, within(1e-12));
        double h = se * ConfidenceSequence.halfWidthFactor(0.01 / 12, 8000, 8400);
        assertThat(success.abortBound()).isCloseTo(-0.15 + h, within(1e-12)).isLessThan(-0.02);
        assertThat(v.message()).contains("success rate canary 75.0% (n=400) vs baseline 90.0% (n=8000)",
                "-15.0 points", "< -2.0 points");
    }

    @Test
    void aborts_on_an_intervention_regression() {
        Verdict v = Judge.evaluate(at(0, 10).baseline(arm(8000, 0.90, 0.10, 1.0, 1.3, 0))
                .canary(arm(400, 0.90, 0.22, 1.0, 1.3, 0)).build());

        assertAbort(v, Reason.INTERVENTION_REGRESSION);
        assertThat(v.bound(Metric.INTERVENTION).abortBound()).isGreaterThan(0.02);
        assertThat(v.bound(Metric.SUCCESS).status()).isNotEqualTo(MetricStatus.REGRESSION);
        assertThat(v.message()).contains("intervention rate canary 22.0%", "+12.0 points", "> +2.0 points");
    }

    @Test
    void aborts_on_a_cost_regression() {
        Verdict v = Judge.evaluate(at(0, 10).baseline(arm(8000, 0.90, 0.10, 1.0, 1.3, 0))
                .canary(arm(400, 0.90, 0.10, 1.6, 2.1, 0)).build());

        assertAbort(v, Reason.COST_REGRESSION);
        MetricBound cost = v.bound(Metric.COST);
        assertThat(cost.estimate()).isCloseTo(1.6 - 1.1 * 1.0, within(1e-9));
        assertThat(cost.standardError()).isCloseTo(Math.sqrt(2.1 * 2.1 / 400 + 1.21 * 1.3 * 1.3 / 8000), within(1e-9));
        assertThat(cost.abortBound()).isGreaterThan(0);
        assertThat(v.message()).contains("ratio 1.600", "canary − 1.10·baseline = +0.5000");
    }

    @Test
    void aborts_on_a_typical_cost_regression_the_mean_cannot_see_yet() {
        // Log-normal costs with sigma 1.5 (CV 2.9): every canary task costs 30 % more. 3,000 canary tasks against
        // 57,000 are far too few for the mean's bound on such a tail, enough for the geometric mean's.
        double cv = Math.sqrt(Math.exp(2.25) - 1);
        Verdict v = Judge.evaluate(at(0, 10).baseline(arm(57_000, 0.90, 0.10, 1.0, cv, 0))
                .canary(arm(3000, 0.90, 0.10, 1.3, 1.3 * cv, 0)).build());

        assertAbort(v, Reason.TYPICAL_COST_REGRESSION);
        assertThat(v.bound(Metric.COST).status()).isNotEqualTo(MetricStatus.REGRESSION);
        MetricBound typical = v.bound(Metric.TYPICAL_COST);
        assertThat(Math.exp(typical.estimate())).isCloseTo(1.3, within(1e-9));
        assertThat(typical.abortBound()).isGreaterThan(Math.log(1.1));
        assertThat(v.message()).contains("typical cost per task (geometric mean)", "ratio 1.300", "> 1.10 tolerated");
    }

    @Test
    void a_fatter_tail_at_the_same_median_is_a_mean_cost_regression_not_a_typical_one() {
        // Same median cost (1.0); the canary's log-sd is 1.4 instead of 1.0: its mean is 61 % higher.
        double baselineMean = Math.exp(0.5);
        double canaryMean = Math.exp(0.98);
        Verdict v = Judge.evaluate(at(0, 10)
                .baseline(arm(57_000, 0.90, 0.10, baselineMean, baselineMean * Math.sqrt(Math.E - 1), 0))
                .canary(arm(3000, 0.90, 0.10, canaryMean, canaryMean * Math.sqrt(Math.exp(1.96) - 1), 0)).build());

        assertAbort(v, Reason.COST_REGRESSION);
        assertThat(v.bound(Metric.TYPICAL_COST).estimate()).isCloseTo(0, within(1e-9));
        assertThat(v.bound(Metric.TYPICAL_COST).status()).isNotEqualTo(MetricStatus.REGRESSION);
    }

    @Test
    void does_not_abort_an_equal_candidate() {
        for (int canaryTasks : new int[] {30, 400, 5000}) {
            ArmStats same = arm(canaryTasks, 0.90, 0.10, 1.0, 1.3, 0);
            Verdict v = Judge.evaluate(at(0, 10).baseline(same).canary(same).build());
            assertThat(v.decision()).as("n=%d", canaryTasks).isNotEqualTo(Decision.ABORT);
            assertThat(v.bounds()).extracting(MetricBound::status).doesNotContain(MetricStatus.REGRESSION);
        }
    }

    @Test
    void does_not_abort_an_equal_candidate_judged_after_every_event() {
        // 20 seeded A/A rollouts at 5 %, judged after every event up to 1,000 canary tasks.
        SplittableRandom random = new SplittableRandom(20261120L);
        for (int rollout = 0; rollout < 20; rollout++) {
            ArmStats baseline = ArmStats.empty();
            ArmStats canary = ArmStats.empty();
            while (canary.n() < 1000) {
                TaskOutcome task = new TaskOutcome(random.nextDouble() < 0.9, random.nextDouble() < 0.1, false,
                        Math.exp(random.nextGaussian()));
                if (random.nextDouble() < 0.05) {
                    canary = canary.plus(task);
                } else {
                    baseline = baseline.plus(task);
                }
                Verdict v = Judge.evaluate(at(0, 10).budgets(Budgets.none()).baseline(baseline).canary(canary).build());
                assertThat(v.decision()).as("rollout %d at %s / %s", rollout, baseline, canary)
                        .isNotEqualTo(Decision.ABORT);
            }
        }
    }

    // ---- the plan ----

    @Test
    void continues_inconclusive_during_burn_in() {
        Verdict v = Judge.evaluate(at(0, 10).baseline(arm(570, 0.90, 0.10, 1.0, 1.3, 0))
                .canary(arm(20, 0.40, 0.10, 1.0, 1.3, 0)).build());

        assertThat(v.decision()).isEqualTo(Decision.CONTINUE);
        assertThat(v.reason()).isEqualTo(Reason.INSUFFICIENT_DATA);
        assertThat(v.bounds()).extracting(MetricBound::status).containsOnly(MetricStatus.BURN_IN);
        assertThat(v.message()).contains("canary 20 tasks of the 30 per arm");
    }

    @Test
    void continues_while_a_clean_step_has_not_reached_its_minimums() {
        Verdict v = Judge.evaluate(healthy().build());

        assertThat(v.decision()).isEqualTo(Decision.CONTINUE);
        assertThat(v.reason()).isEqualTo(Reason.STEP_IN_PROGRESS);
        assertThat(v.targetWeightPercent()).isNull();
        assertThat(v.message()).contains("canary 200 tasks (min 400)", "10m00s elapsed (min 30m00s");
    }

    @Test
    void ramps_when_the_step_minimums_pass_clean() {
        ArmStats same = arm(400, 0.90, 0.10, 1.0, 1.3, 0);
        Verdict v = Judge.evaluate(at(0, 31).baseline(arm(7600, 0.90, 0.10, 1.0, 1.3, 0)).canary(same).build());

        assertThat(v.decision()).isEqualTo(Decision.RAMP);
        assertThat(v.reason()).isEqualTo(Reason.STEP_PASSED);
        assertThat(v.targetWeightPercent()).isEqualTo(25);
        assertThat(v.message()).contains("step 1/3 (5%) passed clean", "ramp to 25%");

        Verdict tooEarly = Judge.evaluate(at(0, 29).baseline(arm(7600, 0.90, 0.10, 1.0, 1.3, 0)).canary(same).build());
        assertThat(tooEarly.decision()).as("29 minutes < 30").isEqualTo(Decision.CONTINUE);
    }

    @Test
    void promotes_after_the_last_step_with_evidence_of_non_inferiority() {
        ArmStats same = arm(20_000, 0.90, 0.10, 1.0, 1.3, 0);
        Verdict v = Judge.evaluate(at(2, 120).baseline(same).canary(same).build());

        assertThat(v.decision()).isEqualTo(Decision.PROMOTE);
        assertThat(v.reason()).isEqualTo(Reason.PLAN_COMPLETE);
        assertThat(v.targetWeightPercent()).isEqualTo(100);
        assertThat(v.bounds()).extracting(MetricBound::status).containsOnly(MetricStatus.NON_INFERIOR);
        assertThat(v.bound(Metric.SUCCESS).promoteBound()).isGreaterThan(-0.02);
        assertThat(v.bound(Metric.INTERVENTION).promoteBound()).isLessThan(0.02);
        assertThat(v.bound(Metric.COST).promoteBound()).isLessThan(0);
    }

    @Test
    void keeps_the_last_step_running_until_the_evidence_is_there() {
        ArmStats same = arm(1000, 0.90, 0.10, 1.0, 1.3, 0);
        Verdict v = Judge.evaluate(at(2, 120).baseline(same).canary(same).build());

        assertThat(v.decision()).isEqualTo(Decision.CONTINUE);
        assertThat(v.reason()).isEqualTo(Reason.AWAITING_EVIDENCE);
        assertThat(v.bound(Metric.SUCCESS).status()).isEqualTo(MetricStatus.INCONCLUSIVE);
        assertThat(v.message()).contains("success inconclusive");
    }

    @Test
    void holds_when_the_step_max_time_passes_without_enough_data() {
        Verdict v = Judge.evaluate(at(0, 241).baseline(arm(1900, 0.90, 0.10, 1.0, 1.3, 0))
                .canary(arm(100, 0.90, 0.10, 1.0, 1.3, 0)).build());

        assertThat(v.decision()).isEqualTo(Decision.HOLD);
        assertThat(v.decision().raisesAlert()).isTrue();
        assertThat(v.reason()).isEqualTo(Reason.STEP_TIMED_OUT);
        assertThat(v.message()).contains("max time without enough data", "canary 100 tasks (min 400)", "max 4h00m");
    }

    // ---- missing outcomes ----

    @Test
    void holds_and_pages_when_too_many_canary_tasks_never_reported_an_outcome() {
        ArmStats same = arm(400, 0.90, 0.10, 1.0, 1.3, 0);
        // 400 reported, 120 excluded: 23 % of 520 over the 20 % limit; otherwise the step would ramp.
        Verdict v = Judge.evaluate(at(0, 31).baseline(arm(7600, 0.90, 0.10, 1.0, 1.3, 0)).canary(same).build()
                .withExcluded(0, 120));

        assertThat(v.decision()).isEqualTo(Decision.HOLD);
        assertThat(v.decision().raisesAlert()).isTrue();
        assertThat(v.reason()).isEqualTo(Reason.FEEDBACK_MISSING);
        assertThat(v.message()).contains("canary 120 of 520 tasks (23.1%) without an outcome", "limit 20.0%");
    }

    @Test
    void holds_when_the_baselines_outcomes_go_missing_too() {
        Verdict v = Judge.evaluate(healthy().build().withExcluded(1_500, 0));

        assertThat(v.reason()).isEqualTo(Reason.FEEDBACK_MISSING);
        assertThat(v.message()).contains("baseline 1500 of 5300 tasks");
    }

    @Test
    void excluded_tasks_under_the_limit_change_nothing() {
        ArmStats same = arm(400, 0.90, 0.10, 1.0, 1.3, 0);
        Verdict v = Judge.evaluate(at(0, 31).baseline(arm(7600, 0.90, 0.10, 1.0, 1.3, 0)).canary(same).build()
                .withExcluded(1_000, 100));

        assertThat(v.decision()).as("100 of 500 is exactly 20 %: not over").isEqualTo(Decision.RAMP);
    }

    @Test
    void a_few_missing_outcomes_before_the_burn_in_do_not_hold() {
        Verdict v = Judge.evaluate(at(0, 10).baseline(arm(3800, 0.90, 0.10, 1.0, 1.3, 0))
                .canary(arm(10, 0.90, 0.10, 1.0, 1.3, 0)).build().withExcluded(0, 10));

        assertThat(v.decision()).as("20 canary tasks, fewer than the 30 per arm of the burn-in").isEqualTo(Decision.CONTINUE);
    }

    @Test
    void a_regression_on_the_reported_tasks_still_aborts_with_outcomes_missing() {
        Verdict v = Judge.evaluate(at(0, 31).baseline(arm(7600, 0.90, 0.10, 1.0, 1.3, 0))
                .canary(arm(400, 0.60, 0.10, 1.0, 1.3, 0)).build().withExcluded(0, 300));

        assertAbort(v, Reason.SUCCESS_REGRESSION);
    }

    @Test
    void no_exclusion_limit_never_holds_for_missing_outcomes() {
        ArmStats same = arm(400, 0.90, 0.10, 1.0, 1.3, 0);
        JudgeInput in = at(0, 31).baseline(arm(7600, 0.90, 0.10, 1.0, 1.3, 0)).canary(same).build();
        JudgeInput unlimited = new JudgeInput(in.baseline(), in.canary(), in.stepIndex(), in.stepStartedAt(), in.now(),
                in.plan(), in.guardrails().withMaxExclusionRate(null), in.budgets(), in.candidateSpend(),
                in.largestTaskSpend(), in.candidateTasksPerMinute(), in.candidateSpendPerMinute(), 0, 4_000);

        assertThat(Judge.evaluate(unlimited).decision()).isEqualTo(Decision.RAMP);
    }

    // ---- the bake after a promotion ----

    @Test
    void a_healthy_new_stable_bakes_on() {
        Verdict v = Judge.bake(arm(500, 0.90, 0.10, 1.0, 1.3, 5), GUARDRAILS, BUDGETS, 2.0);

        assertThat(v.decision()).isEqualTo(Decision.CONTINUE);
        assertThat(v.reason()).isEqualTo(Reason.BAKING);
    }

    @Test
    void an_error_rate_over_the_limit_during_the_bake_rolls_back() {
        Verdict v = Judge.bake(arm(100, 0.70, 0.10, 1.0, 1.3, 25), GUARDRAILS, BUDGETS, 2.0);

        assertThat(v.decision()).isEqualTo(Decision.ROLLBACK);
        assertThat(v.decision().raisesAlert()).isTrue();
        assertThat(v.reason()).isEqualTo(Reason.BAKE_BREAKER);
        assertThat(v.message()).contains("error rate 25.0% (25 of 100 tasks) over the limit 20.0%", "last-good");
    }

    @Test
    void an_intervention_rate_or_a_task_over_its_spend_ceiling_during_the_bake_rolls_back() {
        assertThat(Judge.bake(arm(100, 0.90, 0.60, 1.0, 1.3, 0), GUARDRAILS, BUDGETS, 2.0).message())
                .contains("intervention rate 60.0%");
        Verdict spend = Judge.bake(arm(3, 0.90, 0.10, 1.0, 1.3, 0), GUARDRAILS, BUDGETS, 6.0);
        assertThat(spend.decision()).as("one task is enough: no burn-in for a ceiling").isEqualTo(Decision.ROLLBACK);
        assertThat(spend.message()).contains("one task spent $6.0000, over the per-task ceiling $5.0000");
    }

    @Test
    void rates_wait_for_the_burn_in_during_the_bake_too() {
        assertThat(Judge.bake(arm(10, 0.50, 0.10, 1.0, 1.3, 5), GUARDRAILS, BUDGETS, 2.0).decision())
                .isEqualTo(Decision.CONTINUE);
    }

    @Test
    void rejects_a_step_that_is_not_judged() {
        assertThatThrownBy(() -> at(3, 0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step index 3 is not a judged step");
        assertThatThrownBy(() -> at(-1, 0).build()).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- fixtures ----

    private static void assertAbort(Verdict v, Reason reason) {
        assertThat(v.decision()).isEqualTo(Decision.ABORT);
        assertThat(v.decision().raisesAlert()).isTrue();
        assertThat(v.reason()).isEqualTo(reason);
        assertThat(v.targetWeightPercent()).isNull();
    }

    private static org.assertj.core.data.Offset<Double> within(double offset) {
        return org.assertj.core.data.Offset.offset(offset);
    }

    /**
     * An arm of n tasks with the given rates and cost mean and standard deviation, exactly: round(n·rate) events and
     * sums whose sample variance is sd²; the log-costs are those of a log-normal cost with that mean and sd (log
     * variance ln(1 + sd²/mean²), log mean ln(mean) − half of it).
     */
    static ArmStats arm(long n, double successRate, double interventionRate, double costMean, double costSd,
            long errors) {
        double costSum = n * costMean;
        double costSumSquares = (n - 1) * costSd * costSd + n * costMean * costMean;
        double logVariance = Math.log(1 + costSd * costSd / (costMean * costMean));
        double logMean = Math.log(costMean) - logVariance / 2;
        return ArmStats.ofSums(n, Math.round(n * successRate), Math.round(n * interventionRate), errors, costSum,
                costSumSquares, n * logMean, (n - 1) * logVariance + n * logMean * logMean);
    }

    /** Step 0 after 10 minutes, 200 healthy canary tasks against 3,800 baseline tasks, nothing near a ceiling. */
    private static InputBuilder healthy() {
        return at(0, 10).baseline(arm(3800, 0.90, 0.10, 1.0, 1.3, 0)).canary(arm(200, 0.90, 0.10, 1.0, 1.3, 0));
    }

    private static InputBuilder at(int step, long minutesIntoStep) {
        return new InputBuilder(step, T0.plus(Duration.ofMinutes(minutesIntoStep)));
    }

    private static final class InputBuilder {
        private final int step;
        private final Instant now;
        private ArmStats baseline = ArmStats.empty();
        private ArmStats canary = ArmStats.empty();
        private Budgets budgets = BUDGETS;
        private double candidateSpend = 100;
        private double largestTaskSpend = 2;
        private double tasksPerMinute = 20;
        private double spendPerMinute = 5;

        InputBuilder(int step, Instant now) {
            this.step = step;
            this.now = now;
        }

        InputBuilder baseline(ArmStats value) {
            baseline = value;
            return this;
        }

        InputBuilder canary(ArmStats value) {
            canary = value;
            return this;
        }

        InputBuilder budgets(Budgets value) {
            budgets = value;
            return this;
        }

        InputBuilder candidateSpend(double value) {
            candidateSpend = value;
            return this;
        }

        InputBuilder largestTaskSpend(double value) {
            largestTaskSpend = value;
            return this;
        }

        InputBuilder tasksPerMinute(double value) {
            tasksPerMinute = value;
            return this;
        }

        InputBuilder spendPerMinute(double value) {
            spendPerMinute = value;
            return this;
        }

        JudgeInput build() {
            return new JudgeInput(baseline, canary, step, T0, now, PLAN, GUARDRAILS, budgets, candidateSpend,
                    largestTaskSpend, tasksPerMinute, spendPerMinute);
        }
    }
}
