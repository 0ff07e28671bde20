package dev.slipway.router.budget;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.slipway.events.DeploymentBudget;
import dev.slipway.events.Topics;
import dev.slipway.service.intake.Intake;
import dev.slipway.service.intake.TopicView;
import io.quarkus.runtime.Startup;

/**
 * Deployments' budgets as set on {@code slipway.budgets} (compacted, key deployment; read from the beginning by
 * {@code router.budgets}; a tombstone lifts a budget), and the {@link BudgetLedger} that spends them. The ledger is
 * this instance's memory: it starts empty at every start (see docs/architecture.md).
 */
@Startup
@ApplicationScoped
public class BudgetBoard implements TopicView<DeploymentBudget> {

    private final Map<String, DeploymentBudget> budgets = new ConcurrentHashMap<>();
    private final BudgetLedger ledger = new BudgetLedger();
    private final Clock clock = Clock.systemUTC();

    public BudgetBoard(Intake intake) {
        intake.read("budgets", reader -> reader.read(intake.gate(Topics.BUDGETS), this));
    }

    @Override
    public void put(String deployment, DeploymentBudget budget) {
        budgets.put(deployment, budget);
    }

    @Override
    public void delete(String deployment) {
        budgets.remove(deployment);
    }

    public Optional<DeploymentBudget> budget(String deployment) {
        return Optional.ofNullable(budgets.get(deployment));
    }

    public Optional<BudgetLedger.Limits> limits(String deployment) {
        return budget(deployment).map(BudgetBoard::limits);
    }

    public BudgetLedger ledger() {
        return ledger;
    }

    /** Every budgeted deployment with its current windows. */
    public List<BudgetLedger.Status> statuses() {
        Map<String, DeploymentBudget> sorted = new TreeMap<>(budgets);
        return sorted.values().stream()
                .map(b -> ledger.status(b.getDeployment(), limits(b), clock.instant()))
                .toList();
    }

    static BudgetLedger.Limits limits(DeploymentBudget b) {
        return new BudgetLedger.Limits(b.getSpendUsdPerHour(), b.getSpendUsdPerDay(), b.getTasksPerMinute(),
                b.getReservePerTaskUsd());
    }
}
