package dev.slipway.router.api;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.slipway.service.auth.Roles;
import dev.slipway.events.Alert;
import dev.slipway.events.AlertReason;
import dev.slipway.events.Arm;
import dev.slipway.events.CommandType;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.Route;
import dev.slipway.events.Severity;
import dev.slipway.router.RouteTable;
import dev.slipway.router.budget.BudgetBoard;
import dev.slipway.router.budget.BudgetLedger;
import dev.slipway.router.pointer.TrafficSplit;
import dev.slipway.router.workers.WorkerPool;
import dev.slipway.router.workers.WorkerRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * Live tasks: {@code POST /api/v1/deployments/{agent}/{env}/tasks} with {@code {"taskKey":…,"input":{…}}}. The
 * route picks the arm by the task key (sticky); the task goes to a warm worker of that arm's digest and the worker's
 * answer comes back with {@code Slipway-Digest}, {@code Slipway-Arm}, {@code Slipway-Epoch} and
 * {@code Slipway-Worker} headers. No warm worker for the canary: the task goes to stable, and an alert says the
 * canary is held (it gets no tasks, so the judge holds at its step's max time). No warm worker for stable: 503. A
 * deployment with a budget reserves each task's spend ceiling first and settles it to the task's cost
 * ({@code costUsd} of the worker's answer); over a ceiling: 429 naming it and when it resets, one alert per trip.
 */
@Path("/api/v1/deployments/{agent}/{env}/tasks")
public class TaskResource {

    private static final Logger LOG = Logger.getLogger(TaskResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_TASK_KEY_LENGTH = 256;

    private final RouteTable routes;
    private final WorkerPool workers;
    private final MutinyEmitter<Alert> alerts;
    private final MutinyEmitter<RolloutCommand> commands;
    private final Clock clock = Clock.systemUTC();
    private final Duration timeout;
    private final HttpClient http;
    private final Map<String, String> heldCanaries = new ConcurrentHashMap<>();
    private final java.util.Set<String> trips = ConcurrentHashMap.newKeySet();
    private final BudgetBoard budgets;

    public TaskResource(RouteTable routes, WorkerRegistry registry, BudgetBoard budgets,
            @Channel("alerts-out") MutinyEmitter<Alert> alerts,
            @Channel("commands-out") MutinyEmitter<RolloutCommand> commands,
            @ConfigProperty(name = "slipway.tasks.timeout", defaultValue = "PT60S") Duration timeout, Vertx vertx) {
        this.commands = commands;
        this.routes = routes;
        this.budgets = budgets;
        this.workers = registry.pool();
        this.alerts = alerts;
        this.timeout = timeout;
        // Non-blocking, on the event loop, with pooled keep-alive connections to each worker: a task costs the router
        // no thread while the worker thinks.
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setMaxPoolSize(64)
                .setConnectTimeout(2000));
    }

    /** The worker's answer, read whole. */
    private record Answer(HttpClientResponse response, Buffer body) {
    }

    @POST

    @RolesAllowed(Roles.CLIENT)
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> submit(@PathParam("agent") String agent, @PathParam("env") String env, String body) {
        String deployment = agent + "/" + env;
        String instance = "/api/v1/deployments/" + deployment + "/tasks";
        Task task = parse(body, instance);
        Route route = routes.route(deployment)
                .orElseThrow(() -> Problems.notFound("no route for deployment " + deployment
                        + ": deploy a release to it first (rollout start)", instance));
        Optional<BudgetLedger.Reservation> reservation = reserve(deployment, instance);
        double[] cost = {reservation.map(BudgetLedger.Reservation::amountUsd).orElse(0.0)};
        return route(task, route, instance)
                .invoke(answer -> cost[0] = costOf(answer))
                .onFailure().invoke(e -> {
                    if (e instanceof WebApplicationException w && w.getResponse().getStatus() == 503) {
                        cost[0] = 0; // not forwarded: nothing was spent
                    }
                    // A time-out or a dropped task may have spent up to its ceiling: the reservation stands.
                })
                .onTermination().invoke(() -> reservation.ifPresent(r -> budgets.ledger().settle(r, cost[0], clock.instant())));
    }

    private Uni<Response> route(Task task, Route route, String instance) {
        String deployment = route.getDeployment();
        TrafficSplit.Assignment assignment = TrafficSplit.assign(route, task.taskKey());
        Optional<WorkerPool.Worker> worker = workers.pick(assignment.digest(), clock.instant());
        if (worker.isEmpty() && assignment.arm() == Arm.CANARY) {
            holdCanary(route, assignment.digest());
            assignment = new TrafficSplit.Assignment(deployment, route.getStable(), Arm.BASELINE, route.getEpoch());
            worker = workers.pick(assignment.digest(), clock.instant());
        } else if (assignment.arm() == Arm.CANARY) {
            heldCanaries.remove(deployment);
        }
        return forward(task, assignment, worker, instance, 0);
    }

    /** Forwards to the worker; one unreachable worker is set aside and another of the same release tried once. */
    private Uni<Response> forward(Task task, TrafficSplit.Assignment assignment, Optional<WorkerPool.Worker> worker,
            String instance, int attempt) {
        if (worker.isEmpty() || attempt >= 2) {
            return Uni.createFrom().failure(Problems.of(503, "no-warm-worker", "No warm worker", "no warm worker of "
                    + assignment.digest() + " (" + assignment.arm().name().toLowerCase() + " of " + assignment.deployment()
                    + ") can take the task: start one with bin/slipway worker " + assignment.digest(), instance, List.of()));
        }
        WorkerPool.Worker w = worker.get();
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(w.endpoint().toString().replaceAll("/+$", "") + "/tasks")
                .setTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("Slipway-Deployment", assignment.deployment())
                .putHeader("Slipway-Arm", assignment.arm().name())
                .putHeader("Slipway-Epoch", String.valueOf(assignment.epoch()))
                .putHeader("Slipway-Task-Key", task.taskKey());
        Buffer input = Buffer.buffer(task.input().toString());
        return Uni.createFrom().completionStage(() -> http.request(request)
                        .compose(r -> r.send(input))
                        .compose(response -> response.body().map(body -> new Answer(response, body)))
                        .toCompletionStage())
                .onTermination().invoke(() -> workers.done(w))
                .map(answer -> Response.status(answer.response().statusCode())
                        .type(Optional.ofNullable(answer.response().getHeader("Content-Type")).orElse(MediaType.APPLICATION_JSON))
                        .header(COST_HEADER, answer.response().getHeader(COST_HEADER))
                        .header("Slipway-Digest", assignment.digest())
                        .header("Slipway-Arm", assignment.arm().name())
                        .header("Slipway-Epoch", assignment.epoch())
                        .header("Slipway-Worker", w.workerId())
                        .entity(answer.body().toString())
                        .build())
                .onFailure(e -> !(e instanceof WebApplicationException)).recoverWithUni(e -> {
                    if (e instanceof TimeoutException) {
                        return Uni.createFrom().failure(Problems.of(504, "worker-timeout", "Worker did not answer",
                                "worker " + w.workerId() + " of " + assignment.digest() + " did not answer within "
                                        + timeout, instance, List.of()));
                    }
                    workers.unreachable(w.workerId(), clock.instant());
                    if (e instanceof ConnectException) {
                        // Gone without deregistering: set it aside and try another warm worker of the same release.
                        LOG.warnf("worker %s at %s unreachable: %s", w.workerId(), w.endpoint(), e.getMessage());
                        return forward(task, assignment, workers.pick(assignment.digest(), clock.instant()), instance,
                                attempt + 1);
                    }
                    return Uni.createFrom().failure(Problems.of(502, "worker-failed", "Worker failed", "worker "
                            + w.workerId() + " of " + assignment.digest() + " dropped the task: " + e.getMessage(),
                            instance, List.of()));
                });
    }

    /**
     * Reserves the task's spend ceiling against the deployment's budget, if it has one; over a ceiling the task is
     * refused with 429, the ceiling and when it resets, and one alert per ceiling and window.
     */
    private Optional<BudgetLedger.Reservation> reserve(String deployment, String instance) {
        Optional<BudgetLedger.Limits> limits = budgets.limits(deployment);
        if (limits.isEmpty()) {
            return Optional.empty();
        }
        BudgetLedger.Decision decision = budgets.ledger().reserve(deployment, limits.get(), clock.instant());
        if (decision instanceof BudgetLedger.Decision.Reserved reserved) {
            return Optional.of(reserved.reservation());
        }
        BudgetLedger.Decision.Refused refused = (BudgetLedger.Decision.Refused) decision;
        String detail = deployment + " is over its " + refused.ceiling().words() + " ceiling (" + refused.detail()
                + "); it resets at " + refused.resetsAt();
        if (trips.add(deployment + "|" + refused.ceiling() + "|" + refused.windowStart())) {
            alert(deployment, null, AlertReason.BREAKER_TRIPPED, Severity.WARNING, "budget: " + detail, () -> { });
        }
        long retryAfter = Math.max(1, java.time.Duration.between(clock.instant(), refused.resetsAt()).toSeconds());
        throw new WebApplicationException(detail, Response.status(429).type(dev.slipway.service.Problem.MEDIA_TYPE)
                .header("Retry-After", retryAfter)
                .entity(dev.slipway.service.Problem.of("budget-exceeded", "Budget exceeded", 429, detail, instance,
                        List.of(Problems.violation("budget." + refused.ceiling().name().toLowerCase(java.util.Locale.ROOT),
                                refused.detail() + "; resets at " + refused.resetsAt()))))
                .build());
    }

    /** The header a worker states a task's cost in (USD), so the router need not parse its answer. */
    static final String COST_HEADER = "Slipway-Cost-Usd";

    /**
     * What the worker says the task cost: its {@value #COST_HEADER} header, else {@code costUsd} of its answer, else 0.
     */
    private static double costOf(Response answer) {
        String stated = answer.getHeaderString(COST_HEADER);
        if (stated != null) {
            try {
                return Math.max(0, Double.parseDouble(stated));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        if (!(answer.getEntity() instanceof String body)) {
            return 0;
        }
        try {
            return JSON.readTree(body).path("costUsd").asDouble(0);
        } catch (JsonProcessingException e) {
            return 0;
        }
    }

    /** Alerts once per canary digest that has no warm worker; its tasks go to stable meanwhile. */
    private void holdCanary(Route route, String canary) {
        if (canary.equals(heldCanaries.put(route.getDeployment(), canary))) {
            return;
        }
        String message = "no warm worker of canary " + canary + ": its tasks go to stable " + route.getStable()
                + " and the canary is held until one starts";
        alert(route.getDeployment(), route.getRolloutId(), AlertReason.HOLD, Severity.WARNING, message,
                () -> heldCanaries.remove(route.getDeployment()));
        // On the command log too, so the rollout's status and history say it is held and why. HOLD moves no route,
        // and the judge, whose canary gets no tasks meanwhile, decides nothing on them.
        commands.sendMessage(KafkaRecord.of(route.getDeployment(), RolloutCommand.newBuilder()
                        .setCommandId(UUID.randomUUID().toString())
                        .setDeployment(route.getDeployment())
                        .setRolloutId(route.getRolloutId())
                        .setType(CommandType.HOLD)
                        .setReason(message)
                        .setIssuedBy("router-service")
                        .setIssuedAt(clock.instant())
                        .build()))
                .subscribe().with(sent -> { }, e -> LOG.warn("could not record the HOLD: " + e.getMessage()));
    }

    /** Raises an alert without holding the event loop; {@code onFailure} runs when it could not be sent. */
    private void alert(String deployment, String rolloutId, AlertReason reason, Severity severity, String message,
            Runnable onFailure) {
        LOG.warn(deployment + ": " + message);
        alerts.sendMessage(KafkaRecord.of(deployment, Alert.newBuilder()
                        .setAlertId(UUID.randomUUID().toString())
                        .setDeployment(deployment)
                        .setRolloutId(rolloutId)
                        .setReason(reason)
                        .setSeverity(severity)
                        .setMessage(message)
                        .setRaisedAt(clock.instant())
                        .build()))
                .subscribe().with(sent -> { }, e -> {
                    LOG.warn("could not raise the alert: " + e.getMessage());
                    onFailure.run();
                });
    }

    record Task(String taskKey, JsonNode input) {
    }

    private static Task parse(String body, String instance) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw Problems.of(400, "unreadable-body", "Unreadable request body", "the body is not JSON" + where,
                    instance, List.of(Problems.violation("body", "not JSON" + where)));
        }
        if (json == null || !json.isObject()) {
            throw Problems.invalid(instance, List.of(Problems.violation("body",
                    "a task is a JSON object {\"taskKey\": \"…\", \"input\": {…}}")));
        }
        JsonNode key = json.get("taskKey");
        if (key == null || !key.isTextual() || key.textValue().isBlank()) {
            throw Problems.invalid(instance, List.of(Problems.violation("taskKey",
                    "required: a non-blank string that keeps a task on one arm (a ticket id, a conversation id)")));
        }
        if (key.textValue().length() > MAX_TASK_KEY_LENGTH) {
            throw Problems.invalid(instance, List.of(Problems.violation("taskKey",
                    "at most " + MAX_TASK_KEY_LENGTH + " characters")));
        }
        JsonNode input = json.get("input");
        if (input == null || input.isNull()) {
            throw Problems.invalid(instance, List.of(Problems.violation("input", "required: the task's input, any JSON")));
        }
        return new Task(key.textValue(), input);
    }
}
