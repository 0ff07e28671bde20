package dev.slipway.bench.judge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.slipway.bench.judge.KayentaStyleJudge.Classification;
import dev.slipway.bench.judge.KayentaStyleJudge.Direction;
import dev.slipway.bench.judge.KayentaStyleJudge.SortedSample;
import dev.slipway.canary.judge.ArmStats;
import dev.slipway.canary.judge.Budgets;
import dev.slipway.canary.judge.Decision;
import dev.slipway.canary.judge.Guardrails;
import dev.slipway.canary.judge.Judge;
import dev.slipway.canary.judge.JudgeInput;
import dev.slipway.canary.judge.Metric;
import dev.slipway.canary.judge.NonInferiorityTests;
import dev.slipway.canary.judge.RolloutPlan;
import dev.slipway.canary.judge.TaskOutcome;
import dev.slipway.canary.judge.Verdict;

/**
 * Simulation check of the canary judge (JUDGE-NOTES §2): false-abort rates and tasks-to-abort of the sequential
 * judge ({@code dev.slipway.canary.judge}) against a Kayenta-style judge on the same simulated streams.
 *
 * <p>Each task goes to the canary with probability w (5 % unless a row says otherwise); S ~ Bern(p), I ~ Bern(q),
 * C = exp(μ + σ·N(0,1)) with σ = 1 unless a row says otherwise. The baseline is p = 0.90, q = 0.10, μ = 0. The
 * real-traffic rows (issue 12) add a {@link Condition}: bursts of hard tasks, a shifting mix, late feedback. Our judge looks after every event once both arms have 30 tasks; the
 * Kayenta-style judge looks every 50 canary tasks at per-window values (windows of 200 tasks, about 10 per arm: the
 * canary's tasks and a baseline of the same size drawn from the baseline's tasks, as Spinnaker advises). A rollout
 * ends at 2,000 canary tasks or when both judges have aborted. Every rollout has its own seed derived from
 * {@code --seed}, so the figures do not depend on the number of threads. "Kay-50pt" is the same Kayenta-style judge
 * with Spinnaker's advice of at least 50 points per arm: its looks before that are ignored.
 *
 * <p>Our judge runs through {@link NonInferiorityTests#firstRegression} after every event (the allocation-free path
 * of {@link Judge}); every rollout's outcome is cross-checked once against {@link Judge#evaluate}, and any
 * disagreement fails the run.
 *
 * <p>Usage: {@code JudgeSimulation [--seed N] [--rollouts N] [--power-rollouts N] [--t-star N] [--steps K]
 * [--only a,b]}; {@code --steps K} judges the step as the first of a K-step plan (alpha split over the steps).
 * The last line of the output is the false-abort rate at the success margin.
 */
public final class JudgeSimulation {

    static final double W = 0.05;
    static final int WEIGHT_PERCENT = 5;
    static final int HORIZON = 2000;
    static final int KAYENTA_LOOK_EVERY = 50;
    static final int WINDOW_EVENTS = 200;
    static final double P_B = 0.90;
    static final double Q_B = 0.10;
    static final double MU_B = 0.0;
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    enum Kind { FALSE_ABORT, POWER }

    /** What the traffic does besides the two arms' own rates: the real-traffic conditions of issue 12. */
    enum Condition {
        /** Every task alike. */
        NONE,
        /** Bursts of hard tasks hitting both arms: 40 canary tasks' worth of traffic in every 400, at a random phase. */
        BURSTS,
        /** The share of hard tasks grows from 10 % to 50 % over the horizon, for both arms. */
        MIX_SHIFT,
        /**
         * Outcomes arrive late: exponential delays with mean 60 canary tasks' worth of traffic for a success, 20 for a
         * failure (an error is known at once, a success is confirmed later), dropped (excluded) after 240. The judge
         * counts a task when its outcome arrives, as the topology does.
         */
        LATE_FEEDBACK
    }

    /**
     * One simulated stream. Rates and log-cost location are those of easy tasks; a hard task (bursts, mix shift)
     * has success −0.30, intervention +0.20 and cost ×e in either arm.
     *
     * @param canaryDelayFactor late feedback only: the canary's delays are this many times the baseline's
     */
    record Scenario(String id, String label, Kind kind, double pC, double qC, double muC, double qB, double sigma,
            int weightPercent, int horizon, Condition condition, double canaryDelayFactor, boolean zeroMargins,
            boolean kayenta) {

        /** A row of the original table: w = 5 %, σ = 1, horizon 2,000, compared with the Kayenta-style judge. */
        static Scenario classic(String id, String label, Kind kind, double pC, double qC, double muC,
                boolean zeroMargins) {
            return new Scenario(id, label, kind, pC, qC, muC, Q_B, 1.0, WEIGHT_PERCENT, HORIZON, Condition.NONE, 1.0,
                    zeroMargins, true);
        }

        /** A row for this judge alone. */
        static Scenario ours(String id, String label, Kind kind, double pC, double qC, double muC) {
            return new Scenario(id, label, kind, pC, qC, muC, Q_B, 1.0, WEIGHT_PERCENT, HORIZON, Condition.NONE, 1.0,
                    false, false);
        }

        Scenario sigma(double value) {
            return new Scenario(id, label, kind, pC, qC, muC, qB, value, weightPercent, horizon, condition,
                    canaryDelayFactor, zeroMargins, kayenta);
        }

        Scenario weight(int percent, int canaryHorizon) {
            return new Scenario(id, label, kind, pC, qC, muC, qB, sigma, percent, canaryHorizon, condition,
                    canaryDelayFactor, zeroMargins, kayenta);
        }

        Scenario horizon(int canaryTasks) {
            return weight(weightPercent, canaryTasks);
        }

        Scenario condition(Condition value) {
            return new Scenario(id, label, kind, pC, qC, muC, qB, sigma, weightPercent, horizon, value,
                    canaryDelayFactor, zeroMargins, kayenta);
        }

        Scenario baselineIntervention(double value) {
            return new Scenario(id, label, kind, pC, qC, muC, value, sigma, weightPercent, horizon, condition,
                    canaryDelayFactor, zeroMargins, kayenta);
        }

        Scenario canaryDelayFactor(double value) {
            return new Scenario(id, label, kind, pC, qC, muC, qB, sigma, weightPercent, horizon, condition, value,
                    zeroMargins, kayenta);
        }

        double w() {
            return weightPercent / 100.0;
        }
    }

    /** The judges compared on each stream. */
    enum JudgeKind {
        OURS("ours"),
        KAYENTA("Kayenta"),
        /** The same Kayenta-style looks, counted only once each arm has 50 windows (Spinnaker's advice). */
        KAYENTA_50("Kay-50pt");

        final String label;

        JudgeKind(String label) {
            this.label = label;
        }
    }

    /** When (canary tasks) and why each judge aborted, by {@link JudgeKind} ordinal; at = -1: not within the horizon. */
    record Outcome(int[] at, Metric[] metric) {
    }

    static final double HARD_SUCCESS_DROP = 0.30;
    static final double HARD_INTERVENTION_RISE = 0.20;
    static final double HARD_LOG_COST = 1.0;
    static final int BURST_EVERY_CANARY_TASKS = 400;
    static final int BURST_LENGTH_CANARY_TASKS = 40;
    static final double LATE_SUCCESS_MEAN_CANARY_TASKS = 60;
    static final double LATE_FAILURE_MEAN_CANARY_TASKS = 20;
    static final double LATE_WINDOW_CANARY_TASKS = 240;

    static final double COST_MARGIN = Math.log(1.1);
    static final double COST_25 = Math.log(1.25);

    static final List<Scenario> SCENARIOS = scenarios();

    private static List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>(List.of(
                Scenario.classic("aa", "A/A (canary = baseline)", Kind.FALSE_ABORT, P_B, Q_B, MU_B, false),
                Scenario.classic("s-margin", "success at margin 0.90 vs 0.88", Kind.FALSE_ABORT, 0.88, Q_B, MU_B, false),
                Scenario.classic("i-margin", "intervention at margin 0.10 vs 0.12", Kind.FALSE_ABORT, P_B, 0.12, MU_B,
                        false),
                Scenario.classic("c-margin", "cost at margin (x1.1)", Kind.FALSE_ABORT, P_B, Q_B, COST_MARGIN, false),
                Scenario.classic("aa-0", "A/A, all margins 0", Kind.FALSE_ABORT, P_B, Q_B, MU_B, true),
                Scenario.classic("s-80", "success 0.90 -> 0.80", Kind.POWER, 0.80, Q_B, MU_B, false),
                Scenario.classic("s-50", "success 0.90 -> 0.50", Kind.POWER, 0.50, Q_B, MU_B, false),
                Scenario.classic("c-125", "cost per task +25%", Kind.POWER, P_B, Q_B, COST_25, false)));
        // Real-traffic conditions (issue 12, part 3): A/A and every metric at its margin at once, costs log-normal
        // with sigma 2, at 5 % and at 1 % canary weight (horizon 1,000 canary tasks there: 100,000 tasks a rollout).
        record Cond(String id, String label, Condition condition) {
        }
        for (Cond c : List.of(new Cond("tail", "heavy tail", Condition.NONE),
                new Cond("burst", "bursts", Condition.BURSTS), new Cond("mix", "mix shift", Condition.MIX_SHIFT),
                new Cond("late", "late feedback", Condition.LATE_FEEDBACK))) {
            for (int weight : new int[] {5, 1}) {
                int horizon = weight == 5 ? HORIZON : 1000;
                all.add(Scenario.ours("aa-" + c.id() + "-" + weight, "A/A, " + c.label() + ", s2, w" + weight + "%",
                        Kind.FALSE_ABORT, P_B, Q_B, MU_B).sigma(2).condition(c.condition()).weight(weight, horizon));
                all.add(Scenario.ours("margin-" + c.id() + "-" + weight, "all at margin, " + c.label() + ", s2, w"
                        + weight + "%", Kind.FALSE_ABORT, 0.88, 0.12, COST_MARGIN).sigma(2).condition(c.condition())
                        .weight(weight, horizon));
            }
        }
        all.add(Scenario.ours("aa-late-slow", "A/A, late feedback, canary 1.5x slower", Kind.FALSE_ABORT, P_B, Q_B,
                MU_B).condition(Condition.LATE_FEEDBACK).canaryDelayFactor(1.5));
        // Cost at its margin and cost regressions on skewed costs (part 4), intervention 0.05 -> 0.10; 5 %.
        for (double sigma : new double[] {1.5, 2}) {
            all.add(Scenario.ours("c-margin-s" + (int) (sigma * 10), "cost at margin (x1.1), s" + sigma,
                    Kind.FALSE_ABORT, P_B, Q_B, COST_MARGIN).sigma(sigma));
        }
        for (double sigma : new double[] {1, 1.5, 2}) {
            all.add(Scenario.ours("c-125-s" + (int) (sigma * 10), "cost +25%, s" + sigma + ", horizon 10,000",
                    Kind.POWER, P_B, Q_B, COST_25).sigma(sigma).horizon(10_000));
        }
        all.add(Scenario.ours("i-5-10", "intervention 0.05 -> 0.10", Kind.POWER, P_B, 0.10, MU_B)
                .baselineIntervention(0.05).horizon(10_000));
        return List.copyOf(all);
    }

    private final Guardrails guardrails;
    private final int steps;
    private final KayentaStyleJudge kayenta = KayentaStyleJudge.netflixDefaults();
    private final AtomicLong crossChecks = new AtomicLong();
    private final AtomicLong crossCheckFailures = new AtomicLong();

    JudgeSimulation(Guardrails guardrails, int steps) {
        this.guardrails = guardrails;
        this.steps = steps;
    }

    public static void main(String[] args) {
        long seed = 20261120L;
        int rollouts = 10_000;
        int powerRollouts = 2_000;
        Integer tStar = null;
        int steps = 1;
        List<String> only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--rollouts" -> rollouts = Integer.parseInt(args[++i]);
                case "--power-rollouts" -> powerRollouts = Integer.parseInt(args[++i]);
                case "--t-star" -> tStar = Integer.parseInt(args[++i]);
                case "--only" -> only = List.of(args[++i].split(","));
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: JudgeSimulation [--seed N] [--rollouts N] [--power-rollouts N]"
                            + " [--t-star N] [--steps K] [--only " + String.join(",", SCENARIOS.stream().map(Scenario::id).toList())
                            + "]");
                    System.exit(2);
                }
            }
        }
        Guardrails g = Guardrails.defaults();
        if (tStar != null) {
            g = g.withTStarCanaryTasks(tStar);
        }
        new JudgeSimulation(g, steps).runAll(seed, rollouts, powerRollouts, only);
    }

    void runAll(long seed, int rollouts, int powerRollouts, List<String> only) {
        long started = System.nanoTime();
        Guardrails g = guardrails;
        out("Canary judge simulation: unless a row says otherwise w = %d%%, baseline p = %.2f, q = %.2f,"
                + " cost = exp(N(0,1)), horizon %,d canary tasks", WEIGHT_PERCENT, P_B, Q_B, HORIZON);
        out("  hard tasks (bursts: %d canary tasks' worth in every %d; mix shift: 10%% -> 50%% over the horizon):"
                + " success -%.2f, intervention +%.2f, cost x e, in both arms", BURST_LENGTH_CANARY_TASKS,
                BURST_EVERY_CANARY_TASKS, HARD_SUCCESS_DROP, HARD_INTERVENTION_RISE);
        out("  late feedback: exponential delays, mean %.0f canary tasks' worth for a success, %.0f for a failure,"
                + " excluded after %.0f", LATE_SUCCESS_MEAN_CANARY_TASKS, LATE_FAILURE_MEAN_CANARY_TASKS,
                LATE_WINDOW_CANARY_TASKS);
        out("  ours: one-sided asymptotic CS, alpha %.2f split over %d tests and %d step(s) (a = %.5f), t* = %d"
                + " canary tasks (%,.0f total), burn-in %d per arm, looks after every event", g.alpha(),
                Metric.values().length, steps,
                g.abortLevel(steps), g.tStarCanaryTasks(), g.tStarTotalTasks(WEIGHT_PERCENT), g.minTasksPerArm());
        out("  Kayenta-style: Mann-Whitney 0.98, effect fraction 0.25, IQR 3, effect-size ratios = our tolerances;"
                + " windows of %d tasks, same-size baseline; looks every %d canary tasks (Kay-50pt: counted only"
                + " once each arm has 50 windows)", WINDOW_EVENTS, KAYENTA_LOOK_EVERY);
        out("  seed %d, %,d rollouts per false-abort row, %,d per power row, %d threads", seed, rollouts,
                powerRollouts, ForkJoinPool.commonPool().getParallelism() + 1);
        out("");
        out("%-42s %-8s %8s %8s  %-26s %-13s %8s %8s", "scenario", "judge", "rollouts", "aborted",
                "abort rate [95% Wilson]", "by metric", "median", "p90");

        Double marginRate = null;
        int scenarioIndex = 0;
        for (Scenario sc : SCENARIOS) {
            scenarioIndex++;
            if (only != null && !only.contains(sc.id())) {
                continue;
            }
            int n = sc.kind() == Kind.FALSE_ABORT ? rollouts : powerRollouts;
            Outcome[] outcomes = runScenario(sc, scenarioIndex, seed, n);
            for (JudgeKind judge : sc.kayenta() ? List.of(JudgeKind.values()) : List.of(JudgeKind.OURS)) {
                Summary summary = Summary.of(outcomes, judge, sc.horizon());
                printRow(judge == JudgeKind.OURS ? sc.label() : "", judge.label, n, summary,
                        sc.kind() == Kind.POWER);
                if (judge == JudgeKind.OURS && sc.id().equals("s-margin")) {
                    marginRate = (double) summary.aborted / n;
                }
            }
        }
        out("");
        double zA = Normal.quantile(1 - g.alpha());
        double z90 = Normal.quantile(0.90);
        for (double pc : new double[] {0.80, 0.50}) {
            double var = pc * (1 - pc) + P_B * (1 - P_B) * W / (1 - W);
            double gap = (P_B - pc) - g.successTolerance();
            out("fixed-horizon reference, success 0.90 -> %.2f (one test, one-sided alpha %.2f, power 90%%):"
                    + " %.0f canary tasks", pc, g.alpha(), Math.pow(zA + z90, 2) * var / (gap * gap));
        }
        // Log-normal with log-sd sigma: mean m·e^(mu), variance (m·e^(mu))²·(e^(sigma²) − 1). Mean: contrast
        // x̄_c − r·x̄_b, gap (1.25 − r)·m. Typical: ȳ_c − ȳ_b, variance sigma²·(1/n_c + 1/n_b), gap ln 1.25 − ln r.
        double ratio = 1.25;
        for (double sigma : new double[] {1, 1.5, 2}) {
            double costVar = (ratio * ratio + g.costRatio() * g.costRatio() * W / (1 - W))
                    * (Math.exp(sigma * sigma) - 1);
            double costGap = ratio - g.costRatio();
            double logVar = sigma * sigma * (1 + W / (1 - W));
            double logGap = Math.log(ratio) - Math.log(g.costRatio());
            out("fixed-horizon reference, cost per task +25%%, sigma %.1f (same test): mean %.0f, typical %.0f canary"
                    + " tasks", sigma, Math.pow(zA + z90, 2) * costVar / (costGap * costGap),
                    Math.pow(zA + z90, 2) * logVar / (logGap * logGap));
        }
        out("cross-check: %,d verdicts of Judge.evaluate agreed with the hot path, %d disagreed", crossChecks.get(),
                crossCheckFailures.get());
        out("elapsed %.1f s", (System.nanoTime() - started) / 1e9);
        if (crossCheckFailures.get() > 0) {
            System.out.flush();
            System.exit(1);
        }
        if (marginRate != null) {
            out("judge false-abort rate at margin: %.4f (alpha %.2f)", marginRate, g.alpha());
        }
    }

    Outcome[] runScenario(Scenario sc, int scenarioIndex, long seed, int rollouts) {
        Guardrails g = sc.zeroMargins() ? guardrails.withTolerances(0, 0, 1.0) : guardrails;
        // The simulated step is the first of `steps` (weights w, 2w, 3w, ...): its tests run at alpha split over the
        // metrics and the steps.
        List<RolloutPlan.Step> planSteps = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            planSteps.add(new RolloutPlan.Step(sc.weightPercent() * (k + 1), sc.horizon(), Duration.ofDays(1),
                    Duration.ofDays(2)));
        }
        RolloutPlan plan = new RolloutPlan(planSteps);
        Outcome[] outcomes = new Outcome[rollouts];
        IntStream.range(0, rollouts).parallel()
                .forEach(i -> outcomes[i] = runRollout(sc, g, plan, mix(seed, scenarioIndex, i)));
        return outcomes;
    }

    /** A task started but whose outcome has not arrived yet (late feedback). */
    private record Pending(double arrivesAt, boolean canary, TaskOutcome outcome) {
    }

    /** The judge's tallies, fed as outcomes arrive. */
    private static final class Arms {
        ArmStats baseline = ArmStats.empty();
        ArmStats canary = ArmStats.empty();
        long baselineExcluded;
        long canaryExcluded;

        void fold(boolean toCanary, TaskOutcome task) {
            if (toCanary) {
                canary = canary.plus(task);
            } else {
                baseline = baseline.plus(task);
            }
        }
    }

    Outcome runRollout(Scenario sc, Guardrails g, RolloutPlan plan, long seed) {
        NonInferiorityTests tests = NonInferiorityTests.forStep(g, plan, 0);
        double w = sc.w();
        // Kayenta's effect-size thresholds set to our tolerances, as mean ratios at the known baseline.
        double allowedDecreaseS = (P_B - g.successTolerance()) / P_B;
        double allowedIncreaseI = (sc.qB() + g.interventionTolerance()) / sc.qB();
        double allowedIncreaseC = g.costRatio();
        double kayentaBaselineShare = w / (1 - w);

        SplittableRandom random = new SplittableRandom(seed);
        Arms arms = new Arms();
        int[] at = {-1, -1, -1};
        Metric[] metric = new Metric[3];
        int ours = JudgeKind.OURS.ordinal();
        int kay = JudgeKind.KAYENTA.ordinal();
        int kay50 = JudgeKind.KAYENTA_50.ordinal();

        SortedSample[] kc = {new SortedSample(), new SortedSample(), new SortedSample()};
        SortedSample[] kb = {new SortedSample(), new SortedSample(), new SortedSample()};
        int windowEvents = 0;
        int cwN = 0, cwS = 0, cwI = 0, bwN = 0, bwS = 0, bwI = 0;
        double cwC = 0, bwC = 0;

        // Traffic conditions, in total tasks (both arms).
        long totalHorizon = Math.round(sc.horizon() / w);
        long burstPeriod = Math.round(BURST_EVERY_CANARY_TASKS / w);
        long burstLength = Math.round(BURST_LENGTH_CANARY_TASKS / w);
        long burstPhase = sc.condition() == Condition.BURSTS ? random.nextLong(burstPeriod) : 0;
        boolean late = sc.condition() == Condition.LATE_FEEDBACK;
        PriorityQueue<Pending> pending = late ? new PriorityQueue<>(Comparator.comparingDouble(Pending::arrivesAt))
                : null;
        long canaryStarted = 0;

        for (long event = 0; ; event++) {
            boolean toCanary = random.nextDouble() < w;
            boolean hard = switch (sc.condition()) {
                case BURSTS -> (event + burstPhase) % burstPeriod < burstLength;
                case MIX_SHIFT -> random.nextDouble() < 0.1 + 0.4 * Math.min(1.0, (double) event / totalHorizon);
                default -> false;
            };
            double p = (toCanary ? sc.pC() : P_B) - (hard ? HARD_SUCCESS_DROP : 0);
            double q = (toCanary ? sc.qC() : sc.qB()) + (hard ? HARD_INTERVENTION_RISE : 0);
            double mu = (toCanary ? sc.muC() : MU_B) + (hard ? HARD_LOG_COST : 0);
            boolean success = random.nextDouble() < p;
            boolean intervention = random.nextDouble() < q;
            double cost = Math.exp(mu + sc.sigma() * random.nextGaussian());
            TaskOutcome task = new TaskOutcome(success, intervention, false, cost);
            canaryStarted += toCanary ? 1 : 0;
            if (late) {
                double mean = (success ? LATE_SUCCESS_MEAN_CANARY_TASKS : LATE_FAILURE_MEAN_CANARY_TASKS) / w
                        * (toCanary ? sc.canaryDelayFactor() : 1.0);
                double delay = -mean * Math.log(1 - random.nextDouble());
                if (delay > LATE_WINDOW_CANARY_TASKS / w) {
                    if (toCanary) {
                        arms.canaryExcluded++;
                    } else {
                        arms.baselineExcluded++;
                    }
                } else {
                    pending.add(new Pending(event + delay, toCanary, task));
                }
                while (!pending.isEmpty() && pending.peek().arrivesAt() <= event) {
                    Pending arrived = pending.poll();
                    arms.fold(arrived.canary(), arrived.outcome());
                    look(tests, g, plan, arms, at, metric, ours);
                }
            } else {
                arms.fold(toCanary, task);
                look(tests, g, plan, arms, at, metric, ours);
            }

            if (sc.kayenta()) {
                boolean inKayentaBaseline = random.nextDouble() < kayentaBaselineShare;
                if (toCanary) {
                    cwN++;
                    cwS += success ? 1 : 0;
                    cwI += intervention ? 1 : 0;
                    cwC += cost;
                } else if (inKayentaBaseline) {
                    bwN++;
                    bwS += success ? 1 : 0;
                    bwI += intervention ? 1 : 0;
                    bwC += cost;
                }
                if (++windowEvents == WINDOW_EVENTS) {
                    // An arm without tasks in a window yields NaN, which Kayenta drops (SortedSample.add).
                    kc[0].add((double) cwS / cwN);
                    kc[1].add((double) cwI / cwN);
                    kc[2].add(cwC / cwN);
                    kb[0].add((double) bwS / bwN);
                    kb[1].add((double) bwI / bwN);
                    kb[2].add(bwC / bwN);
                    windowEvents = 0;
                    cwN = cwS = cwI = bwN = bwS = bwI = 0;
                    cwC = bwC = 0;
                }
                if (toCanary && at[kay50] < 0 && arms.canary.n() % KAYENTA_LOOK_EVERY == 0) {
                    Metric m = null;
                    if (kayenta.classify(kc[0], kb[0], Direction.DECREASE, Double.NaN, allowedDecreaseS)
                            == Classification.LOW) {
                        m = Metric.SUCCESS;
                    } else if (kayenta.classify(kc[1], kb[1], Direction.INCREASE, allowedIncreaseI, Double.NaN)
                            == Classification.HIGH) {
                        m = Metric.INTERVENTION;
                    } else if (kayenta.classify(kc[2], kb[2], Direction.INCREASE, allowedIncreaseC, Double.NaN)
                            == Classification.HIGH) {
                        m = Metric.COST;
                    }
                    if (m != null && at[kay] < 0) {
                        at[kay] = (int) arms.canary.n();
                        metric[kay] = m;
                    }
                    boolean fiftyPoints = Math.min(kc[0].size(), kb[0].size()) >= 50;
                    if (m != null && fiftyPoints) {
                        at[kay50] = (int) arms.canary.n();
                        metric[kay50] = m;
                    }
                }
            }
            boolean othersDone = !sc.kayenta() || at[kay50] >= 0;
            if ((toCanary && canaryStarted >= sc.horizon()) || (at[ours] >= 0 && othersDone)) {
                break;
            }
        }
        if (at[ours] < 0) {
            crossCheck(g, plan, arms, null);
        }
        return new Outcome(at, metric);
    }

    /** Our judge's look after an outcome arrived; records the first abort. */
    private void look(NonInferiorityTests tests, Guardrails g, RolloutPlan plan, Arms arms, int[] at,
            Metric[] metric, int ours) {
        if (at[ours] >= 0) {
            return;
        }
        Metric m = tests.firstRegression(arms.baseline, arms.canary);
        if (m != null) {
            at[ours] = (int) arms.canary.n();
            metric[ours] = m;
            crossCheck(g, plan, arms, m);
        }
    }

    /** The product's Judge.evaluate must reach the same decision as the hot path on the same tallies. */
    private void crossCheck(Guardrails g, RolloutPlan plan, Arms arms, Metric regression) {
        Verdict v = Judge.evaluate(new JudgeInput(arms.baseline, arms.canary, 0, T0, T0.plus(Duration.ofHours(1)), plan,
                g, Budgets.none(), arms.canary.costSum(), 0, 0, 0, arms.baselineExcluded, arms.canaryExcluded));
        boolean agrees = regression == null
                ? v.decision() != Decision.ABORT
                : v.decision() == Decision.ABORT && v.reason().name().equals(regression.name() + "_REGRESSION");
        crossChecks.incrementAndGet();
        if (!agrees) {
            crossCheckFailures.incrementAndGet();
            System.err.println("cross-check failed: hot path " + regression + ", Judge.evaluate " + v.decision() + " "
                    + v.reason() + ": " + v.message());
        }
    }

    /** A per-rollout seed: SplitMix64 finaliser over (seed, scenario, rollout). */
    static long mix(long seed, int scenario, int rollout) {
        long z = seed + 0x9E3779B97F4A7C15L * (scenario * 1_000_003L + rollout + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    record Summary(int aborted, int[] byMetric, int[] sortedAt, int horizon) {
        static Summary of(Outcome[] outcomes, JudgeKind judge, int horizon) {
            int aborted = 0;
            int[] byMetric = new int[Metric.values().length];
            int[] at = new int[outcomes.length];
            for (int i = 0; i < outcomes.length; i++) {
                int when = outcomes[i].at()[judge.ordinal()];
                Metric m = outcomes[i].metric()[judge.ordinal()];
                if (when >= 0) {
                    aborted++;
                    byMetric[m.ordinal()]++;
                    at[i] = when;
                } else {
                    at[i] = Integer.MAX_VALUE;
                }
            }
            Arrays.sort(at);
            return new Summary(aborted, byMetric, at, horizon);
        }

        /** Rollouts aborted within {@code canaryTasks} canary tasks. */
        int abortedWithin(int canaryTasks) {
            int k = 0;
            while (k < sortedAt.length && sortedAt[k] <= canaryTasks) {
                k++;
            }
            return k;
        }

        /** Nearest-rank quantile of canary tasks to abort; never-aborted rollouts count as infinitely late. */
        String quantile(double p) {
            int v = sortedAt[(int) Math.ceil(p * sortedAt.length) - 1];
            return v == Integer.MAX_VALUE ? ">" + horizon : Integer.toString(v);
        }
    }

    private static void printRow(String label, String judge, int n, Summary s, boolean power) {
        double[] ci = wilson(s.aborted, n);
        String within = "";
        if (power && s.horizon > HORIZON) {
            within = String.format(Locale.ROOT, "  within 2,000: %.1f%%, within 5,000: %.1f%%",
                    100.0 * s.abortedWithin(2000) / n, 100.0 * s.abortedWithin(5000) / n);
        }
        out("%-42s %-8s %,8d %,8d  %.4f [%.4f, %.4f]   %-13s %8s %8s%s", label, judge, n, s.aborted,
                (double) s.aborted / n, ci[0], ci[1],
                Arrays.stream(s.byMetric).mapToObj(Integer::toString).collect(Collectors.joining("/")),
                s.quantile(0.5), s.quantile(0.9), within);
    }

    /** 95 % Wilson score interval for k of n. */
    static double[] wilson(int k, int n) {
        double z = 1.959963984540054;
        double p = (double) k / n;
        double denominator = 1 + z * z / n;
        double centre = (p + z * z / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    private static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
