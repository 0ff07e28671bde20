package dev.slipway.bench.judge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>Each task goes to the canary with probability w = 5 %; S ~ Bern(p), I ~ Bern(q), C = exp(μ + N(0,1)). The
 * baseline is p = 0.90, q = 0.10, μ = 0. Our judge looks after every event once both arms have 30 tasks; the
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

    record Scenario(String id, String label, Kind kind, double pC, double qC, double muC, boolean zeroMargins) {
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

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("aa", "A/A (canary = baseline)", Kind.FALSE_ABORT, P_B, Q_B, MU_B, false),
            new Scenario("s-margin", "success at margin 0.90 vs 0.88", Kind.FALSE_ABORT, 0.88, Q_B, MU_B, false),
            new Scenario("i-margin", "intervention at margin 0.10 vs 0.12", Kind.FALSE_ABORT, P_B, 0.12, MU_B, false),
            new Scenario("c-margin", "cost at margin (x1.1)", Kind.FALSE_ABORT, P_B, Q_B, Math.log(1.1), false),
            new Scenario("aa-0", "A/A, all margins 0", Kind.FALSE_ABORT, P_B, Q_B, MU_B, true),
            new Scenario("s-80", "success 0.90 -> 0.80", Kind.POWER, 0.80, Q_B, MU_B, false),
            new Scenario("s-50", "success 0.90 -> 0.50", Kind.POWER, 0.50, Q_B, MU_B, false),
            new Scenario("c-125", "cost per task +25%", Kind.POWER, P_B, Q_B, Math.log(1.25), false));

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
        out("Canary judge simulation: w = %d%%, baseline p = %.2f, q = %.2f, cost = exp(N(0,1)); horizon %,d canary"
                + " tasks", WEIGHT_PERCENT, P_B, Q_B, HORIZON);
        out("  ours: one-sided asymptotic CS, alpha %.2f split over 3 metrics and %d step(s) (a = %.5f), t* = %d"
                + " canary tasks (%,.0f total), burn-in %d per arm, looks after every event", g.alpha(), steps,
                g.abortLevel(steps), g.tStarCanaryTasks(), g.tStarTotalTasks(WEIGHT_PERCENT), g.minTasksPerArm());
        out("  Kayenta-style: Mann-Whitney 0.98, effect fraction 0.25, IQR 3, effect-size ratios = our tolerances;"
                + " windows of %d tasks, same-size baseline; looks every %d canary tasks (Kay-50pt: counted only"
                + " once each arm has 50 windows)", WINDOW_EVENTS, KAYENTA_LOOK_EVERY);
        out("  seed %d, %,d rollouts per false-abort row, %,d per power row, %d threads", seed, rollouts,
                powerRollouts, ForkJoinPool.commonPool().getParallelism() + 1);
        out("");
        out("%-38s %-8s %8s %8s  %-26s %-13s %8s %8s", "scenario", "judge", "rollouts", "aborted",
                "abort rate [95% Wilson]", "S/I/C", "median", "p90");

        Double marginRate = null;
        int scenarioIndex = 0;
        for (Scenario sc : SCENARIOS) {
            scenarioIndex++;
            if (only != null && !only.contains(sc.id())) {
                continue;
            }
            int n = sc.kind() == Kind.FALSE_ABORT ? rollouts : powerRollouts;
            Outcome[] outcomes = runScenario(sc, scenarioIndex, seed, n);
            for (JudgeKind judge : JudgeKind.values()) {
                Summary summary = Summary.of(outcomes, judge);
                printRow(judge == JudgeKind.OURS ? sc.label() : "", judge.label, n, summary);
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
        // Log-normal, sigma 1: mean m·e^(mu), variance (m·e^(mu))²·(e − 1). Contrast x̄_c − r·x̄_b, gap (1.25 − r)·m.
        double ratio = 1.25;
        double costVar = (ratio * ratio + g.costRatio() * g.costRatio() * W / (1 - W)) * (Math.E - 1);
        double costGap = ratio - g.costRatio();
        out("fixed-horizon reference, cost per task +25%% (same test): %.0f canary tasks",
                Math.pow(zA + z90, 2) * costVar / (costGap * costGap));
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
        // The simulated step is the first of `steps` (weights 5, 10, 15, ...): its tests run at alpha / (3 · steps).
        List<RolloutPlan.Step> planSteps = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            planSteps.add(new RolloutPlan.Step(WEIGHT_PERCENT * (k + 1), HORIZON, Duration.ofDays(1), Duration.ofDays(2)));
        }
        RolloutPlan plan = new RolloutPlan(planSteps);
        Outcome[] outcomes = new Outcome[rollouts];
        IntStream.range(0, rollouts).parallel()
                .forEach(i -> outcomes[i] = runRollout(sc, g, plan, mix(seed, scenarioIndex, i)));
        return outcomes;
    }

    Outcome runRollout(Scenario sc, Guardrails g, RolloutPlan plan, long seed) {
        NonInferiorityTests tests = NonInferiorityTests.forStep(g, plan, 0);
        // Kayenta's effect-size thresholds set to our tolerances, as mean ratios at the known baseline.
        double allowedDecreaseS = (P_B - g.successTolerance()) / P_B;
        double allowedIncreaseI = (Q_B + g.interventionTolerance()) / Q_B;
        double allowedIncreaseC = g.costRatio();
        double kayentaBaselineShare = W / (1 - W);

        SplittableRandom random = new SplittableRandom(seed);
        ArmStats baseline = ArmStats.empty();
        ArmStats canary = ArmStats.empty();
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

        while (true) {
            boolean toCanary = random.nextDouble() < W;
            boolean success = random.nextDouble() < (toCanary ? sc.pC() : P_B);
            boolean intervention = random.nextDouble() < (toCanary ? sc.qC() : Q_B);
            double cost = Math.exp((toCanary ? sc.muC() : MU_B) + random.nextGaussian());
            boolean inKayentaBaseline = random.nextDouble() < kayentaBaselineShare;
            TaskOutcome task = new TaskOutcome(success, intervention, false, cost);
            if (toCanary) {
                canary = canary.plus(task);
                cwN++;
                cwS += success ? 1 : 0;
                cwI += intervention ? 1 : 0;
                cwC += cost;
            } else {
                baseline = baseline.plus(task);
                if (inKayentaBaseline) {
                    bwN++;
                    bwS += success ? 1 : 0;
                    bwI += intervention ? 1 : 0;
                    bwC += cost;
                }
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

            if (at[ours] < 0) {
                Metric m = tests.firstRegression(baseline, canary);
                if (m != null) {
                    at[ours] = (int) canary.n();
                    metric[ours] = m;
                    crossCheck(g, plan, baseline, canary, m);
                }
            }
            if (toCanary && at[kay50] < 0 && canary.n() % KAYENTA_LOOK_EVERY == 0) {
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
                    at[kay] = (int) canary.n();
                    metric[kay] = m;
                }
                boolean fiftyPoints = Math.min(kc[0].size(), kb[0].size()) >= 50;
                if (m != null && fiftyPoints) {
                    at[kay50] = (int) canary.n();
                    metric[kay50] = m;
                }
            }
            if ((toCanary && canary.n() >= HORIZON) || (at[ours] >= 0 && at[kay50] >= 0)) {
                break;
            }
        }
        if (at[ours] < 0) {
            crossCheck(g, plan, baseline, canary, null);
        }
        return new Outcome(at, metric);
    }

    /** The product's Judge.evaluate must reach the same decision as the hot path on the same tallies. */
    private void crossCheck(Guardrails g, RolloutPlan plan, ArmStats baseline, ArmStats canary, Metric regression) {
        Verdict v = Judge.evaluate(new JudgeInput(baseline, canary, 0, T0, T0.plus(Duration.ofHours(1)), plan, g,
                Budgets.none(), canary.costSum(), 0, 0, 0));
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

    record Summary(int aborted, int[] byMetric, int[] sortedAt) {
        static Summary of(Outcome[] outcomes, JudgeKind judge) {
            int aborted = 0;
            int[] byMetric = new int[3];
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
            return new Summary(aborted, byMetric, at);
        }

        /** Nearest-rank quantile of canary tasks to abort; never-aborted rollouts count as infinitely late. */
        String quantile(double p) {
            int v = sortedAt[(int) Math.ceil(p * sortedAt.length) - 1];
            return v == Integer.MAX_VALUE ? ">" + HORIZON : Integer.toString(v);
        }
    }

    private static void printRow(String label, String judge, int n, Summary s) {
        double[] ci = wilson(s.aborted, n);
        out("%-38s %-8s %,8d %,8d  %.4f [%.4f, %.4f]   %-13s %8s %8s", label, judge, n, s.aborted,
                (double) s.aborted / n, ci[0], ci[1],
                s.byMetric[0] + "/" + s.byMetric[1] + "/" + s.byMetric[2], s.quantile(0.5), s.quantile(0.9));
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
