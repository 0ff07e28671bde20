package dev.slipway.bench.judge;

import java.util.Arrays;

/**
 * A Kayenta-style canary judge, for comparison only (JUDGE-NOTES §3; {@code spinnaker/kayenta}
 * {@code MannWhitney.scala}, {@code MannWhitneyClassifier.scala}, {@code NetflixACAJudge.scala},
 * {@code IQRDetector.scala}). Not product code.
 *
 * <p>Per metric, with x = canary values and y = baseline values:
 * <ol>
 * <li>outliers removed per arm (IQR detector, factor 3, "reduce sensitivity": keep [min(P1, Q1 − 3·IQR),
 * max(P99, Q3 + 3·IQR)], R-7 percentiles);</li>
 * <li>no data → NODATA; identical samples or a single distinct value → PASS;</li>
 * <li>Mann–Whitney: W(μ) = Σ rank(x − μ) − n_x(n_x+1)/2 − n_x·n_y/2 with average ranks for ties,
 * σ = sqrt(n_x·n_y/12·((n+1) − Σ(t³−t)/(n(n−1)))), z(μ) = (W − 0.5·sign W)/σ; the 0.98 interval [L, U] solves
 * z = ±Φ⁻¹(0.99) over μ ∈ [min x − max y, max x − min y] with Kayenta's clamping; the Hodges–Lehmann estimate
 * solves z = 0;</li>
 * <li>effect size: b = 0.25·|HL|; HIGH when L &gt; b and mean(x)/mean(y) ≥ allowedIncrease, LOW when U &lt; −b and
 * mean(x)/mean(y) ≤ allowedDecrease.</li>
 * </ol>
 * Only the metric's bad direction is classified (Kayenta's per-metric {@code direction}). Each call is a
 * fixed-horizon test: calling it at every look is exactly the peeking Kayenta is used with.
 */
public final class KayentaStyleJudge {

    public enum Classification { PASS, HIGH, LOW, NODATA }

    /** The direction in which the metric is bad. */
    public enum Direction { INCREASE, DECREASE }

    private final double fraction;
    private final double iqrFactor;
    private final double zq;

    /**
     * @param confidence confidence level of the Mann–Whitney interval (Netflix ACA judge: 0.98)
     * @param fraction   effect-size fraction of |HL| (0.25)
     * @param iqrFactor  IQR outlier factor (3)
     */
    public KayentaStyleJudge(double confidence, double fraction, double iqrFactor) {
        this.fraction = fraction;
        this.iqrFactor = iqrFactor;
        this.zq = Normal.quantile(1 - (1 - confidence) / 2);
    }

    public static KayentaStyleJudge netflixDefaults() {
        return new KayentaStyleJudge(0.98, 0.25, 3.0);
    }

    /**
     * Classifies one metric in its bad direction.
     *
     * @param canary          canary values (kept sorted by the caller)
     * @param baseline        baseline values (kept sorted by the caller)
     * @param bad             which direction is a regression
     * @param allowedIncrease mean ratio at or above which an increase counts (Kayenta's effect-size threshold)
     * @param allowedDecrease mean ratio at or below which a decrease counts
     */
    public Classification classify(SortedSample canary, SortedSample baseline, Direction bad,
            double allowedIncrease, double allowedDecrease) {
        int[] xr = canary.iqrKeptRange(iqrFactor);
        int[] yr = baseline.iqrKeptRange(iqrFactor);
        double[] x = canary.values;
        double[] y = baseline.values;
        int xl = xr[0], xh = xr[1], yl = yr[0], yh = yr[1];
        int nx = xh - xl, ny = yh - yl;
        if (nx <= 0 || ny <= 0) {
            return Classification.NODATA;
        }
        if (nx == ny && Arrays.equals(x, xl, xh, y, yl, yh)) {
            return Classification.PASS;
        }
        if (x[xl] == x[xh - 1] && y[yl] == y[yh - 1] && x[xl] == y[yl]) {
            return Classification.PASS;
        }
        double ratio = mean(x, xl, xh) / mean(y, yl, yh);
        double muMin = x[xl] - y[yh - 1];
        double muMax = x[xh - 1] - y[yl];
        Ranks r = new Ranks(x, xl, xh, y, yl, yh);
        if (bad == Direction.INCREASE) {
            if (!(ratio >= allowedIncrease)) {
                return Classification.PASS;
            }
            // L ≤ 0 ≤ b whenever z(0) ≤ zq (z is non-increasing in μ): skip the root searches.
            if (muMin <= 0 && r.z(0) <= zq) {
                return Classification.PASS;
            }
            double lower = root(r, zq, muMin, muMax);
            double b = fraction * Math.abs(root(r, 0, muMin, muMax));
            return lower > b ? Classification.HIGH : Classification.PASS;
        }
        if (!(ratio <= allowedDecrease)) {
            return Classification.PASS;
        }
        if (muMax >= 0 && r.z(0) >= -zq) {
            return Classification.PASS;
        }
        double upper = root(r, -zq, muMin, muMax);
        double b = fraction * Math.abs(root(r, 0, muMin, muMax));
        return upper < -b ? Classification.LOW : Classification.PASS;
    }

    /** Kayenta's findRoot: clamp to the ends when z − q does not change sign, else solve z(μ) = q. */
    private static double root(Ranks r, double q, double muMin, double muMax) {
        if (r.z(muMin) - q <= 0) {
            return muMin;
        }
        if (r.z(muMax) - q >= 0) {
            return muMax;
        }
        double lo = muMin, hi = muMax;
        double tol = 1e-7 * Math.max(1.0, muMax - muMin);
        while (hi - lo > tol) {
            double mid = 0.5 * (lo + hi);
            if (r.z(mid) - q > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s / (to - from);
    }

    /** The Mann–Whitney z of sorted x shifted by μ against sorted y, by one merge (O(n_x + n_y)). */
    static final class Ranks {
        private final double[] x;
        private final double[] y;
        private final int xl, xh, yl, yh;

        Ranks(double[] x, int xl, int xh, double[] y, int yl, int yh) {
            this.x = x;
            this.y = y;
            this.xl = xl;
            this.xh = xh;
            this.yl = yl;
            this.yh = yh;
        }

        double z(double mu) {
            double nx = xh - xl, ny = yh - yl, n = nx + ny;
            int i = xl, j = yl;
            double processed = 0, rankSumX = 0, ties = 0;
            while (i < xh || j < yh) {
                double v = i < xh ? x[i] - mu : Double.POSITIVE_INFINITY;
                if (j < yh && y[j] < v) {
                    v = y[j];
                }
                int cx = 0, cy = 0;
                while (i < xh && x[i] - mu == v) {
                    cx++;
                    i++;
                }
                while (j < yh && y[j] == v) {
                    cy++;
                    j++;
                }
                int t = cx + cy;
                rankSumX += cx * (processed + (t + 1) / 2.0);
                processed += t;
                if (t > 1) {
                    ties += (double) t * t * t - t;
                }
            }
            double w = rankSumX - nx * (nx + 1) / 2 - nx * ny / 2;
            double sigma = Math.sqrt(nx * ny / 12 * ((n + 1) - ties / (n * (n - 1))));
            if (!(sigma > 0)) {
                return 0; // every value tied at this shift: Kayenta throws; we count it as no evidence
            }
            return (w - 0.5 * Math.signum(w)) / sigma;
        }
    }

    /** A growing sample kept sorted (insertion), so each look costs O(n) instead of a sort. */
    public static final class SortedSample {
        private double[] values = new double[64];
        private int size;

        public void add(double v) {
            if (Double.isNaN(v)) {
                return; // Kayenta removes NaNs first
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            int pos = size;
            while (pos > 0 && values[pos - 1] > v) {
                values[pos] = values[pos - 1];
                pos--;
            }
            values[pos] = v;
            size++;
        }

        public int size() {
            return size;
        }

        public void clear() {
            size = 0;
        }

        /** R-7 percentile (p in [0, 1]) of the sorted values. */
        double percentile(double p) {
            double h = (size - 1) * p;
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, size - 1);
            return values[lo] + (h - lo) * (values[hi] - values[lo]);
        }

        /** [from, to) of the values the IQR detector keeps ("reduce sensitivity" fences). */
        int[] iqrKeptRange(double factor) {
            if (size == 0) {
                return new int[] {0, 0};
            }
            double q1 = percentile(0.25), q3 = percentile(0.75), iqr = q3 - q1;
            double lowerFence = Math.min(percentile(0.01), q1 - factor * iqr);
            double upperFence = Math.max(percentile(0.99), q3 + factor * iqr);
            int from = 0;
            while (from < size && values[from] < lowerFence) {
                from++;
            }
            int to = size;
            while (to > from && values[to - 1] > upperFence) {
                to--;
            }
            return new int[] {from, to};
        }
    }
}
