package dev.slipway.canary.judge;

/**
 * Hard ceilings on the candidate, checked before any statistics. Every ceiling is nullable: null means none. A value
 * equal to its ceiling is allowed; only going over trips the breaker.
 *
 * @param maxCandidateSpend  total candidate spend over the whole rollout, USD
 * @param maxTaskSpend       spend of any single candidate task, USD
 * @param maxTasksPerMinute  recent candidate task rate
 * @param maxSpendPerMinute  recent candidate spend rate, USD per minute
 */
public record Budgets(Double maxCandidateSpend, Double maxTaskSpend, Double maxTasksPerMinute,
        Double maxSpendPerMinute) {

    private static final Budgets NONE = new Budgets(null, null, null, null);

    public Budgets {
        requirePositive(maxCandidateSpend, "maxCandidateSpend");
        requirePositive(maxTaskSpend, "maxTaskSpend");
        requirePositive(maxTasksPerMinute, "maxTasksPerMinute");
        requirePositive(maxSpendPerMinute, "maxSpendPerMinute");
    }

    /** No ceilings at all. */
    public static Budgets none() {
        return NONE;
    }

    private static void requirePositive(Double value, String name) {
        if (value != null && !(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(name + " must be finite and >= 0 (or null), got " + value);
        }
    }
}
