package dev.slipway.canary.judge;

/** The outcome metrics the judge tests, in the order it reports them. */
public enum Metric {
    /** Share of tasks that succeeded: higher is better. */
    SUCCESS,
    /** Share of tasks where a human stepped in: lower is better. */
    INTERVENTION,
    /** Mean cost per task: lower is better. */
    COST,
    /**
     * Typical cost per task, the geometric mean (mean log-cost): lower is better. Catches a shift of the whole cost
     * distribution (every task dearer: a pricier model, a longer prompt, one more loop) long before the mean does on
     * heavy-tailed costs; blind to a fatter tail at the same median, which the mean test and the spend breakers catch.
     */
    TYPICAL_COST
}
