package dev.slipway.builder.promotion;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.slipway.builder.ProblemException;
import dev.slipway.builder.ReleaseCatalog;
import dev.slipway.builder.ReleaseRef;
import dev.slipway.builder.promotion.PromotionGates.Gate;
import dev.slipway.builder.promotion.PromotionGates.Refusal;
import dev.slipway.events.PromotionEvaluation;
import dev.slipway.events.PromotionEvent;
import dev.slipway.events.PromotionEventType;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.service.Problem;

/**
 * Promotions: a request, approvals, rejections and target-suite evaluations, each checked by the {@link PromotionGates}
 * and written to {@code slipway.promotions} before it is answered; once nothing is missing, the router is asked to
 * flip the target's pointer or start its canary, and the outcome is written too. One request at a time: the gates
 * decide on the state the previous step left.
 */
@ApplicationScoped
public class PromotionService {

    private static final Logger LOG = Logger.getLogger(PromotionService.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PromotionGates gates;
    private final PromotionLog log;
    private final ReleaseCatalog catalog;
    private final RouterApi router;
    private final Clock clock;

    public PromotionService(PromotionGates gates, PromotionLog log, ReleaseCatalog catalog, @RestClient RouterApi router,
            Clock clock) {
        this.gates = gates;
        this.log = log;
        this.catalog = catalog;
        this.router = router;
        this.clock = clock;
    }

    /** A promotion, what it still needs, and the threshold its eval gate asks for. */
    public record Status(Promotion promotion, List<Refusal> missing, double threshold, List<PromotionEvent> steps) {
    }

    /**
     * Proposes {@code ref} (a digest or {@code agent@label}) for environment {@code to}.
     *
     * @param rollout for an environment entered by a canary: plan, guardrails and budgets, as the router takes them
     */
    public synchronized Status request(String ref, String to, Optional<JsonNode> rollout, Caller caller) {
        ReleaseBuilt release = release(ref);
        String agent = release.getAgent();
        Instant now = clock.instant();
        Optional<EnvironmentPolicy> before = gates.environments().before(to);
        Optional<PromotionGates.Stable> stableBefore = before.flatMap(b -> log.stables().stable(agent, b.name()));
        gates.request(release.getDigest(), to, stableBefore, now).ifPresent(r -> {
            throw refused(r, r.gate() == Gate.ENVIRONMENT ? "to" : "release");
        });
        EnvironmentPolicy target = gates.environments().named(to).orElseThrow();
        if (rollout.isPresent() && target.entry() == EnvironmentPolicy.Entry.FLIP) {
            throw ProblemException.badRequest("rollout", "a promotion into " + to + " flips the pointer: it takes no"
                    + " rollout plan (only environments entered by a canary do)");
        }
        if (rollout.isPresent() && !rollout.get().isObject()) {
            throw ProblemException.badRequest("rollout", "must be an object {plan, guardrails, budgets}");
        }
        String deployment = agent + "/" + to;
        log.history().open(deployment, release.getDigest()).ifPresent(open -> {
            throw refused(new Refusal(Gate.STATE, "promotion " + open.promotionId() + " of " + release.getDigest()
                    + " into " + to + " is already waiting"), "release");
        });
        Optional<String> stableInTarget = log.stables().stable(agent, to).map(PromotionGates.Stable::digest);
        if (stableInTarget.filter(release.getDigest()::equals).isPresent()) {
            throw refused(new Refusal(Gate.STATE, release.getDigest() + " already runs as stable in " + to), "release");
        }
        boolean modelChanged = stableInTarget.flatMap(catalog::byDigest)
                .map(stable -> !stable.getPartDigests().getModel().equals(release.getPartDigests().getModel()))
                .orElse(false);
        var build = release.getEvaluation();
        PromotionEvaluation evaluation = gates.countsFor(to, build.getSuite(), build.getSuite())
                ? new PromotionEvaluation(build.getSuite(), build.getScore(), threshold(to, release), false) : null;
        PromotionEvent requested = event(UUID.randomUUID().toString(), deployment, release.getDigest(),
                PromotionEventType.REQUESTED, caller, "promote to " + to, now)
                .setFromEnvironment(before.map(EnvironmentPolicy::name).orElse(null))
                .setAuthor(release.getBuiltBy())
                .setModelChanged(modelChanged)
                .setEvaluation(evaluation)
                .setRollout(rollout.map(JsonNode::toString).orElse(null))
                .setGate(before.isEmpty() ? Gate.ENVIRONMENT.name() : Gate.ORDER + "," + Gate.SOAK)
                .build();
        log.append(requested);
        return completeIfReady(log.history().get(requested.getPromotionId()).orElseThrow(), caller);
    }

    public synchronized Status approve(String promotionId, String comment, Caller caller) {
        Promotion promotion = promotion(promotionId);
        gates.approve(promotion, caller.name(), caller.roles()).ifPresent(r -> {
            throw refused(r, "actor");
        });
        log.append(event(promotion, PromotionEventType.APPROVED, caller, comment)
                .setGate(promotion.modelChanged() && caller.roles().contains(PromotionGates.MODEL_GOVERNOR)
                        ? Gate.MODEL_GOVERNANCE.name() : Gate.FOUR_EYES.name())
                .build());
        return completeIfReady(promotion(promotionId), caller);
    }

    public synchronized Status reject(String promotionId, String comment, Caller caller) {
        Promotion promotion = promotion(promotionId);
        if (!promotion.open()) {
            throw refused(new Refusal(Gate.STATE, "promotion " + promotionId + " is " + promotion.status()
                    + ", not waiting"), "promotionId");
        }
        if (comment == null || comment.isBlank()) {
            throw ProblemException.badRequest("comment", "a rejection says why");
        }
        log.append(event(promotion, PromotionEventType.REJECTED, caller, comment).build());
        return status(promotion(promotionId));
    }

    /** Records a run of the target's suite on the promotion's release (the eval runner's result). */
    public synchronized Status evaluate(String promotionId, String suite, double score, Caller caller) {
        Promotion promotion = promotion(promotionId);
        if (!promotion.open()) {
            throw refused(new Refusal(Gate.STATE, "promotion " + promotionId + " is " + promotion.status()
                    + ", not waiting"), "promotionId");
        }
        ReleaseBuilt release = catalog.byDigest(promotion.digest()).orElseThrow(() -> ProblemException.notFound(
                "release " + promotion.digest() + " is no longer published"));
        if (suite == null || suite.isBlank()) {
            throw ProblemException.badRequest("suite", "the name of the suite that was run is required");
        }
        if (!(score >= 0 && score <= 1)) {
            throw ProblemException.badRequest("score", "a mean score within 0..1 is required, was " + score);
        }
        String buildSuite = release.getEvaluation().getSuite();
        if (!gates.countsFor(promotion.target(), suite, buildSuite)) {
            String expected = gates.environments().named(promotion.target()).flatMap(EnvironmentPolicy::evalSuite)
                    .orElse(buildSuite);
            throw new ProblemException(422, "gate-eval", "Refused by gate EVAL", "suite " + suite + " is not "
                    + promotion.target() + "'s suite; run " + expected, List.of(new Problem.Violation("suite",
                            "expected " + expected)));
        }
        double threshold = threshold(promotion.target(), release);
        log.append(event(promotion, PromotionEventType.EVALUATED, caller, String.format(Locale.ROOT,
                "scored %.4f on %s (threshold %.4f)", score, suite, threshold))
                .setEvaluation(new PromotionEvaluation(suite, score, threshold, true))
                .setGate(Gate.EVAL.name())
                .build());
        return completeIfReady(promotion(promotionId), caller);
    }

    /** Asks the router again to complete a promotion that passed every gate (after the router was unreachable). */
    public synchronized Status complete(String promotionId, Caller caller) {
        return completeIfReady(promotion(promotionId), caller);
    }

    public Status status(String promotionId) {
        return status(promotion(promotionId));
    }

    public List<Status> list(boolean pendingOnly, Optional<String> agent) {
        return log.history().list(pendingOnly, agent).stream().map(this::status).toList();
    }

    public Environments environments() {
        return gates.environments();
    }

    private Status status(Promotion promotion) {
        double threshold = catalog.byDigest(promotion.digest()).map(r -> threshold(promotion.target(), r))
                .orElse(gates.threshold(promotion.target(), 0));
        List<Refusal> missing = promotion.open() ? gates.missing(promotion, threshold) : List.of();
        return new Status(promotion, missing, threshold, log.history().steps(promotion.promotionId()));
    }

    private Status completeIfReady(Promotion promotion, Caller caller) {
        Status status = status(promotion);
        if (!promotion.open() || !status.missing().isEmpty()) {
            return status;
        }
        // The pointer may have moved since the request: the order and soak are checked again on what runs now.
        Optional<Refusal> order = gates.environments().before(promotion.target())
                .flatMap(b -> gates.request(promotion.digest(), promotion.target(),
                        log.stables().stable(promotion.agent(), b.name()), clock.instant()));
        if (order.isPresent()) {
            log.append(event(promotion, PromotionEventType.FAILED, caller, order.get().reason())
                    .setGate(order.get().gate().name()).build());
            return status(promotion(promotion.promotionId()));
        }
        EnvironmentPolicy target = gates.environments().named(promotion.target()).orElseThrow();
        ObjectNode body = promotion.rollout().map(PromotionService::parse).orElseGet(JSON::createObjectNode);
        body.put("candidate", promotion.digest());
        body.put("entry", target.entry().name().toLowerCase(Locale.ROOT));
        body.put("promotionId", promotion.promotionId());
        body.put("reason", "promotion " + promotion.promotionId() + " into " + promotion.target() + ", approved by "
                + approvers(promotion));
        String passed = passedGates(promotion);
        try {
            JsonNode started = startRollout(promotion, body);
            String outcome = target.entry() == EnvironmentPolicy.Entry.FLIP || started.path("firstDeploy").asBoolean()
                    ? "stable in " + promotion.target() + (target.entry() == EnvironmentPolicy.Entry.CANARY
                            ? " (its first release: nothing to compare a canary with)" : "")
                    : "canary rollout started in " + promotion.target();
            log.append(event(promotion, PromotionEventType.COMPLETED, caller, outcome)
                    .setGate(passed).setRolloutId(started.path("rolloutId").asText(null)).build());
        } catch (WebApplicationException refused) {
            JsonNode problem = problemOf(refused);
            if ("already-stable".equals(problem.path("type").asText("").replaceAll(".*/", ""))) {
                // Completed before: the builder stopped between the router's answer and this record.
                log.append(event(promotion, PromotionEventType.COMPLETED, caller, "already stable in "
                        + promotion.target()).setGate(passed).build());
            } else {
                log.append(event(promotion, PromotionEventType.FAILED, caller, "the router refused: "
                        + problem.path("detail").asText(refused.getMessage())).setGate("ROUTER").build());
            }
        } catch (ProcessingException unreachable) {
            LOG.warnf("promotion %s passed its gates but the router is unreachable: %s", promotion.promotionId(),
                    unreachable.getMessage());
            throw new ProblemException(503, "router-unavailable", "Router unavailable", "every gate of promotion "
                    + promotion.promotionId() + " passed and is recorded, but the router did not answer; complete it"
                    + " with POST /api/v1/promotions/" + promotion.promotionId() + "/complete", List.of());
        }
        return status(promotion(promotion.promotionId()));
    }

    /**
     * The router knows a release once it has read it from {@code slipway.releases}: a release built a moment ago may
     * not be there yet, so an {@code unknown-release} answer is asked again for a few seconds before it counts.
     */
    private JsonNode startRollout(Promotion promotion, ObjectNode body) {
        long deadline = System.nanoTime() + ROUTER_CATCH_UP.toNanos();
        while (true) {
            try {
                return router.startRollout(promotion.agent(), promotion.target(), body);
            } catch (WebApplicationException refused) {
                boolean unknownYet = refused.getResponse().getStatus() == 422
                        && problemOf(refused).path("type").asText("").endsWith("/unknown-release");
                if (!unknownYet || System.nanoTime() > deadline) {
                    throw refused;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw refused;
                }
            }
        }
    }

    private static final java.time.Duration ROUTER_CATCH_UP = java.time.Duration.ofSeconds(10);

    private static String passedGates(Promotion promotion) {
        List<String> passed = new ArrayList<>(List.of(Gate.ORDER.name(), Gate.SOAK.name(), Gate.EVAL.name(),
                Gate.FOUR_EYES.name()));
        if (promotion.modelChanged()) {
            passed.add(Gate.MODEL_GOVERNANCE.name());
        }
        return String.join(",", passed);
    }

    private static String approvers(Promotion promotion) {
        return promotion.approvals().isEmpty() ? "no one (none required)"
                : String.join(", ", new TreeSet<>(promotion.approvals().stream().map(Promotion.Approval::actor).toList()));
    }

    private double threshold(String target, ReleaseBuilt release) {
        return gates.threshold(target, release.getEvaluation().getThreshold());
    }

    private static JsonNode problemOf(WebApplicationException e) {
        try {
            // Buffered, so the same refusal can be read again by whoever handles it next.
            e.getResponse().bufferEntity();
            return JSON.readTree(e.getResponse().readEntity(String.class));
        } catch (RuntimeException | java.io.IOException unreadable) {
            return JSON.createObjectNode();
        }
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ReleaseBuilt release(String ref) {
        ReleaseRef parsed;
        try {
            parsed = ReleaseRef.parse(ref);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("release", e.getMessage());
        }
        return catalog.find(parsed).orElseThrow(() -> new ProblemException(404, "not-found", "Not found",
                "no release " + ref, List.of(new Problem.Violation("release", "no such release"))));
    }

    private Promotion promotion(String promotionId) {
        return log.history().get(promotionId).orElseThrow(() -> ProblemException.notFound("no promotion "
                + promotionId));
    }

    private PromotionEvent.Builder event(Promotion promotion, PromotionEventType type, Caller caller, String reason) {
        return event(promotion.promotionId(), promotion.deployment(), promotion.digest(), type, caller, reason,
                clock.instant());
    }

    private static PromotionEvent.Builder event(String promotionId, String deployment, String digest,
            PromotionEventType type, Caller caller, String reason, Instant at) {
        return PromotionEvent.newBuilder()
                .setPromotionId(promotionId)
                .setDeployment(deployment)
                .setDigest(digest)
                .setType(type)
                .setActor(caller.name())
                .setRoles(new ArrayList<>(new TreeSet<>(caller.roles())))
                .setReason(reason)
                .setOccurredAt(at);
    }

    /** A gate's refusal as the problem document says it: which gate, why, and the field at fault. */
    static ProblemException refused(Refusal refusal, String field) {
        int status = switch (refusal.gate()) {
            case FOUR_EYES, ROLE -> 403;
            case ENVIRONMENT -> 422;
            default -> 409;
        };
        return new ProblemException(status, "gate-" + refusal.gate().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                "Refused by gate " + refusal.gate(), refusal.reason(),
                List.of(new Problem.Violation(field, refusal.gate() + ": " + refusal.reason())));
    }
}
