package dev.slipway.canary.judge;

import java.util.List;

/**
 * The four one-sided non-inferiority tests of one rollout step, on confidence sequences (JUDGE-NOTES §1):
 *
 * <table>
 * <caption>tests</caption>
 * <tr><th>metric</th><th>estimate D̂</th><th>SE²</th><th>regression if</th><th>non-inferior if</th></tr>
 * <tr><td>success</td><td>p̂_c − p̂_b</td><td>ṽ_c/n_c + ṽ_b/n_b</td><td>D̂ + h_a &lt; −tol_s</td>
 * <td>D̂ − h_p &gt; −tol_s</td></tr>
 * <tr><td>intervention</td><td>î_c − î_b</td><td>same</td><td>D̂ − h_a &gt; tol_i</td><td>D̂ + h_p &lt; tol_i</td></tr>
 * <tr><td>cost</td><td>x̄_c − r·x̄_b</td><td>s_c²/n_c + r²·s_b²/n_b</td><td>D̂ − h_a &gt; 0</td>
 * <td>D̂ + h_p &lt; 0</td></tr>
 * <tr><td>typical cost</td><td>ȳ_c − ȳ_b, y = ln cost</td><td>s_yc²/n_c + s_yb²/n_b</td><td>D̂ − h_a &gt; ln r</td>
 * <td>D̂ + h_p &lt; ln r</td></tr>
 * </table>
 *
 * <p>ṽ = p̃(1 − p̃) with p̃ = (s+1)/(n+2), so an arm with only successes does not get SE = 0. The cost row tests
 * μ_c/μ_b &gt; r as a linear contrast and never divides by a noisy x̄_b. h = SE · f(t) with f from
 * {@link ConfidenceSequence} at t = n_b + n_c; h_a at the abort level, h_p at the promote level.
 *
 * <p>The typical-cost row compares geometric means: the log of a heavy-tailed (log-normal-like) cost is close to
 * normal, so its confidence sequence is tight where the mean's is not (σ = 1.5: ~4,000 canary tasks against ~15,000
 * for a +25 % shift; docs/canary-judge.md).
 *
 * <p>A test runs only once both arms have {@link Guardrails#minTasksPerArm()} tasks and, for a 0/1 metric, both
 * outcomes have been seen in the step (pooled over the arms; see docs/canary-judge.md for why not per arm).
 *
 * <p>{@link #firstRegression} is the allocation-free hot path (the simulation calls it after every event);
 * {@link #bounds} gives the same decisions with every number. Both use the same arithmetic below.
 */
public final class NonInferiorityTests {

    private final Guardrails guardrails;
    private final ConfidenceSequence abortSequence;
    private final ConfidenceSequence promoteSequence;

    public NonInferiorityTests(Guardrails guardrails, double abortLevel, double promoteLevel, double tStarTotalTasks) {
        this.guardrails = guardrails;
        this.abortSequence = ConfidenceSequence.oneSided(abortLevel, tStarTotalTasks);
        this.promoteSequence = ConfidenceSequence.oneSided(promoteLevel, tStarTotalTasks);
    }

    /**
     * The tests of step {@code stepIndex}: abort level alpha/(4·judged steps), promote level promoteAlpha, t* of the
     * step's weight.
     */
    public static NonInferiorityTests forStep(Guardrails guardrails, RolloutPlan plan, int stepIndex) {
        int weight = plan.step(stepIndex).weightPercent();
        return new NonInferiorityTests(guardrails, guardrails.abortLevel(plan.judgedSteps()),
                guardrails.promoteAlpha(), guardrails.tStarTotalTasks(weight));
    }

    public ConfidenceSequence abortSequence() {
        return abortSequence;
    }

    public ConfidenceSequence promoteSequence() {
        return promoteSequence;
    }

    /** Both arms have reached the burn-in size. */
    public boolean burnedIn(ArmStats baseline, ArmStats canary) {
        return baseline.n() >= guardrails.minTasksPerArm() && canary.n() >= guardrails.minTasksPerArm();
    }

    /** The first metric (in {@link Metric} order) that regressed, or null. Allocates nothing. */
    public Metric firstRegression(ArmStats baseline, ArmStats canary) {
        if (!burnedIn(baseline, canary)) {
            return null;
        }
        double f = abortSequence.halfWidthFactor((double) baseline.n() + canary.n());
        long nb = baseline.n();
        long nc = canary.n();
        if (bothOutcomes(baseline.successes(), nb, canary.successes(), nc)) {
            double d = rateDifference(baseline.successes(), nb, canary.successes(), nc);
            double se = binaryStandardError(baseline.successes(), nb, canary.successes(), nc);
            if (d + f * se < -guardrails.successTolerance()) {
                return Metric.SUCCESS;
            }
        }
        if (bothOutcomes(baseline.interventions(), nb, canary.interventions(), nc)) {
            double d = rateDifference(baseline.interventions(), nb, canary.interventions(), nc);
            double se = binaryStandardError(baseline.interventions(), nb, canary.interventions(), nc);
            if (d - f * se > guardrails.interventionTolerance()) {
                return Metric.INTERVENTION;
            }
        }
        double d = costContrast(baseline, canary);
        double se = costStandardError(baseline, canary);
        if (d - f * se > 0) {
            return Metric.COST;
        }
        double dl = logCostDifference(baseline, canary);
        double sel = logCostStandardError(baseline, canary);
        if (dl - f * sel > logCostLimit()) {
            return Metric.TYPICAL_COST;
        }
        return null;
    }

    /** Every metric's numbers and status, in {@link Metric} order. */
    public List<MetricBound> bounds(ArmStats baseline, ArmStats canary) {
        boolean burnedIn = burnedIn(baseline, canary);
        double t = (double) baseline.n() + canary.n();
        double fa = abortSequence.halfWidthFactor(t);
        double fp = promoteSequence.halfWidthFactor(t);
        long nb = baseline.n();
        long nc = canary.n();

        double ds = rateDifference(baseline.successes(), nb, canary.successes(), nc);
        double ses = binaryStandardError(baseline.successes(), nb, canary.successes(), nc);
        double limitS = -guardrails.successTolerance();
        MetricBound success = bound(Metric.SUCCESS, burnedIn && bothOutcomes(baseline.successes(), nb,
                canary.successes(), nc), burnedIn, baseline.successRate(), canary.successRate(), ds, ses,
                ds + fa * ses, ds - fp * ses, limitS, true);

        double di = rateDifference(baseline.interventions(), nb, canary.interventions(), nc);
        double sei = binaryStandardError(baseline.interventions(), nb, canary.interventions(), nc);
        MetricBound intervention = bound(Metric.INTERVENTION, burnedIn && bothOutcomes(baseline.interventions(), nb,
                canary.interventions(), nc), burnedIn, baseline.interventionRate(), canary.interventionRate(), di, sei,
                di - fa * sei, di + fp * sei, guardrails.interventionTolerance(), false);

        double dc = costContrast(baseline, canary);
        double sec = costStandardError(baseline, canary);
        MetricBound cost = bound(Metric.COST, burnedIn, burnedIn, baseline.costMean(), canary.costMean(), dc, sec,
                dc - fa * sec, dc + fp * sec, 0.0, false);

        double dl = logCostDifference(baseline, canary);
        double sel = logCostStandardError(baseline, canary);
        MetricBound typicalCost = bound(Metric.TYPICAL_COST, burnedIn, burnedIn, baseline.typicalCost(),
                canary.typicalCost(), dl, sel, dl - fa * sel, dl + fp * sel, logCostLimit(), false);
        return List.of(success, intervention, cost, typicalCost);
    }

    private static MetricBound bound(Metric metric, boolean testable, boolean burnedIn, double baselineValue,
            double canaryValue, double estimate, double se, double abortBound, double promoteBound, double limit,
            boolean higherIsBetter) {
        MetricStatus status;
        if (!burnedIn) {
            status = MetricStatus.BURN_IN;
        } else if (testable && (higherIsBetter ? abortBound < limit : abortBound > limit)) {
            status = MetricStatus.REGRESSION;
        } else if (higherIsBetter ? promoteBound > limit : promoteBound < limit) {
            // The promote bound needs no "both outcomes" gate: the (s+1)/(n+2) variance keeps it honest.
            status = MetricStatus.NON_INFERIOR;
        } else {
            status = MetricStatus.INCONCLUSIVE;
        }
        return new MetricBound(metric, status, baselineValue, canaryValue, estimate, se, abortBound, promoteBound,
                limit);
    }

    /** A 0/1 metric is testable once it has shown both outcomes in the step, pooled over the arms. */
    static boolean bothOutcomes(long baselineCount, long nb, long canaryCount, long nc) {
        long count = baselineCount + canaryCount;
        return count > 0 && count < nb + nc;
    }

    private static double rateDifference(long baselineCount, long nb, long canaryCount, long nc) {
        if (nb == 0 || nc == 0) {
            return Double.NaN;
        }
        return (double) canaryCount / nc - (double) baselineCount / nb;
    }

    /** sqrt(ṽ_c/n_c + ṽ_b/n_b), ṽ = p̃(1 − p̃), p̃ = (s+1)/(n+2). */
    static double binaryStandardError(long baselineCount, long nb, long canaryCount, long nc) {
        if (nb == 0 || nc == 0) {
            return Double.NaN;
        }
        return Math.sqrt(smoothedVariance(canaryCount, nc) / nc + smoothedVariance(baselineCount, nb) / nb);
    }

    static double smoothedVariance(long count, long n) {
        double p = (count + 1.0) / (n + 2.0);
        return p * (1 - p);
    }

    private double costContrast(ArmStats baseline, ArmStats canary) {
        return canary.costMean() - guardrails.costRatio() * baseline.costMean();
    }

    /** ln(typical canary cost / typical baseline cost). */
    private static double logCostDifference(ArmStats baseline, ArmStats canary) {
        return canary.logCostMean() - baseline.logCostMean();
    }

    private static double logCostStandardError(ArmStats baseline, ArmStats canary) {
        return Math.sqrt(canary.logCostVariance() / canary.n() + baseline.logCostVariance() / baseline.n());
    }

    private double logCostLimit() {
        return Math.log(guardrails.costRatio());
    }

    private double costStandardError(ArmStats baseline, ArmStats canary) {
        double r = guardrails.costRatio();
        return Math.sqrt(canary.costVariance() / canary.n() + r * r * baseline.costVariance() / baseline.n());
    }
}
