package dev.slipway.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ArmStatsTest {

    @Test
    void counts_and_sums_each_task() {
        ArmStats arm = ArmStats.empty()
                .plus(new TaskOutcome(true, false, false, 0.10))
                .plus(new TaskOutcome(false, true, false, 0.30))
                .plus(new TaskOutcome(false, false, true, 0.20));

        assertThat(arm.n()).isEqualTo(3);
        assertThat(arm.successes()).isEqualTo(1);
        assertThat(arm.interventions()).isEqualTo(1);
        assertThat(arm.errors()).isEqualTo(1);
        assertThat(arm.costSum()).isCloseTo(0.6, within(1e-15));
        assertThat(arm.costSumSquares()).isCloseTo(0.14, within(1e-15));
        assertThat(arm.costMean()).isCloseTo(0.2, within(1e-15));
        assertThat(arm.costVariance()).isCloseTo(0.01, within(1e-15));
        assertThat(arm.successRate()).isCloseTo(1.0 / 3, within(1e-15));
    }

    @Test
    void welford_keeps_the_variance_where_plain_sums_cancel() {
        // Costs 1e8 + {0.1, 0.2, 0.3}: Σx² − (Σx)²/n loses every digit of the variance 0.01 in doubles.
        ArmStats arm = ArmStats.empty();
        for (double c : new double[] {1e8 + 0.1, 1e8 + 0.2, 1e8 + 0.3}) {
            arm = arm.plus(new TaskOutcome(true, false, false, c));
        }
        assertThat(arm.costVariance()).isCloseTo(0.01, within(1e-6));
        double naive = (arm.costSumSquares() - arm.costSum() * arm.costSum() / 3) / 2;
        assertThat(Math.abs(naive - 0.01)).as("the naive formula is off").isGreaterThan(0.01);
    }

    @Test
    void keeps_the_moments_of_the_log_cost_with_free_tasks_at_the_floor() {
        ArmStats arm = ArmStats.empty()
                .plus(new TaskOutcome(true, false, false, Math.E))
                .plus(new TaskOutcome(true, false, false, Math.exp(3)))
                .plus(new TaskOutcome(true, false, false, 0.0));

        double free = Math.log(ArmStats.LOG_COST_FLOOR_USD);
        assertThat(ArmStats.logCost(0.0)).isEqualTo(free);
        assertThat(arm.logCostSum()).isCloseTo(1 + 3 + free, within(1e-12));
        assertThat(arm.logCostSumSquares()).isCloseTo(1 + 9 + free * free, within(1e-9));
        double mean = (4 + free) / 3;
        assertThat(arm.logCostMean()).isCloseTo(mean, within(1e-12));
        assertThat(arm.logCostVariance()).isCloseTo(((1 - mean) * (1 - mean) + (3 - mean) * (3 - mean)
                + (free - mean) * (free - mean)) / 2, within(1e-9));
        assertThat(arm.typicalCost()).isCloseTo(Math.exp(mean), within(1e-12));
    }

    @Test
    void builds_from_the_sums_the_avro_metrics_carry() {
        ArmStats folded = ArmStats.empty()
                .plus(new TaskOutcome(true, false, false, 1.0))
                .plus(new TaskOutcome(true, true, false, 3.0));
        ArmStats fromSums = ArmStats.ofSums(2, 2, 1, 0, 4.0, 10.0, Math.log(3.0), Math.log(3.0) * Math.log(3.0));

        assertThat(fromSums.costMean()).isEqualTo(folded.costMean());
        assertThat(fromSums.logCostMean()).isCloseTo(folded.logCostMean(), within(1e-12));
        assertThat(fromSums.logCostVariance()).isCloseTo(folded.logCostVariance(), within(1e-12));
        assertThat(fromSums.costVariance()).isCloseTo(folded.costVariance(), within(1e-12));
        assertThat(fromSums.plus(new TaskOutcome(false, false, false, 2.0)).costVariance())
                .isCloseTo(1.0, within(1e-12));
    }

    @Test
    void has_no_rates_without_tasks_and_no_variance_below_two() {
        assertThat(ArmStats.empty().successRate()).isNaN();
        assertThat(ArmStats.empty().costMean()).isNaN();
        assertThat(ArmStats.empty().plus(new TaskOutcome(true, false, false, 1)).costVariance()).isNaN();
        assertThat(ArmStats.ofSums(0, 0, 0, 0, 0, 0, 0, 0)).isEqualTo(ArmStats.empty());
    }

    @Test
    void rejects_impossible_counts_and_costs() {
        assertThatThrownBy(() -> ArmStats.ofSums(2, 3, 0, 0, 1, 1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArmStats.ofSums(2, 1, 0, 0, Double.NaN, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArmStats.ofSums(2, 1, 0, 0, 1, 1, Double.NEGATIVE_INFINITY, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TaskOutcome(true, false, false, -0.01))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
