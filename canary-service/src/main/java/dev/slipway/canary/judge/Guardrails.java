package dev.slipway.canary.judge;

/**
 * The statistical settings of a rollout and the two absolute rate limits.
 *
 * @param alpha                 false-abort probability per rollout (JUDGE-NOTES §1). Split evenly over the plan's
 *                              judged steps (each restarts its confidence sequences) and over the four tests
 *                              (Bonferroni): each test runs at {@code alpha / (4 · steps)}.
 * @param successTolerance      largest allowed drop in success rate, absolute (0.02 = two points)
 * @param interventionTolerance largest allowed rise in intervention rate, absolute
 * @param costRatio             largest allowed canary/baseline ratio of cost per task (1.1 = +10 %), both of the mean
 *                              and of the typical (geometric mean) cost
 * @param maxErrorRate          breaker: the canary's error rate may not exceed this; null = no limit
 * @param maxInterventionRate   breaker: the canary's intervention rate may not exceed this; null = no limit
 * @param minTasksPerArm        burn-in: no test (and no rate-limit breaker) before each arm has this many tasks in
 *                              the step; the asymptotic guarantee needs it (JUDGE-NOTES §4)
 * @param tStarCanaryTasks      where the confidence sequences are tightest, in canary tasks of a step; the boundary
 *                              uses t* = tStarCanaryTasks / w total tasks at canary share w (JUDGE-NOTES §1)
 * @param promoteAlpha          level of the evidence bounds required before 100 % (rule (A), intersection–union:
 *                              not split)
 * @param maxExclusionRate      hold: the largest share of an arm's tasks in the step whose outcome never arrived
 *                              within the feedback window (excluded, neither success nor failure) before the judge
 *                              stops and pages — the tests only see the tasks that reported, and when many do not,
 *                              what they see may not be the arm; null = no limit
 */
public record Guardrails(double alpha, double successTolerance, double interventionTolerance, double costRatio,
        Double maxErrorRate, Double maxInterventionRate, int minTasksPerArm, int tStarCanaryTasks,
        double promoteAlpha, Double maxExclusionRate) {

    /** The settings with the default exclusion limit. */
    public Guardrails(double alpha, double successTolerance, double interventionTolerance, double costRatio,
            Double maxErrorRate, Double maxInterventionRate, int minTasksPerArm, int tStarCanaryTasks,
            double promoteAlpha) {
        this(alpha, successTolerance, interventionTolerance, costRatio, maxErrorRate, maxInterventionRate,
                minTasksPerArm, tStarCanaryTasks, promoteAlpha, DEFAULT_MAX_EXCLUSION_RATE);
    }

    public static final double DEFAULT_ALPHA = 0.01;
    public static final double DEFAULT_SUCCESS_TOLERANCE = 0.02;
    public static final double DEFAULT_INTERVENTION_TOLERANCE = 0.02;
    public static final double DEFAULT_COST_RATIO = 1.1;
    /** Same defaults as the Avro {@code Guardrails} of {@code RolloutStarted}. */
    public static final double DEFAULT_MAX_ERROR_RATE = 0.2;
    public static final double DEFAULT_MAX_INTERVENTION_RATE = 0.5;
    public static final int DEFAULT_MIN_TASKS_PER_ARM = 30;
    /** Chosen with bench/judge.sh: the boundary is tightest near the sample size a 10-point drop needs. */
    public static final int DEFAULT_T_STAR_CANARY_TASKS = 400;
    public static final double DEFAULT_PROMOTE_ALPHA = 0.05;
    /** One task in five without an outcome: past that, the reported ones are no longer the arm. */
    public static final double DEFAULT_MAX_EXCLUSION_RATE = 0.2;

    public Guardrails {
        requireOpen(alpha, 0, 0.5, "alpha");
        requireOpen(promoteAlpha, 0, 0.5, "promoteAlpha");
        if (!(successTolerance >= 0 && successTolerance < 1)) {
            throw new IllegalArgumentException("successTolerance must lie in [0, 1), got " + successTolerance);
        }
        if (!(interventionTolerance >= 0 && interventionTolerance < 1)) {
            throw new IllegalArgumentException("interventionTolerance must lie in [0, 1), got " + interventionTolerance);
        }
        if (!(costRatio >= 1) || Double.isInfinite(costRatio)) {
            throw new IllegalArgumentException("costRatio must be finite and >= 1, got " + costRatio);
        }
        if (maxErrorRate != null && !(maxErrorRate >= 0 && maxErrorRate <= 1)) {
            throw new IllegalArgumentException("maxErrorRate must lie in [0, 1], got " + maxErrorRate);
        }
        if (maxInterventionRate != null && !(maxInterventionRate >= 0 && maxInterventionRate <= 1)) {
            throw new IllegalArgumentException("maxInterventionRate must lie in [0, 1], got " + maxInterventionRate);
        }
        if (minTasksPerArm < 2) {
            throw new IllegalArgumentException("minTasksPerArm must be >= 2, got " + minTasksPerArm);
        }
        if (tStarCanaryTasks < 1) {
            throw new IllegalArgumentException("tStarCanaryTasks must be >= 1, got " + tStarCanaryTasks);
        }
        if (maxExclusionRate != null && !(maxExclusionRate >= 0 && maxExclusionRate <= 1)) {
            throw new IllegalArgumentException("maxExclusionRate must lie in [0, 1], got " + maxExclusionRate);
        }
    }

    public static Guardrails defaults() {
        return new Guardrails(DEFAULT_ALPHA, DEFAULT_SUCCESS_TOLERANCE, DEFAULT_INTERVENTION_TOLERANCE,
                DEFAULT_COST_RATIO, DEFAULT_MAX_ERROR_RATE, DEFAULT_MAX_INTERVENTION_RATE, DEFAULT_MIN_TASKS_PER_ARM,
                DEFAULT_T_STAR_CANARY_TASKS, DEFAULT_PROMOTE_ALPHA);
    }

    /** Level of each one-sided abort test in a plan of {@code steps} steps: alpha / (tests · steps). */
    public double abortLevel(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        }
        return alpha / ((double) Metric.values().length * steps);
    }

    /** t* in total tasks (both arms) for a step serving the canary {@code weightPercent} % of tasks. */
    public double tStarTotalTasks(int weightPercent) {
        if (weightPercent < 1 || weightPercent > 99) {
            throw new IllegalArgumentException("weightPercent must lie in [1, 99], got " + weightPercent);
        }
        return tStarCanaryTasks * 100.0 / weightPercent;
    }

    public Guardrails withAlpha(double value) {
        return new Guardrails(value, successTolerance, interventionTolerance, costRatio, maxErrorRate,
                maxInterventionRate, minTasksPerArm, tStarCanaryTasks, promoteAlpha, maxExclusionRate);
    }

    public Guardrails withTolerances(double success, double intervention, double ratio) {
        return new Guardrails(alpha, success, intervention, ratio, maxErrorRate, maxInterventionRate, minTasksPerArm,
                tStarCanaryTasks, promoteAlpha, maxExclusionRate);
    }

    public Guardrails withRateLimits(Double errorRate, Double interventionRate) {
        return new Guardrails(alpha, successTolerance, interventionTolerance, costRatio, errorRate, interventionRate,
                minTasksPerArm, tStarCanaryTasks, promoteAlpha, maxExclusionRate);
    }

    public Guardrails withMinTasksPerArm(int value) {
        return new Guardrails(alpha, successTolerance, interventionTolerance, costRatio, maxErrorRate,
                maxInterventionRate, value, tStarCanaryTasks, promoteAlpha, maxExclusionRate);
    }

    public Guardrails withTStarCanaryTasks(int value) {
        return new Guardrails(alpha, successTolerance, interventionTolerance, costRatio, maxErrorRate,
                maxInterventionRate, minTasksPerArm, value, promoteAlpha, maxExclusionRate);
    }

    public Guardrails withPromoteAlpha(double value) {
        return new Guardrails(alpha, successTolerance, interventionTolerance, costRatio, maxErrorRate,
                maxInterventionRate, minTasksPerArm, tStarCanaryTasks, value, maxExclusionRate);
    }

    public Guardrails withMaxExclusionRate(Double value) {
        return new Guardrails(alpha, successTolerance, interventionTolerance, costRatio, maxErrorRate,
                maxInterventionRate, minTasksPerArm, tStarCanaryTasks, promoteAlpha, value);
    }

    private static void requireOpen(double value, double low, double high, String name) {
        if (!(value > low && value < high)) {
            throw new IllegalArgumentException(name + " must lie in (" + low + ", " + high + "), got " + value);
        }
    }
}
