package dev.slipway.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class NonInferiorityTestsTest {

    private static final Guardrails G = Guardrails.defaults();
    private static final NonInferiorityTests ONE_STEP_AT_5_PERCENT =
            new NonInferiorityTests(G, G.abortLevel(1), G.promoteAlpha(), G.tStarTotalTasks(5));

    @Test
    void runs_each_test_at_alpha_over_four_per_step_with_t_star_from_the_weight() {
        assertThat(G.abortLevel(1)).isCloseTo(0.01 / 4, within(1e-15));
        assertThat(G.abortLevel(3)).isCloseTo(0.01 / 12, within(1e-15));
        assertThat(G.tStarTotalTasks(5)).isEqualTo(8000);
        assertThat(G.tStarTotalTasks(50)).isEqualTo(800);
    }

    @Test
    void an_arm_with_only_successes_still_has_a_positive_standard_error() {
        // (s+1)/(n+2): 31/32 and 571/572, not 1 and 1.
        double se = NonInferiorityTests.binaryStandardError(570, 570, 30, 30);
        assertThat(se).isCloseTo(Math.sqrt(31.0 / 32 * (1.0 / 32) / 30 + 571.0 / 572 * (1.0 / 572) / 570),
                within(1e-15));
        assertThat(se).isPositive();
    }

    @Test
    void a_metric_with_one_outcome_in_both_arms_cannot_regress() {
        ArmStats allGood = ArmStats.ofSums(100, 100, 0, 0, 100, 200, 0, 50);
        List<MetricBound> bounds = ONE_STEP_AT_5_PERCENT.bounds(allGood, allGood);
        assertThat(bounds.get(0).estimate()).isZero();
        assertThat(bounds).extracting(MetricBound::status).doesNotContain(MetricStatus.REGRESSION);
    }

    @Test
    void a_canary_that_never_succeeds_is_a_regression_right_after_burn_in() {
        ArmStats baseline = JudgeTest.arm(570, 0.90, 0.10, 1.0, 1.3, 0);
        ArmStats canary = JudgeTest.arm(30, 0.0, 0.10, 1.0, 1.3, 0);
        assertThat(ONE_STEP_AT_5_PERCENT.firstRegression(baseline, canary)).isEqualTo(Metric.SUCCESS);
    }

    @Test
    void the_hot_path_agrees_with_the_detailed_bounds() {
        ArmStats baseline = JudgeTest.arm(6000, 0.90, 0.10, 1.0, 1.3, 0);
        for (int nc = 30; nc <= 600; nc += 57) {
            for (double p = 0.70; p <= 0.95; p += 0.05) {
                for (double q = 0.05; q <= 0.25; q += 0.05) {
                    for (double cost = 0.9; cost <= 1.6; cost += 0.1) {
                        ArmStats canary = JudgeTest.arm(nc, p, q, cost, 1.3 * cost, 0);
                        Metric hot = ONE_STEP_AT_5_PERCENT.firstRegression(baseline, canary);
                        Metric detailed = ONE_STEP_AT_5_PERCENT.bounds(baseline, canary).stream()
                                .filter(b -> b.status() == MetricStatus.REGRESSION).map(MetricBound::metric)
                                .findFirst().orElse(null);
                        assertThat(hot).as("nc=%d p=%.2f q=%.2f cost=%.1f", nc, p, q, cost).isEqualTo(detailed);
                    }
                }
            }
        }
    }

    @Test
    void tests_cost_as_the_linear_contrast_against_the_allowed_ratio() {
        ArmStats baseline = JudgeTest.arm(8000, 0.9, 0.1, 2.0, 2.6, 0);
        ArmStats canary = JudgeTest.arm(800, 0.9, 0.1, 2.5, 3.25, 0);
        MetricBound cost = ONE_STEP_AT_5_PERCENT.bounds(baseline, canary).get(2);

        assertThat(cost.estimate()).isCloseTo(2.5 - 1.1 * 2.0, within(1e-9));
        double se = Math.sqrt(3.25 * 3.25 / 800 + 1.21 * 2.6 * 2.6 / 8000);
        assertThat(cost.standardError()).isCloseTo(se, within(1e-9));
        double f = ConfidenceSequence.halfWidthFactor(0.01 / 4, 8000, 8800);
        assertThat(cost.abortBound()).isCloseTo(0.3 - f * se, within(1e-9));
        assertThat(cost.promoteBound()).isCloseTo(0.3 + ConfidenceSequence.halfWidthFactor(0.05, 8000, 8800) * se,
                within(1e-9));
    }

    @Test
    void tests_typical_cost_as_the_difference_of_mean_log_costs_against_the_log_of_the_allowed_ratio() {
        // Log-normal costs, CV 1.3 in both arms: log-variance ln(1 + 1.69) in each, geometric means 2.0/sqrt(2.69)
        // and 2.5/sqrt(2.69).
        ArmStats baseline = JudgeTest.arm(8000, 0.9, 0.1, 2.0, 2.6, 0);
        ArmStats canary = JudgeTest.arm(800, 0.9, 0.1, 2.5, 3.25, 0);
        MetricBound typical = ONE_STEP_AT_5_PERCENT.bounds(baseline, canary).get(3);

        assertThat(typical.metric()).isEqualTo(Metric.TYPICAL_COST);
        assertThat(typical.baselineValue()).isCloseTo(2.0 / Math.sqrt(2.69), within(1e-9));
        assertThat(typical.canaryValue()).isCloseTo(2.5 / Math.sqrt(2.69), within(1e-9));
        assertThat(typical.estimate()).isCloseTo(Math.log(2.5 / 2.0), within(1e-9));
        double logVariance = Math.log(2.69);
        double se = Math.sqrt(logVariance / 800 + logVariance / 8000);
        assertThat(typical.standardError()).isCloseTo(se, within(1e-9));
        double f = ConfidenceSequence.halfWidthFactor(0.01 / 4, 8000, 8800);
        assertThat(typical.abortBound()).isCloseTo(Math.log(1.25) - f * se, within(1e-9));
        assertThat(typical.limit()).isCloseTo(Math.log(1.1), within(1e-15));
        assertThat(typical.status()).as("+25 % on 800 canary tasks: neither shown worse nor shown within 1.1")
                .isEqualTo(MetricStatus.INCONCLUSIVE);
    }
}
