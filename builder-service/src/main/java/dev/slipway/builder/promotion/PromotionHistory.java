package dev.slipway.builder.promotion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.slipway.events.PromotionEvent;
import dev.slipway.events.PromotionEventType;

/**
 * Every promotion as its events on {@code slipway.promotions} made it: a fold, so the state after a restart (the topic
 * read again from the beginning) is the state before it. An event seen twice (read back after the builder published it
 * and applied it at once) is applied once.
 */
public final class PromotionHistory {

    private final Map<String, Promotion> byId = new LinkedHashMap<>();
    private final Map<String, List<PromotionEvent>> stepsById = new LinkedHashMap<>();
    private final Set<String> seen = new HashSet<>();

    /** Applies one event; returns whether it was new. */
    public synchronized boolean apply(PromotionEvent event) {
        String identity = event.getPromotionId() + "|" + event.getType() + "|" + event.getActor() + "|"
                + event.getOccurredAt().toEpochMilli();
        if (!seen.add(identity)) {
            return false;
        }
        Promotion current = byId.get(event.getPromotionId());
        if (current == null && event.getType() != PromotionEventType.REQUESTED) {
            // A step of a promotion whose request is gone from the log (retention): history, not state.
            stepsById.computeIfAbsent(event.getPromotionId(), id -> new ArrayList<>()).add(event);
            return true;
        }
        Promotion next = switch (event.getType()) {
            case REQUESTED -> requested(event);
            case APPROVED -> current.approvedBy(new Promotion.Approval(event.getActor(), Set.copyOf(event.getRoles()),
                    event.getReason(), event.getOccurredAt()));
            case EVALUATED -> event.getEvaluation() == null ? current : current.evaluated(evaluation(event));
            case REJECTED -> current.withStatus(Promotion.Status.REJECTED);
            case COMPLETED -> current.withStatus(Promotion.Status.COMPLETED);
            case FAILED -> current.withStatus(Promotion.Status.FAILED);
            case UNKNOWN -> current;
        };
        if (next != null) {
            byId.put(event.getPromotionId(), next);
        }
        stepsById.computeIfAbsent(event.getPromotionId(), id -> new ArrayList<>()).add(event);
        return true;
    }

    private static Promotion requested(PromotionEvent event) {
        String deployment = event.getDeployment();
        int slash = deployment.indexOf('/');
        return new Promotion(event.getPromotionId(), deployment.substring(0, slash), event.getDigest(),
                deployment.substring(slash + 1), event.getActor(),
                event.getAuthor() == null ? event.getActor() : event.getAuthor(), event.getModelChanged(), List.of(),
                Optional.ofNullable(event.getEvaluation()).map(e -> evaluation(event)), Promotion.Status.PENDING,
                event.getOccurredAt(), Optional.ofNullable(event.getRollout()));
    }

    private static Promotion.Evaluation evaluation(PromotionEvent event) {
        var e = event.getEvaluation();
        return new Promotion.Evaluation(e.getSuite(), e.getScore(), e.getFresh());
    }

    public synchronized Optional<Promotion> get(String promotionId) {
        return Optional.ofNullable(byId.get(promotionId));
    }

    /** The steps of one promotion, oldest first. */
    public synchronized List<PromotionEvent> steps(String promotionId) {
        return List.copyOf(stepsById.getOrDefault(promotionId, List.of()));
    }

    /** Newest first, optionally only those still waiting. */
    public synchronized List<Promotion> list(boolean pendingOnly, Optional<String> agent) {
        return byId.values().stream()
                .filter(p -> !pendingOnly || p.open())
                .filter(p -> agent.map(a -> a.equals(p.agent())).orElse(true))
                .sorted(Comparator.comparing(Promotion::requestedAt).reversed().thenComparing(Promotion::promotionId))
                .toList();
    }

    /** The open promotion of {@code digest} into {@code deployment}, if one is waiting. */
    public synchronized Optional<Promotion> open(String deployment, String digest) {
        return byId.values().stream().filter(Promotion::open)
                .filter(p -> p.deployment().equals(deployment) && p.digest().equals(digest)).findFirst();
    }
}
