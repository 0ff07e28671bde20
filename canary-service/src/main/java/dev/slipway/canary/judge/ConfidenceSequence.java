package dev.slipway.canary.judge;

/**
 * The boundary of a one-sided asymptotic confidence sequence (Waudby-Smith et al., arXiv 2103.06476, eqs. 134/161;
 * the form GrowthBook's {@code gbstats} implements as {@code sequential_rho(two_sided=False)} and
 * {@code sequential_interval_halfwidth_one_sided}):
 *
 * <pre>
 *   rho² = (−2·ln(2a) + ln(1 − 2·ln(2a))) / t*
 *   x    = t · rho²
 *   h    = SE · sqrt( 2(x+1)/x · ln(1 + sqrt(x+1)/(2a)) )
 * </pre>
 *
 * where {@code t} counts observations so far (here: tasks of both arms), {@code SE} is the standard error of the
 * estimate at {@code t}, and {@code t*} is where the sequence is tightest. With probability at least {@code 1 − a},
 * {@code estimate + h} stays above the true value at every {@code t} at once (and likewise {@code estimate − h}
 * below it), asymptotically in the burn-in; so the bound may be looked at after every event.
 *
 * <p>Instances hold {@code a} and {@code rho²} so the hot path costs one log and two square roots.
 */
public final class ConfidenceSequence {

    private final double a;
    private final double tStar;
    private final double rhoSquared;

    private ConfidenceSequence(double a, double tStar) {
        if (!(a > 0 && a < 0.5)) {
            throw new IllegalArgumentException("a must lie in (0, 0.5), got " + a);
        }
        if (!(tStar > 0) || Double.isInfinite(tStar)) {
            throw new IllegalArgumentException("tStar must be finite and > 0, got " + tStar);
        }
        this.a = a;
        this.tStar = tStar;
        this.rhoSquared = rhoSquaredOneSided(a, tStar);
    }

    /** A one-sided sequence at level {@code a}, tightest at {@code tStar} observations. */
    public static ConfidenceSequence oneSided(double a, double tStar) {
        return new ConfidenceSequence(a, tStar);
    }

    /** rho² of the one-sided boundary (eq. 161 with 2a for a). */
    public static double rhoSquaredOneSided(double a, double tStar) {
        double l = Math.log(2 * a);
        return (-2 * l + Math.log(1 - 2 * l)) / tStar;
    }

    /** h / SE of the one-sided boundary at {@code t} observations; +∞ at t ≤ 0. */
    public static double halfWidthFactor(double a, double tStar, double t) {
        return oneSided(a, tStar).halfWidthFactor(t);
    }

    /**
     * h / SE of the two-sided boundary (eq. 9, rho from {@code a}): valid one-sided too, but wider. For comparison
     * and documentation only.
     */
    public static double twoSidedHalfWidthFactor(double a, double tStar, double t) {
        if (t <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double l = Math.log(a);
        double x = t * (-2 * l + Math.log(1 - 2 * l)) / tStar;
        return Math.sqrt(2 * (x + 1) / x * Math.log(Math.sqrt(x + 1) / a));
    }

    /** h / SE at {@code t} observations; +∞ at t ≤ 0. */
    public double halfWidthFactor(double t) {
        if (!(t > 0)) {
            return Double.POSITIVE_INFINITY;
        }
        double x = t * rhoSquared;
        return Math.sqrt(2 * (x + 1) / x * Math.log(1 + Math.sqrt(x + 1) / (2 * a)));
    }

    /** The half-width h for standard error {@code se} at {@code t} observations. */
    public double halfWidth(double se, double t) {
        return se * halfWidthFactor(t);
    }

    public double level() {
        return a;
    }

    public double tStar() {
        return tStar;
    }
}
