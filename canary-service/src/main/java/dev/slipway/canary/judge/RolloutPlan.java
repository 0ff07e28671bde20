package dev.slipway.canary.judge;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The ramp: canary weights in increasing order. The steps below 100 % are judged; after the last of them passes, the
 * candidate is promoted to 100 %. A final step of 100 % (the CLI's default plan is 1, 5, 25, 50, 100) is that
 * promotion itself: it is allowed, but never judged, since it has no baseline. Each judged step restarts the
 * judge's tallies and confidence sequences (never pool across weight changes: JUDGE-NOTES §1 and §4).
 */
public record RolloutPlan(List<Step> steps) {

    /**
     * One weight of the ramp.
     *
     * @param weightPercent canary share of tasks in this step, 1–100 (100 %, only as the last step, is the promotion)
     * @param minTasks      canary tasks the step needs before it can pass (never fewer than the burn-in)
     * @param minDuration   time the step needs before it can pass
     * @param maxDuration   after this, a step without enough data (or, at the last step, without evidence) HOLDs
     */
    public record Step(int weightPercent, long minTasks, Duration minDuration, Duration maxDuration) {

        public Step {
            Objects.requireNonNull(minDuration, "minDuration");
            Objects.requireNonNull(maxDuration, "maxDuration");
            if (weightPercent < 1 || weightPercent > 100) {
                throw new IllegalArgumentException("weightPercent must lie in [1, 100], got " + weightPercent);
            }
            if (minTasks < 0) {
                throw new IllegalArgumentException("minTasks must be >= 0, got " + minTasks);
            }
            if (minDuration.isNegative() || maxDuration.compareTo(minDuration) < 0) {
                throw new IllegalArgumentException(
                        "need 0 <= minDuration <= maxDuration, got " + minDuration + " and " + maxDuration);
            }
        }
    }

    public RolloutPlan {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a plan needs at least one step");
        }
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).weightPercent() <= steps.get(i - 1).weightPercent()) {
                throw new IllegalArgumentException("step weights must increase, got " + steps.get(i - 1).weightPercent()
                        + " then " + steps.get(i).weightPercent());
            }
        }
        if (steps.get(0).weightPercent() == 100) {
            throw new IllegalArgumentException("a plan needs at least one step below 100 % to judge");
        }
    }

    /** The number of judged steps: those below 100 %. A trailing 100 % step is the promotion, not a step to judge. */
    public int judgedSteps() {
        return steps.get(steps.size() - 1).weightPercent() == 100 ? steps.size() - 1 : steps.size();
    }

    public static RolloutPlan of(Step... steps) {
        return new RolloutPlan(List.of(steps));
    }

    public Step step(int index) {
        if (index < 0 || index >= steps.size()) {
            throw new IllegalArgumentException("step index " + index + " outside [0, " + steps.size() + ")");
        }
        return steps.get(index);
    }

    /** True for the last judged step: when it passes, the candidate is promoted. */
    public boolean isLast(int index) {
        return index == judgedSteps() - 1;
    }
}
