package dev.slipway.router.api;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.reactive.messaging.Channel;

import dev.slipway.service.auth.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import dev.slipway.events.DeploymentBudget;
import dev.slipway.router.budget.BudgetBoard;
import dev.slipway.router.budget.BudgetLedger;
import dev.slipway.service.Problem;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;

/**
 * Deployment budgets: {@code PUT /api/v1/deployments/{agent}/{env}/budget} sets spend per hour and per day, tasks per
 * minute and what each task reserves (published on {@code slipway.budgets}); {@code GET …/budget} shows spend,
 * reserved and remaining in the current windows ({@link BudgetsResource} lists them all).
 */
@Path("/api/v1/deployments/{agent}/{env}/budget")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.AUTHOR, Roles.APPROVER, Roles.MODEL_GOVERNOR, Roles.OPERATOR})
public class BudgetResource {

    /** Who calls: the verified token's subject, never a header or a body field. */
    @Inject
    SecurityIdentity identity;

    /** The sample worker's per-task spend ceiling: what a task reserves unless the budget says otherwise. */
    static final double DEFAULT_RESERVE_USD = 0.25;

    public record BudgetRequest(Double spendUsdPerHour, Double spendUsdPerDay, Integer tasksPerMinute,
            Double reservePerTaskUsd) {
    }

    public record BudgetView(String deployment, Double spendUsdPerHour, Double spendUsdPerDay, Integer tasksPerMinute,
            double reservePerTaskUsd, String setBy, BudgetLedger.Status now) {
    }

    private final BudgetBoard board;
    private final MutinyEmitter<DeploymentBudget> budgets;
    private final Clock clock = Clock.systemUTC();

    public BudgetResource(BudgetBoard board, @Channel("budgets-out") MutinyEmitter<DeploymentBudget> budgets) {
        this.board = board;
        this.budgets = budgets;
    }

    @PUT

    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response set(@PathParam("agent") String agent, @PathParam("env") String env, BudgetRequest request) {
        String actor = identity.getPrincipal().getName();
        String deployment = agent + "/" + env;
        String instance = "/api/v1/deployments/" + deployment + "/budget";
        List<Problem.Violation> bad = new ArrayList<>();
        if (request == null) {
            throw Problems.invalid(instance, List.of(Problems.violation("body",
                    "a budget {spendUsdPerHour, spendUsdPerDay, tasksPerMinute, reservePerTaskUsd} is required")));
        }
        positive(request.spendUsdPerHour(), "spendUsdPerHour", bad);
        positive(request.spendUsdPerDay(), "spendUsdPerDay", bad);
        positive(request.reservePerTaskUsd(), "reservePerTaskUsd", bad);
        if (request.tasksPerMinute() != null && request.tasksPerMinute() < 1) {
            bad.add(Problems.violation("tasksPerMinute", "must be at least 1, was " + request.tasksPerMinute()));
        }
        if (request.spendUsdPerHour() == null && request.spendUsdPerDay() == null && request.tasksPerMinute() == null) {
            bad.add(Problems.violation("body", "set at least one of spendUsdPerHour, spendUsdPerDay, tasksPerMinute"));
        }
        if (!bad.isEmpty()) {
            throw Problems.invalid(instance, bad);
        }
        DeploymentBudget budget = DeploymentBudget.newBuilder()
                .setDeployment(deployment)
                .setSpendUsdPerHour(request.spendUsdPerHour())
                .setSpendUsdPerDay(request.spendUsdPerDay())
                .setTasksPerMinute(request.tasksPerMinute())
                .setReservePerTaskUsd(request.reservePerTaskUsd() == null ? DEFAULT_RESERVE_USD : request.reservePerTaskUsd())
                .setSetBy(actor)
                .setSetAt(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .build();
        budgets.sendMessageAndAwait(KafkaRecord.of(deployment, budget));
        board.put(deployment, budget);
        return Response.ok(view(budget)).build();
    }

    @GET
    public BudgetView get(@PathParam("agent") String agent, @PathParam("env") String env) {
        String deployment = agent + "/" + env;
        return board.budget(deployment).map(this::view).orElseThrow(() -> Problems.notFound(
                "no budget for deployment " + deployment + ": nothing is throttled", "/api/v1/deployments/" + deployment + "/budget"));
    }

    BudgetView view(DeploymentBudget b) {
        BudgetLedger.Limits limits = new BudgetLedger.Limits(b.getSpendUsdPerHour(), b.getSpendUsdPerDay(),
                b.getTasksPerMinute(), b.getReservePerTaskUsd());
        return new BudgetView(b.getDeployment(), b.getSpendUsdPerHour(), b.getSpendUsdPerDay(), b.getTasksPerMinute(),
                b.getReservePerTaskUsd(), b.getSetBy(), board.ledger().status(b.getDeployment(), limits, clock.instant()));
    }

    private static void positive(Double value, String field, List<Problem.Violation> bad) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            bad.add(Problems.violation(field, "must be a positive number of USD, was " + value));
        }
    }
}
