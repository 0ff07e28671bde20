package dev.slipway.builder.promotion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The gates a promotion passes, as plain decisions: the order of environments (no skipping: the digest must run as
 * stable in the environment before the target), the soak there (time and tasks), four eyes (the author never approves;
 * one person's approvals count once; only the target's approver roles count) and model governance (a model part that
 * differs from the target's stable release also needs a {@value #MODEL_GOVERNOR} approval and a score on the target's
 * suite at or above its threshold). Every refusal names its gate.
 */
public final class PromotionGates {

    public static final String MODEL_GOVERNOR = "model-governor";

    /** The gates, as a refusal names them. */
    public enum Gate {
        ENVIRONMENT, ORDER, SOAK, EVAL, FOUR_EYES, ONE_APPROVAL_PER_PERSON, ROLE, MODEL_GOVERNANCE, STATE
    }

    public record Refusal(Gate gate, String reason) {
    }

    /** What runs as stable in an environment: since when, and how many tasks it has served there as stable. */
    public record Stable(String environment, String digest, Instant since, long tasks) {
    }

    private final Environments environments;

    public PromotionGates(Environments environments) {
        this.environments = environments;
    }

    public Environments environments() {
        return environments;
    }

    /**
     * May {@code digest} be proposed for {@code target}?
     *
     * @param stableBefore what runs as stable in the environment before the target (empty: nothing does, or the target
     *                     is the first environment)
     */
    public Optional<Refusal> request(String digest, String target, Optional<Stable> stableBefore, Instant now) {
        Optional<EnvironmentPolicy> policy = environments.named(target);
        if (policy.isEmpty()) {
            return refuse(Gate.ENVIRONMENT, "no environment '" + target + "' (environments: "
                    + String.join(" → ", environments.names()) + ")");
        }
        Optional<EnvironmentPolicy> before = environments.before(target);
        if (before.isEmpty()) {
            return Optional.empty();
        }
        String previous = before.get().name();
        if (stableBefore.isEmpty() || !stableBefore.get().digest().equals(digest)) {
            return refuse(Gate.ORDER, digest + " does not run as stable in " + previous + " (" + stableBefore
                    .map(s -> "stable there is " + s.digest()).orElse("nothing runs there") + "): promote it to "
                    + previous + " first; environments are not skipped");
        }
        Stable stable = stableBefore.get();
        Duration soaked = Duration.between(stable.since(), now);
        EnvironmentPolicy p = policy.get();
        List<String> shortOf = new ArrayList<>();
        if (soaked.compareTo(p.minSoak()) < 0) {
            shortOf.add("stable in " + previous + " for " + human(soaked) + " of the " + human(p.minSoak()) + " needed");
        }
        if (stable.tasks() < p.minSoakTasks()) {
            shortOf.add(stable.tasks() + " tasks served in " + previous + " of the " + p.minSoakTasks() + " needed");
        }
        return shortOf.isEmpty() ? Optional.empty() : refuse(Gate.SOAK, String.join("; ", shortOf));
    }

    /** May {@code actor}, holding {@code roles}, approve {@code promotion}? */
    public Optional<Refusal> approve(Promotion promotion, String actor, Set<String> roles) {
        if (promotion.status() != Promotion.Status.PENDING) {
            return refuse(Gate.STATE, "promotion " + promotion.promotionId() + " is " + promotion.status()
                    + ", not waiting for approvals");
        }
        if (actor.equals(promotion.author())) {
            return refuse(Gate.FOUR_EYES, actor + " built " + promotion.digest() + " and cannot approve its promotion");
        }
        if (promotion.approvals().stream().anyMatch(a -> a.actor().equals(actor))) {
            return refuse(Gate.ONE_APPROVAL_PER_PERSON, actor + " has already approved promotion "
                    + promotion.promotionId() + "; one person's approvals count once");
        }
        Set<String> counting = new TreeSet<>(policy(promotion).approverRoles());
        if (promotion.modelChanged()) {
            counting.add(MODEL_GOVERNOR);
        }
        if (roles.stream().noneMatch(counting::contains)) {
            return refuse(Gate.ROLE, actor + " holds " + (roles.isEmpty() ? "no role" : String.join(", ", new TreeSet<>(roles)))
                    + "; approvals into " + promotion.target() + " need " + String.join(" or ", counting));
        }
        return Optional.empty();
    }

    /**
     * The score the target's eval gate asks for: the environment's threshold, or, where it sets none, the release's own
     * build threshold (a model change is held to it on the target's suite all the same).
     */
    public double threshold(String target, double buildThreshold) {
        double own = environments.named(target).map(EnvironmentPolicy::evalThreshold).orElse(0.0);
        return own > 0 ? own : buildThreshold;
    }

    /**
     * Whether an evaluation on {@code suite} is one the target's eval gate takes: the target's named suite, or, where
     * the target names none, the suite the release was built with.
     */
    public boolean countsFor(String target, String suite, String buildSuite) {
        return environments.named(target).flatMap(EnvironmentPolicy::evalSuite).orElse(buildSuite).equals(suite);
    }

    /**
     * What the promotion still needs before it can complete; empty when every gate is passed.
     *
     * @param threshold the score the target's eval gate asks for ({@link #threshold})
     */
    public List<Refusal> missing(Promotion promotion, double threshold) {
        EnvironmentPolicy p = policy(promotion);
        List<Refusal> missing = new ArrayList<>();
        if (p.evalThreshold() > 0 && !promotion.modelChanged()) {
            evalShortfall(promotion, threshold, Gate.EVAL).ifPresent(missing::add);
        }
        long approvers = promotion.approvals().stream()
                .filter(a -> !a.actor().equals(promotion.author()))
                .filter(a -> a.roles().stream().anyMatch(p.approverRoles()::contains))
                .map(Promotion.Approval::actor).distinct().count();
        if (approvers < p.approvalsRequired()) {
            missing.add(new Refusal(Gate.FOUR_EYES, approvers + " of " + p.approvalsRequired() + " approvals by "
                    + String.join(" or ", new TreeSet<>(p.approverRoles())) + " (not the author)"));
        }
        if (promotion.modelChanged()) {
            boolean governed = promotion.approvals().stream()
                    .anyMatch(a -> !a.actor().equals(promotion.author()) && a.roles().contains(MODEL_GOVERNOR));
            if (!governed) {
                missing.add(new Refusal(Gate.MODEL_GOVERNANCE, "the model differs from " + promotion.target()
                        + "'s stable release: a " + MODEL_GOVERNOR + " must approve"));
            }
            evalShortfall(promotion, threshold, Gate.MODEL_GOVERNANCE).ifPresent(missing::add);
        }
        return missing;
    }

    /** A model change counts only a run of the target's suite made for this promotion, never the build's. */
    private static Optional<Refusal> evalShortfall(Promotion promotion, double threshold, Gate gate) {
        Optional<Promotion.Evaluation> counted = promotion.evaluation()
                .filter(e -> e.fresh() || !promotion.modelChanged());
        if (counted.isEmpty()) {
            return refuse(gate, (promotion.modelChanged() ? "the model differs from " + promotion.target()
                    + "'s stable release and the build's evaluation does not count: "
                    : "no evaluation on " + promotion.target() + "'s suite: ")
                    + "run " + promotion.target() + "'s eval suite on it (slipway eval " + promotion.digest()
                    + " --suite <suite> --promotion " + promotion.promotionId() + ")");
        }
        if (counted.get().score() + 1e-12 < threshold) {
            return refuse(gate, String.format(java.util.Locale.ROOT, "%s scored %.4f on %s, below %s's threshold %.4f",
                    promotion.modelChanged() ? "the new model" : promotion.digest(), counted.get().score(),
                    counted.get().suite(), promotion.target(), threshold));
        }
        return Optional.empty();
    }

    private EnvironmentPolicy policy(Promotion promotion) {
        return environments.named(promotion.target()).orElseThrow(() -> new IllegalArgumentException(
                "no environment " + promotion.target()));
    }

    private static Optional<Refusal> refuse(Gate gate, String reason) {
        return Optional.of(new Refusal(gate, reason));
    }

    private static String human(Duration d) {
        if (d.toDays() > 0 && d.toHoursPart() == 0 && d.toMinutesPart() == 0) {
            return d.toDays() + " d";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + " min";
        }
        return d.toSeconds() + " s";
    }
}
