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
 */
public final class ArmStats {

    private static final ArmStats EMPTY = new ArmStats(0, 0, 0, 0, 0.0, 0.0, 0.0, 0.0);

    private final long n;
    private final long successes;
    private final long interventions;
    private final long errors;
    private final double costSum;
    private final double costSumSquares;
    private final double costMean;
    private final double costM2;

    private ArmStats(long n, long successes, long interventions, long errors, double costSum, double costSumSquares,
            double costMean, double costM2) {
        this.n = n;
        this.successes = successes;
        this.interventions = interventions;
        this.errors = errors;
        this.costSum = costSum;
        this.costSumSquares = costSumSquares;
        this.costMean = costMean;
        this.costM2 = costM2;
    }

    public static ArmStats empty() {
        return EMPTY;
    }

    /**
     * Builds an arm from plain sums, as the Avro {@code ArmMetrics} carries them.
     *
     * @throws IllegalArgumentException when a count is negative or above {@code n}, or a sum is not finite
     */
    public static ArmStats ofSums(long n, long successes, long interventions, long errors, double costSum,
            double costSumSquares) {
        if (n < 0 || successes < 0 || interventions < 0 || errors < 0
                || successes > n || interventions > n || errors > n) {
            throw new IllegalArgumentException("counts must lie in [0, n]: n=" + n + ", successes=" + successes
                    + ", interventions=" + interventions + ", errors=" + errors);
        }
        if (!Double.isFinite(costSum) || !Double.isFinite(costSumSquares) || costSum < 0 || costSumSquares < 0) {
            throw new IllegalArgumentException("cost sums must be finite and >= 0");
        }
        if (n == 0) {
            return EMPTY;
        }
        double mean = costSum / n;
        double m2 = Math.max(0.0, costSumSquares - costSum * mean);
        return new ArmStats(n, successes, interventions, errors, costSum, costSumSquares, mean, m2);
    }

    /** This arm with one more scored task (Welford update for the cost moments). */
    public ArmStats plus(TaskOutcome task) {
        long n1 = n + 1;
        double cost = task.cost();
        double delta = cost - costMean;
        double mean1 = costMean + delta / n1;
        double m21 = costM2 + delta * (cost - mean1);
        return new ArmStats(n1,
                successes + (task.success() ? 1 : 0),
                interventions + (task.intervention() ? 1 : 0),
                errors + (task.error() ? 1 : 0),
                costSum + cost,
                costSumSquares + cost * cost,
                mean1,
                m21);
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
                && Double.compare(costMean, other.costMean) == 0 && Double.compare(costM2, other.costM2) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(n, successes, interventions, errors, costSum, costSumSquares, costMean, costM2);
    }

    @Override
    public String toString() {
        return "ArmStats[n=" + n + ", successes=" + successes + ", interventions=" + interventions + ", errors="
                + errors + ", costSum=" + costSum + ", costMean=" + costMean() + ", costVariance=" + costVariance()
                + "]";
    }
}
