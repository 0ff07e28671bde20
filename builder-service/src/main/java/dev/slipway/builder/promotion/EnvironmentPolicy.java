package dev.slipway.builder.promotion;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What it takes to enter one environment.
 *
 * @param name              e.g. {@code staging}
 * @param approvalsRequired approvals by distinct people, none of them the release's author
 * @param approverRoles     roles whose approvals count
 * @param minSoak           how long the digest must have run as stable in the previous environment
 * @param minSoakTasks      how many tasks it must have served there as stable
 * @param evalSuite         the suite a release must pass to enter (by name); empty: the release's own suite
 * @param evalThreshold     the score it must reach there (0: no eval gate beyond the build's own)
 * @param entry             whether entering flips the pointer or starts a canary rollout
 */
public record EnvironmentPolicy(String name, int approvalsRequired, Set<String> approverRoles, Duration minSoak,
        long minSoakTasks, Optional<String> evalSuite, double evalThreshold, Entry entry) {

    /** How a promotion into the environment completes. */
    public enum Entry {
        /** The route's stable moves to the digest (the previous stable becomes last-good). */
        FLIP,
        /** A canary rollout of the digest starts; the judge decides. */
        CANARY
    }

    public EnvironmentPolicy {
        Objects.requireNonNull(name, "name");
        approverRoles = Set.copyOf(approverRoles);
        Objects.requireNonNull(minSoak, "minSoak");
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(evalSuite, "evalSuite");
        if (!(evalThreshold >= 0 && evalThreshold <= 1)) {
            throw new IllegalArgumentException(name + ": the eval threshold must be within 0..1, was " + evalThreshold);
        }
        if (approvalsRequired < 0 || minSoakTasks < 0 || minSoak.isNegative()) {
            throw new IllegalArgumentException(name + ": approvals, soak time and soak tasks must not be negative");
        }
        if (approvalsRequired > 0 && approverRoles.isEmpty()) {
            throw new IllegalArgumentException(name + ": approvals are required but no role may give them");
        }
    }
}
