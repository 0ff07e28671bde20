package dev.slipway.canary.judge;

/** What the rollout should do next. The Streams topology maps all but CONTINUE to a {@code RolloutCommand}. */
public enum Decision {
    /** Keep the current weight and keep collecting (burn-in, step in progress, or evidence not yet there). */
    CONTINUE,
    /** The step passed clean: move to the next step's weight ({@link Verdict#targetWeightPercent()}). */
    RAMP,
    /** The last step passed with evidence of non-inferiority: send all traffic to the candidate. */
    PROMOTE,
    /** A breaker tripped or a metric regressed: back to the baseline. */
    ABORT,
    /** The step ran out of time without enough data: stop ramping and ask a human. */
    HOLD,
    /** During the bake after a promotion, a hard breaker tripped on the new stable: flip back to last-good. */
    ROLLBACK;

    /** ABORT, HOLD and ROLLBACK also raise an alert. */
    public boolean raisesAlert() {
        return this == ABORT || this == HOLD || this == ROLLBACK;
    }
}
