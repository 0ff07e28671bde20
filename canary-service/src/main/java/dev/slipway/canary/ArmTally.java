package dev.slipway.canary;

import dev.slipway.events.ArmMetrics;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunOutcome;

/** Folds one run into the running metrics of the arm that served it. Plain Java: the judge's input, unit-tested. */
public final class ArmTally {

    private ArmTally() {
    }

    public static ArmMetrics empty(String digest) {
        return ArmMetrics.newBuilder().setDigest(digest).build();
    }

    public static ArmMetrics add(ArmMetrics metrics, RunCompleted run) {
        double cost = run.getCostUsd();
        return ArmMetrics.newBuilder(metrics)
                .setTasks(metrics.getTasks() + 1)
                .setSuccesses(metrics.getSuccesses() + (run.getOutcome() == RunOutcome.SUCCEEDED ? 1 : 0))
                .setErrors(metrics.getErrors() + (run.getOutcome() == RunOutcome.ERROR ? 1 : 0))
                .setFeedbackPending(metrics.getFeedbackPending() + (run.getOutcome() == RunOutcome.PENDING ? 1 : 0))
                .setInterventions(metrics.getInterventions() + (Boolean.TRUE.equals(run.getHumanIntervention()) ? 1 : 0))
                .setCostSum(metrics.getCostSum() + cost)
                .setCostSumSquares(metrics.getCostSumSquares() + cost * cost)
                .setLatencySumMs(metrics.getLatencySumMs() + run.getLatencyMs())
                .setLatencyMaxMs(Math.max(metrics.getLatencyMaxMs(), run.getLatencyMs()))
                .build();
    }
}
