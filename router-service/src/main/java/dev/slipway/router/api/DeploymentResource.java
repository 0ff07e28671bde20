package dev.slipway.router.api;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.reactive.messaging.Channel;

import dev.slipway.service.auth.Roles;
import io.smallrye.common.annotation.NonBlocking;
import io.quarkus.security.identity.SecurityIdentity;
import dev.slipway.events.Budgets;
import dev.slipway.events.CanaryWindow;
import dev.slipway.events.CommandType;
import dev.slipway.events.Guardrails;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.RolloutEntry;
import dev.slipway.events.RolloutStarted;
import dev.slipway.events.RolloutStep;
import dev.slipway.events.Route;
import dev.slipway.router.RolloutBoard;
import dev.slipway.router.RouteTable;
import dev.slipway.router.pointer.TrafficSplit;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * Deployments over HTTP. Look-ups are answered from memory ({@link RouteTable}); starting a rollout and the operator
 * commands are published to {@code slipway.rollouts} / {@code slipway.rollout-commands}, where the single-writer
 * topology applies them, so the HTTP side never writes a route itself.
 */
@Path("/api/v1/deployments")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.AUTHOR, Roles.APPROVER, Roles.MODEL_GOVERNOR, Roles.OPERATOR})
public class DeploymentResource {

    /** Who calls: the verified token's subject, never a header or a body field. */
    @Inject
    SecurityIdentity identity;

    private final RouteTable routes;
    private final RolloutBoard board;
    private final KnownReleases releases;
    private final MutinyEmitter<RolloutStarted> rollouts;
    private final MutinyEmitter<RolloutCommand> commands;
    private final dev.slipway.router.workers.WorkerRegistry workers;
    private final Clock clock = Clock.systemUTC();

    public DeploymentResource(RouteTable routes, RolloutBoard board, KnownReleases releases,
            dev.slipway.router.workers.WorkerRegistry workers,
            @Channel("rollouts-out") MutinyEmitter<RolloutStarted> rollouts,
            @Channel("commands-out") MutinyEmitter<RolloutCommand> commands) {
        this.routes = routes;
        this.workers = workers;
        this.board = board;
        this.releases = releases;
        this.rollouts = rollouts;
        this.commands = commands;
    }

    public record RouteView(String deployment, String stable, String canary, int canaryWeightPercent, String lastGood,
            long epoch, String state, String rolloutId) {
        static RouteView of(Route r) {
            return new RouteView(r.getDeployment(), r.getStable(), r.getCanary(), r.getCanaryWeightPercent(),
                    r.getLastGood(), r.getEpoch(), r.getState().name(), r.getRolloutId());
        }
    }

    public record AssignmentView(String deployment, String digest, String arm, long epoch) {
    }

    public record Accepted(String deployment, String commandId, String rolloutId, String candidate, String baseline,
            Boolean firstDeploy) {
    }

    /**
     * @param warmWorkers warm workers (heartbeat within the expiry) per digest of the route: stable, canary, last good —
     *                    a rollback to last good is instant only while it has some
     */
    public record RolloutStatus(RouteView route, RolloutView rollout, WindowView window, CommandView lastCommand,
            java.util.Map<String, Integer> warmWorkers) {
    }

    public record RolloutView(String rolloutId, String candidate, String baseline, List<StartRollout.Step> plan,
            String startedBy, Instant startedAt) {
    }

    public record ArmView(String digest, long tasks, long successes, long interventions, long errors,
            long feedbackPending, double costSum, double costSumSquares, double latencySumMs, long latencyMaxMs) {
    }

    public record WindowView(int step, int weightPercent, Instant windowStart, Instant windowEnd, ArmView baseline,
            ArmView canary) {
    }

    public record CommandView(String commandId, String type, Integer weightPercent, String reason, String issuedBy,
            Instant issuedAt) {
    }

    public record Reason(String reason) {
    }

    @GET
    public List<RouteView> list() {
        return routes.all().stream().map(RouteView::of).toList();
    }

    /**
     * The look-up every task makes: an in-memory read, so it runs on the I/O thread that parsed the request instead of
     * being handed to a worker thread and back (the hand-off was most of its p99; docs/benchmarks.md).
     */
    @GET
    @Path("/{agent}/{env}/route")
    @NonBlocking
    public Object route(@PathParam("agent") String agent, @PathParam("env") String env, @QueryParam("key") String key) {
        String deployment = agent + "/" + env;
        Route route = routes.route(deployment)
                .orElseThrow(() -> Problems.notFound("no route for deployment " + deployment, path(deployment, "route")));
        if (key == null) {
            return RouteView.of(route);
        }
        if (key.isBlank()) {
            throw Problems.invalid(path(deployment, "route"), List.of(Problems.violation("key", "must not be blank")));
        }
        var a = TrafficSplit.assign(route, key);
        return new AssignmentView(a.deployment(), a.digest(), a.arm().name(), a.epoch());
    }

    @GET
    @Path("/{agent}/{env}/rollout")
    public RolloutStatus rollout(@PathParam("agent") String agent, @PathParam("env") String env) {
        String deployment = agent + "/" + env;
        Route route = routes.route(deployment)
                .orElseThrow(() -> Problems.notFound("no route for deployment " + deployment, path(deployment, "rollout")));
        return new RolloutStatus(RouteView.of(route),
                board.rollout(deployment).map(DeploymentResource::view).orElse(null),
                board.window(deployment).map(DeploymentResource::view).orElse(null),
                board.lastCommand(deployment).map(c -> new CommandView(c.getCommandId(), c.getType().name(),
                        c.getWeightPercent(), c.getReason(), c.getIssuedBy(), c.getIssuedAt())).orElse(null),
                warmWorkers(route));
    }

    private java.util.Map<String, Integer> warmWorkers(Route route) {
        java.util.Map<String, Integer> warm = new java.util.LinkedHashMap<>();
        java.time.Instant now = clock.instant();
        for (String digest : java.util.Arrays.asList(route.getStable(), route.getCanary(), route.getLastGood())) {
            if (digest != null) {
                warm.put(digest, workers.pool().warm(digest, now).size());
            }
        }
        return warm;
    }

    @POST

    @RolesAllowed(Roles.OPERATOR)
    @Path("/{agent}/{env}/rollouts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@PathParam("agent") String agent, @PathParam("env") String env, StartRollout request) {
        String actor = identity.getPrincipal().getName();
        String deployment = agent + "/" + env;
        String instance = path(deployment, "rollouts");
        if (request == null) {
            throw Problems.invalid(instance, List.of(Problems.violation("body", "a rollout request is required")));
        }
        var violations = request.violations();
        if (!violations.isEmpty()) {
            throw Problems.invalid(instance, violations);
        }
        var release = releases.trusted(request.candidate()).orElseThrow(() -> Problems.of(422, "unknown-release",
                "Unknown or unverified release",
                "release " + request.candidate() + " is not published, or its content or signature does not verify",
                instance, List.of(Problems.violation("candidate", "unknown or unverified release"))));
        if (!release.getAgent().equals(agent)) {
            throw Problems.of(422, "wrong-agent", "Release of another agent", "release " + request.candidate()
                    + " is a release of " + release.getAgent() + ", not of " + agent, instance,
                    List.of(Problems.violation("candidate", "release of agent " + release.getAgent())));
        }
        Optional<Route> current = routes.route(deployment);
        String baseline = current.map(Route::getStable).orElse(null);
        if (current.isPresent() && current.get().getCanary() != null) {
            throw Problems.of(409, "rollout-in-progress", "Rollout in progress", "rollout " + current.get().getRolloutId()
                    + " of " + current.get().getCanary() + " is running on " + deployment, instance, List.of());
        }
        if (request.candidate().equals(baseline)) {
            throw Problems.of(409, "already-stable", "Already stable", request.candidate() + " is already stable on "
                    + deployment, instance, List.of(Problems.violation("candidate", "already stable")));
        }
        String rolloutId = UUID.randomUUID().toString();
        RolloutStarted started = RolloutStarted.newBuilder()
                .setRolloutId(rolloutId)
                .setDeployment(deployment)
                .setCandidate(request.candidate())
                .setBaseline(baseline)
                .setPlan(request.planOrDefault().stream().map(s -> RolloutStep.newBuilder()
                        .setWeightPercent(s.weightPercent())
                        .setMinTasks(s.minTasks())
                        .setMinDurationMs(s.minDuration().toMillis())
                        .setMaxDurationMs(s.maxDuration().toMillis())
                        .build()).toList())
                .setGuardrails(guardrails(request.guardrails()))
                .setBudgets(budgets(request.budgets()))
                .setEntry(request.flip() ? RolloutEntry.FLIP : RolloutEntry.CANARY)
                .setOnRegression(request.freeze() ? dev.slipway.events.RegressionPolicy.FREEZE
                        : dev.slipway.events.RegressionPolicy.ABORT)
                .setReason(request.reason())
                .setPromotionId(request.promotionId())
                .setStartedBy(actor)
                .setStartedAt(clock.instant())
                .build();
        rollouts.sendMessageAndAwait(KafkaRecord.of(deployment, started));
        return Response.accepted(new Accepted(deployment, null, rolloutId, request.candidate(), baseline, baseline == null))
                .build();
    }

    @POST

    @RolesAllowed(Roles.OPERATOR)
    @Path("/{agent}/{env}/rollback")
    public Response rollback(@PathParam("agent") String agent, @PathParam("env") String env, Reason body) {
        String actor = identity.getPrincipal().getName();
        String deployment = agent + "/" + env;
        Route route = requireRoute(deployment, "rollback");
        if (route.getLastGood() == null) {
            throw Problems.of(409, "no-last-good", "Nothing to roll back to",
                    deployment + " has no last-good release", path(deployment, "rollback"), List.of());
        }
        return command(deployment, route, CommandType.ROLLBACK, body, actor);
    }

    @POST

    @RolesAllowed(Roles.OPERATOR)
    @Path("/{agent}/{env}/pause")
    public Response pause(@PathParam("agent") String agent, @PathParam("env") String env, Reason body) {
        String actor = identity.getPrincipal().getName();
        String deployment = agent + "/" + env;
        return command(deployment, requireRoute(deployment, "pause"), CommandType.PAUSE, body, actor);
    }

    @POST

    @RolesAllowed(Roles.OPERATOR)
    @Path("/{agent}/{env}/resume")
    public Response resume(@PathParam("agent") String agent, @PathParam("env") String env, Reason body) {
        String actor = identity.getPrincipal().getName();
        String deployment = agent + "/" + env;
        return command(deployment, requireRoute(deployment, "resume"), CommandType.RESUME, body, actor);
    }

    private Response command(String deployment, Route route, CommandType type, Reason body, String actor) {
        String commandId = UUID.randomUUID().toString();
        commands.sendMessageAndAwait(KafkaRecord.of(deployment, RolloutCommand.newBuilder()
                .setCommandId(commandId)
                .setDeployment(deployment)
                .setRolloutId(route.getRolloutId())
                .setType(type)
                .setReason(body == null ? null : body.reason())
                .setIssuedBy(actor)
                .setIssuedAt(clock.instant())
                .build()));
        return Response.accepted(new Accepted(deployment, commandId, route.getRolloutId(), null, null, null)).build();
    }

    private Route requireRoute(String deployment, String action) {
        return routes.route(deployment)
                .orElseThrow(() -> Problems.notFound("no route for deployment " + deployment, path(deployment, action)));
    }

    private static Guardrails guardrails(StartRollout.Guardrails g) {
        Guardrails.Builder b = Guardrails.newBuilder();
        if (g != null) {
            Optional.ofNullable(g.alpha()).ifPresent(b::setAlpha);
            Optional.ofNullable(g.successTolerance()).ifPresent(b::setSuccessTolerance);
            Optional.ofNullable(g.interventionTolerance()).ifPresent(b::setInterventionTolerance);
            Optional.ofNullable(g.costRatioTolerance()).ifPresent(b::setCostRatioTolerance);
            Optional.ofNullable(g.maxErrorRate()).ifPresent(b::setMaxErrorRate);
            Optional.ofNullable(g.maxInterventionRate()).ifPresent(b::setMaxInterventionRate);
            b.setMaxExclusionRate(g.maxExclusionRate());
        }
        return b.build();
    }

    private static Budgets budgets(StartRollout.Budgets given) {
        return Budgets.newBuilder()
                .setMaxCandidateSpendUsd(given == null || given.maxCandidateSpendUsd() == null ? 50.0 : given.maxCandidateSpendUsd())
                .setMaxTaskSpendUsd(given == null || given.maxTaskSpendUsd() == null ? 2.0 : given.maxTaskSpendUsd())
                .setMaxTasksPerMinute(given == null ? null : given.maxTasksPerMinute())
                .setMaxSpendUsdPerMinute(given == null ? null : given.maxSpendUsdPerMinute())
                .build();
    }

    private static RolloutView view(RolloutStarted r) {
        return new RolloutView(r.getRolloutId(), r.getCandidate(), r.getBaseline(), r.getPlan().stream()
                .map(s -> new StartRollout.Step(s.getWeightPercent(), s.getMinTasks(),
                        java.time.Duration.ofMillis(s.getMinDurationMs()), java.time.Duration.ofMillis(s.getMaxDurationMs())))
                .toList(), r.getStartedBy(), r.getStartedAt());
    }

    private static WindowView view(CanaryWindow w) {
        return new WindowView(w.getStep(), w.getWeightPercent(), w.getWindowStart(), w.getWindowEnd(),
                arm(w.getBaseline()), arm(w.getCanary()));
    }

    private static ArmView arm(dev.slipway.events.ArmMetrics m) {
        return new ArmView(m.getDigest(), m.getTasks(), m.getSuccesses(), m.getInterventions(), m.getErrors(),
                m.getFeedbackPending(), m.getCostSum(), m.getCostSumSquares(), m.getLatencySumMs(), m.getLatencyMaxMs());
    }

    private static String path(String deployment, String action) {
        return "/api/v1/deployments/" + deployment + "/" + action;
    }
}
