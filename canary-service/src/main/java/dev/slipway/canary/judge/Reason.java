package dev.slipway.canary.judge;

/** Why the judge decided what it did. Each reason belongs to exactly one {@link Decision}. */
public enum Reason {
    // Breakers: no statistics, checked first.
    /** Candidate spend over the rollout budget. */
    BUDGET_EXCEEDED(Decision.ABORT, true),
    /** One candidate task cost more than the per-task ceiling. */
    TASK_SPEND_CEILING(Decision.ABORT, true),
    /** Candidate tasks per minute over the ceiling. */
    TASK_RATE_CEILING(Decision.ABORT, true),
    /** Candidate spend per minute over the ceiling. */
    SPEND_RATE_CEILING(Decision.ABORT, true),
    /** Canary error rate over the absolute limit. */
    ERROR_RATE_LIMIT(Decision.ABORT, true),
    /** Canary intervention rate over the absolute limit. */
    INTERVENTION_RATE_LIMIT(Decision.ABORT, true),

    // Regressions: sequential non-inferiority tests.
    /** Success rate dropped by more than the tolerance. */
    SUCCESS_REGRESSION(Decision.ABORT, false),
    /** Intervention rate rose by more than the tolerance. */
    INTERVENTION_REGRESSION(Decision.ABORT, false),
    /** Mean cost per task above costRatio times the baseline's. */
    COST_REGRESSION(Decision.ABORT, false),
    /** Typical (geometric mean) cost per task above costRatio times the baseline's. */
    TYPICAL_COST_REGRESSION(Decision.ABORT, false),

    // The plan.
    /** The step's minimum tasks and time passed clean. */
    STEP_PASSED(Decision.RAMP, false),
    /** The last step passed and every metric is shown non-inferior. */
    PLAN_COMPLETE(Decision.PROMOTE, false),
    /** The step's maximum time passed without enough data (or, at the last step, without evidence). */
    STEP_TIMED_OUT(Decision.HOLD, false),
    /** Too many of an arm's tasks never reported an outcome: what the tests see may not be the arm. */
    FEEDBACK_MISSING(Decision.HOLD, false),
    /** After the promotion, during the bake: a hard breaker tripped on the new stable release. */
    BAKE_BREAKER(Decision.ROLLBACK, true),
    /** During the bake, nothing tripped (yet). */
    BAKING(Decision.CONTINUE, false),
    /** Burn-in: an arm has fewer than minTasksPerArm tasks in the step. */
    INSUFFICIENT_DATA(Decision.CONTINUE, false),
    /** No regression; the step's minimum tasks or time not reached yet. */
    STEP_IN_PROGRESS(Decision.CONTINUE, false),
    /** Last step: minimums reached, but not every metric is shown non-inferior yet. */
    AWAITING_EVIDENCE(Decision.CONTINUE, false);

    private final Decision decision;
    private final boolean breaker;

    Reason(Decision decision, boolean breaker) {
        this.decision = decision;
        this.breaker = breaker;
    }

    public Decision decision() {
        return decision;
    }

    /** A hard breaker (no statistics) rather than a test or a plan rule. */
    public boolean isBreaker() {
        return breaker;
    }

    /** A breaker on money: it aborts whatever the rollout's regression policy, since a freeze would keep spending. */
    public boolean isSpendBreaker() {
        return this == BUDGET_EXCEEDED || this == TASK_SPEND_CEILING || this == SPEND_RATE_CEILING
                || this == TASK_RATE_CEILING;
    }

    static Reason regressionOf(Metric metric) {
        return switch (metric) {
            case SUCCESS -> SUCCESS_REGRESSION;
            case INTERVENTION -> INTERVENTION_REGRESSION;
            case COST -> COST_REGRESSION;
            case TYPICAL_COST -> TYPICAL_COST_REGRESSION;
        };
    }
}
