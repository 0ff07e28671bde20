package dev.slipway.canary;

import dev.slipway.events.ArmMetrics;

/**
 * Folds one finished task into the running metrics of the arm that served it. Plain Java: the judge's input,
 * unit-tested. A task is finished when its success and intervention are both known; until then it only counts as
 * pending, never as a failure.
 */
public final class ArmTally {

    private ArmTally() {
    }

    /** One task whose outcome is known. */
    public record FinishedTask(boolean success, boolean intervention, boolean error, double costUsd, long latencyMs) {
    }

    public static ArmMetrics empty(String digest) {
        return ArmMetrics.newBuilder().setDigest(digest).build();
    }

    public static ArmMetrics add(ArmMetrics metrics, FinishedTask task) {
        double cost = task.costUsd();
        return ArmMetrics.newBuilder(metrics)
                .setTasks(metrics.getTasks() + 1)
                .setSuccesses(metrics.getSuccesses() + (task.success() ? 1 : 0))
                .setErrors(metrics.getErrors() + (task.error() ? 1 : 0))
                .setInterventions(metrics.getInterventions() + (task.intervention() ? 1 : 0))
                .setCostSum(metrics.getCostSum() + cost)
                .setCostSumSquares(metrics.getCostSumSquares() + cost * cost)
                .setLatencySumMs(metrics.getLatencySumMs() + task.latencyMs())
                .setLatencyMaxMs(Math.max(metrics.getLatencyMaxMs(), task.latencyMs()))
                .build();
    }

    public static ArmMetrics pending(ArmMetrics metrics, int delta) {
        return ArmMetrics.newBuilder(metrics).setFeedbackPending(Math.max(0, metrics.getFeedbackPending() + delta)).build();
    }
}
