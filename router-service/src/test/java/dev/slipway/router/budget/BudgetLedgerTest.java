package dev.slipway.router.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;

import org.junit.jupiter.api.Test;

/** Budgets by reservation: one test per outcome, and many concurrent tasks at a nearly spent budget. */
class BudgetLedgerTest {

    static final String D = "support-triage/prod";
    static final Instant T = Instant.parse("2026-12-03T10:15:30Z");

    final BudgetLedger ledger = new BudgetLedger();

    @Test
    void withinTheLimitsATaskReservesItsCeilingAndSettlesToItsCost() {
        BudgetLedger.Limits limits = new BudgetLedger.Limits(10.0, 100.0, 60, 0.25);
        var decision = ledger.reserve(D, limits, T);
        assertThat(decision).isInstanceOf(BudgetLedger.Decision.Reserved.class);
        assertThat(ledger.status(D, limits, T).hour().reservedUsd()).isEqualTo(0.25);

        ledger.settle(((BudgetLedger.Decision.Reserved) decision).reservation(), 0.06, T);

        var status = ledger.status(D, limits, T);
        assertThat(status.hour().spentUsd()).isEqualTo(0.06);
        assertThat(status.hour().reservedUsd()).isZero();
        assertThat(status.hour().remainingUsd()).isEqualTo(9.94);
        assertThat(status.tasksThisMinute()).isEqualTo(1);
    }

    @Test
    void aTaskThatWouldPassTheHourlyBudgetIsRefusedUntilTheNextHour() {
        BudgetLedger.Limits limits = new BudgetLedger.Limits(0.5, null, null, 0.25);
        ledger.reserve(D, limits, T);
        ledger.reserve(D, limits, T);
        assertThat(ledger.reserve(D, limits, T)).isInstanceOfSatisfying(BudgetLedger.Decision.Refused.class, r -> {
            assertThat(r.ceiling()).isEqualTo(BudgetLedger.Ceiling.SPEND_PER_HOUR);
            assertThat(r.resetsAt()).isEqualTo(Instant.parse("2026-12-03T11:00:00Z"));
            assertThat(r.detail()).contains("0.5000 USD reserved this hour");
        });
    }

    @Test
    void theDailyBudgetRefusesAcrossHours() {
        BudgetLedger.Limits limits = new BudgetLedger.Limits(null, 0.3, null, 0.1);
        for (int h = 0; h < 3; h++) {
            Instant at = T.plusSeconds(3600L * h);
            var r = (BudgetLedger.Decision.Reserved) ledger.reserve(D, limits, at);
            ledger.settle(r.reservation(), 0.1, at);
        }
        assertThat(ledger.reserve(D, limits, T.plusSeconds(3 * 3600L)))
                .isInstanceOfSatisfying(BudgetLedger.Decision.Refused.class, r -> {
                    assertThat(r.ceiling()).isEqualTo(BudgetLedger.Ceiling.SPEND_PER_DAY);
                    assertThat(r.resetsAt()).isEqualTo(Instant.parse("2026-12-04T00:00:00Z"));
                });
    }

    @Test
    void theTaskRateCeilingRefusesTheTaskOverItAndResetsNextMinute() {
        BudgetLedger.Limits limits = new BudgetLedger.Limits(null, null, 2, 0.25);
        ledger.reserve(D, limits, T);
        ledger.reserve(D, limits, T);
        assertThat(ledger.reserve(D, limits, T)).isInstanceOfSatisfying(BudgetLedger.Decision.Refused.class, r -> {
            assertThat(r.ceiling()).isEqualTo(BudgetLedger.Ceiling.TASKS_PER_MINUTE);
            assertThat(r.resetsAt()).isEqualTo(Instant.parse("2026-12-03T10:16:00Z"));
        });
        assertThat(ledger.reserve(D, limits, Instant.parse("2026-12-03T10:16:00Z"))).isInstanceOf(BudgetLedger.Decision.Reserved.class);
    }

    @Test
    void moneyReservedInFlightStillCountsInTheNextWindow() {
        BudgetLedger.Limits limits = new BudgetLedger.Limits(0.3, null, null, 0.25);
        ledger.reserve(D, limits, Instant.parse("2026-12-03T10:59:59Z"));
        assertThat(ledger.reserve(D, limits, Instant.parse("2026-12-03T11:00:01Z")))
                .as("the task still in flight holds its reservation").isInstanceOf(BudgetLedger.Decision.Refused.class);
    }

    @Test
    void deploymentsHaveTheirOwnBudgets() {
        BudgetLedger.Limits limits = new BudgetLedger.Limits(0.25, null, null, 0.25);
        ledger.reserve(D, limits, T);
        assertThat(ledger.reserve("support-triage/staging", limits, T)).isInstanceOf(BudgetLedger.Decision.Reserved.class);
    }

    @Test
    void manyConcurrentTasksAtANearlySpentBudgetNeverSpendPastIt() throws Exception {
        double budget = 10.0;
        double reserve = 0.25;
        BudgetLedger.Limits limits = new BudgetLedger.Limits(budget, null, null, reserve);
        // Nearly spent: 9.0 of 10.0 USD already gone; room for 4 tasks at their ceiling.
        var first = (BudgetLedger.Decision.Reserved) ledger.reserve(D, limits, T);
        ledger.settle(first.reservation(), 9.0, T);

        int tasks = 400;
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        DoubleAdder spent = new DoubleAdder();
        ConcurrentLinkedQueue<String> outcomes = new ConcurrentLinkedQueue<>();
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            done.add(pool.submit(() -> {
                start.await();
                var d = ledger.reserve(D, limits, T);
                if (d instanceof BudgetLedger.Decision.Reserved r) {
                    Thread.sleep(2); // the task runs: each spends up to its ceiling
                    spent.add(reserve);
                    ledger.settle(r.reservation(), reserve, T);
                    outcomes.add("ran");
                } else {
                    outcomes.add("refused");
                }
                return null;
            }));
        }
        start.countDown();
        for (var f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        var status = ledger.status(D, limits, T);
        assertThat(9.0 + spent.sum()).as("spend never passes the budget").isLessThanOrEqualTo(budget);
        assertThat(status.hour().spentUsd()).isLessThanOrEqualTo(budget);
        assertThat(outcomes.stream().filter("ran"::equals).count()).isEqualTo(4);
        assertThat(status.hour().reservedUsd()).isZero();
    }
}
