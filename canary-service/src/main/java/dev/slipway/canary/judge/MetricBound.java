package dev.slipway.canary.judge;

/**
 * One metric's test in the current step, with the numbers it was decided on.
 *
 * <p>Estimates are canary minus baseline in the metric's units: success and intervention as rate differences, cost
 * as the contrast {@code x̄_c − costRatio·x̄_b} (USD per task), typical cost as the difference of mean log-costs
 * (the log of the ratio of geometric means), so "no worse than tolerated" is {@code estimate ≥ limit} for success
 * and {@code estimate ≤ limit} for the others.
 *
 * @param metric        which metric
 * @param status        the outcome of the test
 * @param baselineValue baseline success rate, intervention rate, mean cost or typical (geometric mean) cost
 * @param canaryValue   the same, canary
 * @param estimate      canary − baseline (cost: canary − costRatio · baseline; typical cost: ln canary − ln baseline)
 * @param standardError standard error of the estimate (0/1 metrics: variances from (s+1)/(n+2))
 * @param abortBound    the confidence-sequence bound on the canary's favourable side (success: upper; the others:
 *                      lower) at the abort level; a regression when even it is beyond {@code limit}
 * @param promoteBound  the bound on the unfavourable side at the promote level; non-inferior when it is within
 *                      {@code limit}
 * @param limit         the tolerance in estimate units: −successTolerance, +interventionTolerance, 0 for cost,
 *                      ln costRatio for typical cost
 */
public record MetricBound(Metric metric, MetricStatus status, double baselineValue, double canaryValue,
        double estimate, double standardError, double abortBound, double promoteBound, double limit) {

    /** True when higher values of the metric are better (success). */
    public boolean higherIsBetter() {
        return metric == Metric.SUCCESS;
    }
}
