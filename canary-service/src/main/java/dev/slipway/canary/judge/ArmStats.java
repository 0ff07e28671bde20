package dev.slipway.canary.judge;

import java.util.Objects;

/**
 * Running tallies of one arm (baseline or canary) over one rollout step. Immutable: {@link #plus(TaskOutcome)}
 * returns a new instance.
 *
 * <p>Costs are kept both as plain sums ({@link #costSum()}, {@link #costSumSquares()}, the shape of the Avro
 * {@code ArmMetrics}) and as a Welford mean and sum of squared deviations, so {@link #costVariance()} does not suffer
 * the cancellation of {@code Σx² − (Σx)²/n} when the mean is large against the spread. Instances built from sums
 * alone ({@link #ofSums}) derive the Welford pair once, clamped at zero.
 *
 * <p>The same moments are kept for the log of the cost ({@link #logCost}): the typical-cost test compares mean
 * log-costs (geometric means), which a heavy right tail does not blur the way it blurs the mean.
 */
public final class ArmStats {

    /**
     * Costs below this (USD) count as this on the log scale, so a free task (a cache hit, an error before any model
     * call) has a finite log-cost: a millionth of a dollar, about one token of the cheapest models.
     */
    public static final double LOG_COST_FLOOR_USD = 1e-6;

    private static final ArmStats EMPTY = new ArmStats(0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);

    private final long n;
    private final long successes;
    private final long interventions;
    private final long errors;
    private final double costSum;
    private final double costSumSquares;
    private final double costMean;
    private final double costM2;
    private final double logCostSum;
    private final double logCostSumSquares;
    private final double logCostMean;
    private final double logCostM2;

    private ArmStats(long n, long successes, long interventions, long errors, double costSum, double costSumSquares,
            double costMean, double costM2, double logCostSum, double logCostSumSquares, double logCostMean,
            double logCostM2) {
        this.n = n;
        this.successes = successes;
        this.interventions = interventions;
        this.errors = errors;
        this.costSum = costSum;
        this.costSumSquares = costSumSquares;
        this.costMean = costMean;
        this.costM2 = costM2;
        this.logCostSum = logCostSum;
        this.logCostSumSquares = logCostSumSquares;
        this.logCostMean = logCostMean;
        this.logCostM2 = logCostM2;
    }

    /** ln(max(cost, {@link #LOG_COST_FLOOR_USD})): a task's cost on the typical-cost test's scale. */
    public static double logCost(double costUsd) {
        return Math.log(Math.max(costUsd, LOG_COST_FLOOR_USD));
    }

    public static ArmStats empty() {
        return EMPTY;
    }

    /**
     * Builds an arm from plain sums, as the Avro {@code ArmMetrics} carries them.
     *
     * @param logCostSum        Σ {@link #logCost}(cost)
     * @param logCostSumSquares Σ {@link #logCost}(cost)²
     * @throws IllegalArgumentException when a count is negative or above {@code n}, or a sum is not finite
     */
    public static ArmStats ofSums(long n, long successes, long interventions, long errors, double costSum,
            double costSumSquares, double logCostSum, double logCostSumSquares) {
        if (n < 0 || successes < 0 || interventions < 0 || errors < 0
                || successes > n || interventions > n || errors > n) {
            throw new IllegalArgumentException("counts must lie in [0, n]: n=" + n + ", successes=" + successes
                    + ", interventions=" + interventions + ", errors=" + errors);
        }
        if (!Double.isFinite(costSum) || !Double.isFinite(costSumSquares) || costSum < 0 || costSumSquares < 0) {
            throw new IllegalArgumentException("cost sums must be finite and >= 0");
        }
        if (!Double.isFinite(logCostSum) || !Double.isFinite(logCostSumSquares) || logCostSumSquares < 0) {
            throw new IllegalArgumentException("log-cost sums must be finite, the sum of squares >= 0");
        }
        if (n == 0) {
            return EMPTY;
        }
        double mean = costSum / n;
        double m2 = Math.max(0.0, costSumSquares - costSum * mean);
        double logMean = logCostSum / n;
        double logM2 = Math.max(0.0, logCostSumSquares - logCostSum * logMean);
        return new ArmStats(n, successes, interventions, errors, costSum, costSumSquares, mean, m2, logCostSum,
                logCostSumSquares, logMean, logM2);
    }

    /** This arm with one more scored task (Welford update for the cost moments). */
    public ArmStats plus(TaskOutcome task) {
        long n1 = n + 1;
        double cost = task.cost();
        double delta = cost - costMean;
        double mean1 = costMean + delta / n1;
        double m21 = costM2 + delta * (cost - mean1);
        double logCost = logCost(cost);
        double logDelta = logCost - logCostMean;
        double logMean1 = logCostMean + logDelta / n1;
        double logM21 = logCostM2 + logDelta * (logCost - logMean1);
        return new ArmStats(n1,
                successes + (task.success() ? 1 : 0),
                interventions + (task.intervention() ? 1 : 0),
                errors + (task.error() ? 1 : 0),
                costSum + cost,
                costSumSquares + cost * cost,
                mean1,
                m21,
                logCostSum + logCost,
                logCostSumSquares + logCost * logCost,
                logMean1,
                logM21);
    }

    public long n() {
        return n;
    }

    public long successes() {
        return successes;
    }

    public long interventions() {
        return interventions;
    }

    public long errors() {
        return errors;
    }

    public double costSum() {
        return costSum;
    }

    public double costSumSquares() {
        return costSumSquares;
    }

    public double logCostSum() {
        return logCostSum;
    }

    public double logCostSumSquares() {
        return logCostSumSquares;
    }

    /** Mean log-cost (Welford): the log of the geometric mean cost; NaN with no tasks. */
    public double logCostMean() {
        return n == 0 ? Double.NaN : logCostMean;
    }

    /** Sample variance of the log-cost (n − 1 denominator); NaN below two tasks. */
    public double logCostVariance() {
        return n < 2 ? Double.NaN : logCostM2 / (n - 1);
    }

    /** Geometric mean cost per task, exp(mean log-cost): the typical task's cost; NaN with no tasks. */
    public double typicalCost() {
        return Math.exp(logCostMean());
    }

    /** Success rate s/n; NaN with no tasks. */
    public double successRate() {
        return n == 0 ? Double.NaN : (double) successes / n;
    }

    /** Intervention rate; NaN with no tasks. */
    public double interventionRate() {
        return n == 0 ? Double.NaN : (double) interventions / n;
    }

    /** Error rate; NaN with no tasks. */
    public double errorRate() {
        return n == 0 ? Double.NaN : (double) errors / n;
    }

    /** Mean cost per task (Welford); NaN with no tasks. */
    public double costMean() {
        return n == 0 ? Double.NaN : costMean;
    }

    /** Sample variance of the cost per task (n − 1 denominator, Welford); NaN below two tasks. */
    public double costVariance() {
        return n < 2 ? Double.NaN : costM2 / (n - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArmStats other
                && n == other.n && successes == other.successes && interventions == other.interventions
                && errors == other.errors && Double.compare(costSum, other.costSum) == 0
                && Double.compare(costSumSquares, other.costSumSquares) == 0
                && Double.compare(costMean, other.costMean) == 0 && Double.compare(costM2, other.costM2) == 0
                && Double.compare(logCostSum, other.logCostSum) == 0
                && Double.compare(logCostSumSquares, other.logCostSumSquares) == 0
                && Double.compare(logCostMean, other.logCostMean) == 0
                && Double.compare(logCostM2, other.logCostM2) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(n, successes, interventions, errors, costSum, costSumSquares, costMean, costM2,
                logCostSum, logCostSumSquares, logCostMean, logCostM2);
    }

    @Override
    public String toString() {
        return "ArmStats[n=" + n + ", successes=" + successes + ", interventions=" + interventions + ", errors="
                + errors + ", costSum=" + costSum + ", costMean=" + costMean() + ", costVariance=" + costVariance()
                + ", typicalCost=" + typicalCost() + ", logCostVariance=" + logCostVariance() + "]";
    }
}
