package dev.slipway.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import dev.slipway.canary.ArmTally.FinishedTask;
import dev.slipway.events.ArmMetrics;

/** {@link ArmTally}: folding finished tasks into an arm's sums, and counting tasks still waiting for their outcome. */
class ArmTallyTest {

    private static final String DIGEST = "sha256:" + "c".repeat(64);

    @Test
    void an_empty_arm_names_its_digest_and_counts_nothing() {
        ArmMetrics empty = ArmTally.empty(DIGEST);

        assertThat(empty.getDigest()).isEqualTo(DIGEST);
        assertThat(empty.getTasks()).isZero();
        assertThat(empty.getSuccesses()).isZero();
        assertThat(empty.getInterventions()).isZero();
        assertThat(empty.getErrors()).isZero();
        assertThat(empty.getFeedbackPending()).isZero();
        assertThat(empty.getCostSum()).isZero();
        assertThat(empty.getCostSumSquares()).isZero();
        assertThat(empty.getLatencySumMs()).isZero();
        assertThat(empty.getLatencyMaxMs()).isZero();
    }

    @Test
    void add_folds_each_task_into_counts_cost_sums_and_latency() {
        ArmMetrics arm = ArmTally.empty(DIGEST);

        ArmTally.add(arm, new FinishedTask(true, false, false, 0.10, 800));
        ArmTally.add(arm, new FinishedTask(false, true, false, 0.20, 1200));
        ArmTally.add(arm, new FinishedTask(false, false, true, 0.05, 300));
        ArmTally.add(arm, new FinishedTask(true, true, false, 0.0, 50));

        assertThat(arm.getDigest()).isEqualTo(DIGEST);
        assertThat(arm.getTasks()).isEqualTo(4);
        assertThat(arm.getSuccesses()).isEqualTo(2);
        assertThat(arm.getInterventions()).isEqualTo(2);
        assertThat(arm.getErrors()).isEqualTo(1);
        assertThat(arm.getCostSum()).isCloseTo(0.35, within(1e-12));
        assertThat(arm.getCostSumSquares()).isCloseTo(0.01 + 0.04 + 0.0025, within(1e-12));
        double free = Math.log(1e-6);
        assertThat(arm.getLogCostSum()).as("a free task counts at the floor")
                .isCloseTo(Math.log(0.10) + Math.log(0.20) + Math.log(0.05) + free, within(1e-12));
        assertThat(arm.getLogCostSumSquares()).isCloseTo(Math.pow(Math.log(0.10), 2) + Math.pow(Math.log(0.20), 2)
                + Math.pow(Math.log(0.05), 2) + free * free, within(1e-9));
        assertThat(arm.getLatencySumMs()).isEqualTo(2350.0);
        assertThat(arm.getLatencyMaxMs()).isEqualTo(1200);
        assertThat(arm.getFeedbackPending()).as("add never touches pending").isZero();
    }

    @Test
    void add_keeps_the_tasks_waiting_for_feedback() {
        ArmMetrics arm = ArmTally.empty(DIGEST);
        ArmTally.pending(arm, +2);

        ArmTally.add(arm, new FinishedTask(true, false, false, 1.5, 100));

        assertThat(arm.getTasks()).isEqualTo(1);
        assertThat(arm.getFeedbackPending()).as("pending carried over").isEqualTo(2);
    }

    @Test
    void pending_counts_tasks_waiting_for_their_outcome_without_counting_them_as_tasks() {
        ArmMetrics arm = ArmTally.empty(DIGEST);
        ArmTally.add(arm, new FinishedTask(true, false, false, 0.10, 100));

        ArmTally.pending(arm, +1);
        ArmTally.pending(arm, +1);

        assertThat(arm.getFeedbackPending()).isEqualTo(2);
        assertThat(arm.getTasks()).as("a pending task is not a task yet, and never a failure").isEqualTo(1);
        assertThat(arm.getSuccesses()).isEqualTo(1);
        assertThat(arm.getCostSum()).isCloseTo(0.10, within(1e-12));
        ArmTally.pending(arm, -1);
        assertThat(arm.getFeedbackPending()).isEqualTo(1);
    }

    @Test
    void pending_never_goes_below_zero() {
        ArmMetrics arm = ArmTally.empty(DIGEST);

        ArmTally.pending(arm, -1);
        assertThat(arm.getFeedbackPending()).isZero();
        ArmTally.pending(arm, +1);
        ArmTally.pending(arm, -3);
        assertThat(arm.getFeedbackPending()).isZero();
    }
}
