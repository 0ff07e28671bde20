package dev.slipway.builder.promotion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One digest's way into one environment: who asked, who approved, and, when its model part differs from the target's
 * stable release, the score it reached on the target's eval suite. Immutable: each step makes a new one.
 *
 * @param author          who built the release (never its approver)
 * @param modelChanged    whether the model part differs from the target environment's stable release
 * @param targetEvalScore the mean score on the target environment's suite, once the eval runner has run it
 */
public record Promotion(String promotionId, String agent, String digest, String target, String requestedBy,
        String author, boolean modelChanged, List<Approval> approvals, Optional<Double> targetEvalScore, Status status,
        Instant requestedAt) {

    public enum Status {
        PENDING, APPROVED, REJECTED, COMPLETED
    }

    /** An approval and the roles its giver held when giving it. */
    public record Approval(String actor, Set<String> roles, String comment, Instant at) {

        public Approval {
            Objects.requireNonNull(actor, "actor");
            roles = Set.copyOf(roles);
        }
    }

    public Promotion {
        approvals = List.copyOf(approvals);
        Objects.requireNonNull(targetEvalScore, "targetEvalScore");
    }

    public Promotion approvedBy(Approval approval) {
        List<Approval> more = new ArrayList<>(approvals);
        more.add(approval);
        return new Promotion(promotionId, agent, digest, target, requestedBy, author, modelChanged, more, targetEvalScore,
                status, requestedAt);
    }

    public Promotion withStatus(Status next) {
        return new Promotion(promotionId, agent, digest, target, requestedBy, author, modelChanged, approvals,
                targetEvalScore, next, requestedAt);
    }

    public Promotion withTargetEvalScore(double score) {
        return new Promotion(promotionId, agent, digest, target, requestedBy, author, modelChanged, approvals,
                Optional.of(score), status, requestedAt);
    }
}
