package dev.slipway.canary.judge;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The judge's answer.
 *
 * @param decision            what to do
 * @param reason              why (the first one, when several breakers or regressions apply; the message names all)
 * @param message             for humans: the numbers the decision was taken on
 * @param targetWeightPercent the weight to move to: the next step's for RAMP, 100 for PROMOTE, otherwise null
 * @param bounds              every metric's estimate, standard error, bounds and status, in {@link Metric} order
 */
public record Verdict(Decision decision, Reason reason, Supplier<String> describe, Integer targetWeightPercent,
        List<MetricBound> bounds) {

    public Verdict {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(describe, "describe");
        bounds = List.copyOf(bounds);
        if (reason.decision() != decision) {
            throw new IllegalArgumentException("reason " + reason + " belongs to " + reason.decision() + ", not " + decision);
        }
        if ((decision == Decision.RAMP || decision == Decision.PROMOTE) != (targetWeightPercent != null)) {
            throw new IllegalArgumentException("a target weight goes with RAMP and PROMOTE only");
        }
    }

    public Verdict(Decision decision, Reason reason, String message, Integer targetWeightPercent,
            List<MetricBound> bounds) {
        this(decision, reason, constant(message), targetWeightPercent, bounds);
    }

    /**
     * The human-readable reason, naming the numbers. Built on demand: the judge runs after every event and most
     * verdicts are CONTINUE, whose text nobody reads (formatting it was 16 % of the canary topology's time).
     */
    public String message() {
        return describe.get();
    }

    private static Supplier<String> constant(String message) {
        Objects.requireNonNull(message, "message");
        return () -> message;
    }

    public MetricBound bound(Metric metric) {
        return bounds.stream().filter(b -> b.metric() == metric).findFirst()
                .orElseThrow(() -> new IllegalStateException("no bound for " + metric));
    }
}
