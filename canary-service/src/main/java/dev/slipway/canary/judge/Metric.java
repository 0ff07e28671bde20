package dev.slipway.canary.judge;

/** The three outcome metrics the judge tests, in the order it reports them. */
public enum Metric {
    /** Share of tasks that succeeded: higher is better. */
    SUCCESS,
    /** Share of tasks where a human stepped in: lower is better. */
    INTERVENTION,
    /** Mean cost per task: lower is better. */
    COST
}
