package dev.slipway.builder.promotion;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.builder.ProblemException;
import dev.slipway.builder.promotion.PromotionGates.Refusal;
import dev.slipway.events.PromotionEvent;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Promotions over HTTP. The actor of every step is the verified token's subject and its roles are the token's groups.
 * Refusals are problem documents whose type and title name the gate.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class PromotionResource {

    private final PromotionService promotions;
    private final SecurityIdentity identity;

    public PromotionResource(PromotionService promotions, SecurityIdentity identity) {
        this.promotions = promotions;
        this.identity = identity;
    }

    public record RequestBody(String release, String to, JsonNode rollout) {
    }

    public record CommentBody(String comment) {
    }

    public record EvaluationBody(String suite, Double score) {
    }

    @POST
    @Path("/promotions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"author", "approver", "operator"})
    public Response request(RequestBody body) {
        if (body == null || body.release() == null || body.release().isBlank()) {
            throw ProblemException.badRequest("release", "the release to promote is required: a digest or agent@label");
        }
        if (body.to() == null || body.to().isBlank()) {
            throw ProblemException.badRequest("to", "the environment to promote into is required, one of "
                    + promotions.environments().names());
        }
        PromotionService.Status status = promotions.request(body.release(), body.to(),
                Optional.ofNullable(body.rollout()).filter(r -> !r.isNull()), caller());
        return Response.created(URI.create("/api/v1/promotions/" + status.promotion().promotionId()))
                .entity(view(status)).build();
    }

    @POST
    @Path("/promotions/{id}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"approver", PromotionGates.MODEL_GOVERNOR})
    public PromotionView approve(@PathParam("id") String id, CommentBody body) {
        return view(promotions.approve(id, body == null ? null : body.comment(), caller()));
    }

    @POST
    @Path("/promotions/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"approver", PromotionGates.MODEL_GOVERNOR, "author"})
    public PromotionView reject(@PathParam("id") String id, CommentBody body) {
        return view(promotions.reject(id, body == null ? null : body.comment(), caller()));
    }

    @POST
    @Path("/promotions/{id}/evaluation")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"author", "approver", PromotionGates.MODEL_GOVERNOR})
    public PromotionView evaluate(@PathParam("id") String id, EvaluationBody body) {
        if (body == null || body.score() == null) {
            throw ProblemException.badRequest("score", "{suite, score} of a run of the target's suite is required");
        }
        return view(promotions.evaluate(id, body.suite(), body.score(), caller()));
    }

    @POST
    @Path("/promotions/{id}/complete")
    @RolesAllowed({"approver", "operator"})
    public PromotionView complete(@PathParam("id") String id) {
        return view(promotions.complete(id, caller()));
    }

    @GET
    @Path("/promotions")
    @RolesAllowed("viewer")
    public List<PromotionView> list(@QueryParam("pending") @DefaultValue("false") boolean pending,
            @QueryParam("agent") String agent) {
        return promotions.list(pending, Optional.ofNullable(agent).filter(a -> !a.isBlank())).stream()
                .map(PromotionResource::view).toList();
    }

    @GET
    @Path("/promotions/{id}")
    @RolesAllowed("viewer")
    public PromotionView get(@PathParam("id") String id) {
        return view(promotions.status(id));
    }

    @GET
    @Path("/environments")
    @RolesAllowed("viewer")
    public List<EnvironmentView> environments() {
        return promotions.environments().ordered().stream().map(e -> new EnvironmentView(e.name(),
                e.approvalsRequired(), Set.copyOf(e.approverRoles()), e.minSoak(), e.minSoakTasks(),
                e.evalSuite().orElse(null), e.evalThreshold(), e.entry().name().toLowerCase(java.util.Locale.ROOT)))
                .toList();
    }

    private Caller caller() {
        return new Caller(identity.getPrincipal().getName(), identity.getRoles());
    }

    public record EnvironmentView(String name, int approvalsRequired, Set<String> approverRoles, Duration minSoak,
            long minSoakTasks, String evalSuite, double evalThreshold, String entry) {
    }

    public record StepView(String type, String actor, List<String> roles, String reason, String gate, Instant at) {
    }

    public record ApprovalView(String actor, Set<String> roles, String comment, Instant at) {
    }

    public record MissingView(String gate, String reason) {
    }

    public record EvaluationView(String suite, double score, boolean fresh) {
    }

    public record PromotionView(String promotionId, String agent, String digest, String target, String deployment,
            String status, String requestedBy, String author, boolean modelChanged, List<ApprovalView> approvals,
            EvaluationView evaluation, double threshold, List<MissingView> missing, String rolloutId,
            List<StepView> steps, Instant requestedAt) {
    }

    static PromotionView view(PromotionService.Status status) {
        Promotion p = status.promotion();
        String rolloutId = status.steps().stream().map(PromotionEvent::getRolloutId).filter(r -> r != null)
                .reduce((a, b) -> b).orElse(null);
        return new PromotionView(p.promotionId(), p.agent(), p.digest(), p.target(), p.deployment(),
                p.status().name(), p.requestedBy(), p.author(), p.modelChanged(),
                p.approvals().stream().map(a -> new ApprovalView(a.actor(), a.roles(), a.comment(), a.at())).toList(),
                p.evaluation().map(e -> new EvaluationView(e.suite(), e.score(), e.fresh())).orElse(null),
                status.threshold(),
                status.missing().stream().map((Refusal r) -> new MissingView(r.gate().name(), r.reason())).toList(),
                rolloutId,
                status.steps().stream().map(e -> new StepView(e.getType().name(), e.getActor(), e.getRoles(),
                        e.getReason(), e.getGate(), e.getOccurredAt())).toList(),
                p.requestedAt());
    }
}
