package dev.slipway.router.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * Spend budgets per hour and per day and a task-rate ceiling per minute, per deployment, enforced by reservation: a
 * task reserves its per-task spend ceiling before it is forwarded and settles to its actual cost when it ends, so
 * however many tasks run at once, spent plus reserved never passes a budget — the accounting that after-the-fact
 * proxies lack. Windows are the calendar minute, hour and day (UTC); money still reserved by tasks in flight counts
 * in the new window too. Plain decision logic, no Kafka; one lock per ledger.
 */
public final class BudgetLedger {

    /** A deployment's limits; a null limit is no limit. */
    public record Limits(Double spendUsdPerHour, Double spendUsdPerDay, Integer tasksPerMinute, double reservePerTaskUsd) {
    }

    /** Which ceiling refused a task. */
    public enum Ceiling {
        SPEND_PER_HOUR("spend per hour"), SPEND_PER_DAY("spend per day"), TASKS_PER_MINUTE("tasks per minute");

        private final String words;

        Ceiling(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** What a task holds between reserve and settle. */
    public record Reservation(String deployment, double amountUsd) {
    }

    public sealed interface Decision {
        record Reserved(Reservation reservation) implements Decision {
        }

        /** @param windowStart the window the ceiling is full for: one alert per ceiling and window */
        record Refused(Ceiling ceiling, String detail, Instant resetsAt, Instant windowStart) implements Decision {
        }
    }

    /** Spend, reserved and remaining in the current windows. {@code remaining} is null for no limit. */
    public record Status(String deployment, Window hour, Window day, int tasksThisMinute, Integer tasksPerMinute) {
    }

    public record Window(Instant start, double spentUsd, double reservedUsd, Double limitUsd, Double remainingUsd) {
    }

    private static final class Account {
        Instant minute;
        int minuteTasks;
        Instant hour;
        double hourSpent;
        Instant day;
        double daySpent;
        double reserved;

        void roll(Instant now) {
            Instant m = now.truncatedTo(ChronoUnit.MINUTES);
            Instant h = now.truncatedTo(ChronoUnit.HOURS);
            Instant d = now.truncatedTo(ChronoUnit.DAYS);
            if (!m.equals(minute)) {
                minute = m;
                minuteTasks = 0;
            }
            if (!h.equals(hour)) {
                hour = h;
                hourSpent = 0;
            }
            if (!d.equals(day)) {
                day = d;
                daySpent = 0;
            }
        }
    }

    private final Map<String, Account> accounts = new HashMap<>();

    /** Reserves {@link Limits#reservePerTaskUsd()} for a task, or refuses it naming the ceiling and when it resets. */
    public synchronized Decision reserve(String deployment, Limits limits, Instant now) {
        Account a = accounts.computeIfAbsent(deployment, d -> new Account());
        a.roll(now);
        double reserve = limits.reservePerTaskUsd();
        if (limits.tasksPerMinute() != null && a.minuteTasks + 1 > limits.tasksPerMinute()) {
            return new Decision.Refused(Ceiling.TASKS_PER_MINUTE, a.minuteTasks + " tasks this minute, the ceiling is "
                    + limits.tasksPerMinute(), a.minute.plus(Duration.ofMinutes(1)), a.minute);
        }
        if (limits.spendUsdPerHour() != null && a.hourSpent + a.reserved + reserve > limits.spendUsdPerHour() + 1e-12) {
            return new Decision.Refused(Ceiling.SPEND_PER_HOUR, money("this hour", a.hourSpent, a.reserved, reserve,
                    limits.spendUsdPerHour()), a.hour.plus(Duration.ofHours(1)), a.hour);
        }
        if (limits.spendUsdPerDay() != null && a.daySpent + a.reserved + reserve > limits.spendUsdPerDay() + 1e-12) {
            return new Decision.Refused(Ceiling.SPEND_PER_DAY, money("today", a.daySpent, a.reserved, reserve,
                    limits.spendUsdPerDay()), a.day.plus(Duration.ofDays(1)), a.day);
        }
        a.minuteTasks++;
        a.reserved += reserve;
        return new Decision.Reserved(new Reservation(deployment, reserve));
    }

    /** The task ended and cost {@code actualUsd}: its reservation is released and its cost counted. */
    public synchronized void settle(Reservation reservation, double actualUsd, Instant now) {
        Account a = accounts.computeIfAbsent(reservation.deployment(), d -> new Account());
        a.roll(now);
        a.reserved = Math.max(0, a.reserved - reservation.amountUsd());
        double cost = Double.isFinite(actualUsd) && actualUsd > 0 ? actualUsd : 0;
        a.hourSpent += cost;
        a.daySpent += cost;
    }

    public synchronized Status status(String deployment, Limits limits, Instant now) {
        Account a = accounts.computeIfAbsent(deployment, d -> new Account());
        a.roll(now);
        return new Status(deployment, window(a.hour, a.hourSpent, a.reserved, limits.spendUsdPerHour()),
                window(a.day, a.daySpent, a.reserved, limits.spendUsdPerDay()), a.minuteTasks, limits.tasksPerMinute());
    }

    private static Window window(Instant start, double spent, double reserved, Double limit) {
        return new Window(start, spent, reserved, limit, limit == null ? null : Math.max(0, limit - spent - reserved));
    }

    private static String money(String when, double spent, double reserved, double reserve, double limit) {
        return String.format(java.util.Locale.ROOT, "%.4f USD spent and %.4f USD reserved %s; a task reserves %.4f USD and "
                + "the budget is %.4f USD", spent, reserved, when, reserve, limit);
    }
}
