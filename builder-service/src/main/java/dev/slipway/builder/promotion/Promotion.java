package dev.slipway.builder.promotion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One digest's way into one environment: who asked, who approved, and the evaluation that counts for the target.
 * Immutable: each step makes a new one.
 *
 * @param author       who built the release (never its approver)
 * @param modelChanged whether the model part differs from the target environment's stable release
 * @param evaluation   the score that counts for the target's eval gate: the release's build evaluation when it ran the
 *                     target's suite, or a run of the target's suite for this promotion ({@link Evaluation#fresh()})
 * @param rollout      for an environment entered by a canary: the rollout request (plan, guardrails, budgets) as JSON
 */
public record Promotion(String promotionId, String agent, String digest, String target, String requestedBy,
        String author, boolean modelChanged, List<Approval> approvals, Optional<Evaluation> evaluation, Status status,
        Instant requestedAt, Optional<String> rollout) {

    public enum Status {
        /** Waiting for approvals or an evaluation. */
        PENDING,
        /** Someone said no; a new request may follow. */
        REJECTED,
        /** Every gate passed and the router moved the pointer or started the rollout. */
        COMPLETED,
        /** Every gate passed but the router refused; a new request may follow. */
        FAILED
    }

    /** An approval and the roles its giver held when giving it. */
    public record Approval(String actor, Set<String> roles, String comment, Instant at) {

        public Approval {
            Objects.requireNonNull(actor, "actor");
            roles = Set.copyOf(roles);
        }
    }

    /** A score on a suite; {@code fresh} when run for this promotion rather than taken from the release's build. */
    public record Evaluation(String suite, double score, boolean fresh) {
    }

    public Promotion {
        approvals = List.copyOf(approvals);
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(rollout, "rollout");
    }

    public String deployment() {
        return agent + "/" + target;
    }

    public boolean open() {
        return status == Status.PENDING;
    }

    public Promotion approvedBy(Approval approval) {
        List<Approval> more = new ArrayList<>(approvals);
        more.add(approval);
        return new Promotion(promotionId, agent, digest, target, requestedBy, author, modelChanged, more, evaluation,
                status, requestedAt, rollout);
    }

    public Promotion withStatus(Status next) {
        return new Promotion(promotionId, agent, digest, target, requestedBy, author, modelChanged, approvals,
                evaluation, next, requestedAt, rollout);
    }

    public Promotion evaluated(Evaluation result) {
        return new Promotion(promotionId, agent, digest, target, requestedBy, author, modelChanged, approvals,
                Optional.of(result), status, requestedAt, rollout);
    }
}
