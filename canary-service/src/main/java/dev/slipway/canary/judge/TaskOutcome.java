package dev.slipway.canary.judge;

/**
 * The scored outcome of one task, as the judge counts it. Only tasks whose outcome is known are folded in: a task
 * still waiting for feedback is never a failure (JUDGE-NOTES §4, late feedback).
 *
 * @param success      the task succeeded
 * @param intervention a human had to step in
 * @param error        the run ended in an error (counted for the error-rate breaker; an error is not a success)
 * @param cost         what the task cost, USD, finite and not negative
 */
public record TaskOutcome(boolean success, boolean intervention, boolean error, double cost) {

    public TaskOutcome {
        if (!(cost >= 0) || Double.isInfinite(cost)) {
            throw new IllegalArgumentException("cost must be finite and >= 0, got " + cost);
        }
    }
}
