package dev.slipway.canary.judge;

/** What one metric's bounds say in the current step. */
public enum MetricStatus {
    /** Burn-in not reached: too few tasks in an arm (or, for a 0/1 metric, only one outcome seen). No test yet. */
    BURN_IN,
    /** The canary is worse than the tolerance allows, even at the abort bound. */
    REGRESSION,
    /** The evidence bound clears the tolerance: the canary is shown non-inferior (promotion rule (A)). */
    NON_INFERIOR,
    /** Neither: keep collecting. */
    INCONCLUSIVE
}
