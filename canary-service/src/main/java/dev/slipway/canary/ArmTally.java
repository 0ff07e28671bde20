package dev.slipway.canary;

import dev.slipway.canary.judge.ArmStats;
import dev.slipway.events.ArmMetrics;

/**
 * Folds one finished task into the running metrics of the arm that served it, in place (one run, one update: no
 * copy per run on the canary's hot path). Plain Java: the judge's input, unit-tested. A task is finished when its success and intervention are both known; until then it only counts as
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

    /** Counts a finished task into {@code metrics}, in place: the arm's tally is updated after every run. */
    public static void add(ArmMetrics metrics, FinishedTask task) {
        double cost = task.costUsd();
        metrics.setTasks(metrics.getTasks() + 1);
        metrics.setSuccesses(metrics.getSuccesses() + (task.success() ? 1 : 0));
        metrics.setErrors(metrics.getErrors() + (task.error() ? 1 : 0));
        metrics.setInterventions(metrics.getInterventions() + (task.intervention() ? 1 : 0));
        metrics.setCostSum(metrics.getCostSum() + cost);
        metrics.setCostSumSquares(metrics.getCostSumSquares() + cost * cost);
        double logCost = ArmStats.logCost(cost);
        metrics.setLogCostSum(metrics.getLogCostSum() + logCost);
        metrics.setLogCostSumSquares(metrics.getLogCostSumSquares() + logCost * logCost);
        metrics.setLatencySumMs(metrics.getLatencySumMs() + task.latencyMs());
        metrics.setLatencyMaxMs(Math.max(metrics.getLatencyMaxMs(), task.latencyMs()));
    }

    /** A pending task whose outcome never arrived within the feedback window: no longer pending, excluded. */
    public static void expired(ArmMetrics metrics) {
        pending(metrics, -1);
        metrics.setFeedbackExpired(metrics.getFeedbackExpired() + 1);
    }

    /** Tasks waiting for their outcome, in place; never below zero. */
    public static void pending(ArmMetrics metrics, int delta) {
        metrics.setFeedbackPending(Math.max(0, metrics.getFeedbackPending() + delta));
    }
}
