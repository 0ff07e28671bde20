package dev.slipway.cli.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A rollout's plan, guardrails and budgets as options, shared by {@code rollout start} and {@code promote} (into an
 * environment entered by a canary); a value out of range is a usage error of the command that mixes them in.
 */
public final class RolloutPlanOptions {

    static final List<Integer> DEFAULT_STEPS = List.of(1, 5, 25, 50, 100);

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = {"--steps", "--plan"}, split = ",", paramLabel = "<percent>",
            description = "Canary weights in %%, increasing, each 1..100 (default 1,5,25,50,100).")
    List<Integer> steps;

    @Option(names = "--min-tasks", split = ",", paramLabel = "<n>",
            description = "Canary tasks a step needs before it may ramp (default 200).")
    List<Integer> minTasks;

    @Option(names = "--min-time", split = ",", paramLabel = "<duration>", converter = Durations.Converter.class,
            description = "Time a step lasts at least, e.g. PT5M or 5m (default PT5M).")
    List<Duration> minTime;

    @Option(names = "--max-time", split = ",", paramLabel = "<duration>", converter = Durations.Converter.class,
            description = "Time after which a step short of data holds and alerts (default PT1H).")
    List<Duration> maxTime;

    @Option(names = "--budget", paramLabel = "<usd>", defaultValue = "50",
            description = "Most the candidate may spend over the whole rollout, USD (default ${DEFAULT-VALUE}).")
    double budget;

    @Option(names = "--max-task-spend", paramLabel = "<usd>", defaultValue = "2",
            description = "Most a single candidate task may spend, USD (default ${DEFAULT-VALUE}).")
    double maxTaskSpend;

    @Option(names = "--success-tolerance", paramLabel = "<rate>", defaultValue = "0.02",
            description = "Largest tolerated drop in success rate, absolute: 0.02 = 2 points (default ${DEFAULT-VALUE}).")
    double successTolerance;

    @Option(names = "--intervention-tolerance", paramLabel = "<rate>", defaultValue = "0.02",
            description = "Largest tolerated rise in human-intervention rate, absolute (default ${DEFAULT-VALUE}).")
    double interventionTolerance;

    @Option(names = "--cost-ratio", paramLabel = "<ratio>", defaultValue = "1.1",
            description = "Largest tolerated canary/baseline cost per task: 1.1 = 10 %% dearer (default ${DEFAULT-VALUE}).")
    double costRatio;

    @Option(names = "--alpha", paramLabel = "<p>", defaultValue = "0.01",
            description = "False-abort probability of the judge's sequential tests, 0 < alpha <= 0.5 (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--on-regression", paramLabel = "abort|freeze", defaultValue = "abort",
            description = "abort (default): a regression takes the candidate out at once; freeze: hold at the current "
                    + "weight and page, a human decides (spend breakers always abort).")
    String onRegression;

    /** Whether any plan option was given on the command line. */
    public boolean given() {
        var parsed = spec.commandLine().getParseResult();
        return java.util.stream.Stream.of("--steps", "--min-tasks", "--min-time", "--max-time", "--budget",
                "--max-task-spend", "--success-tolerance", "--intervention-tolerance", "--cost-ratio", "--alpha",
                "--on-regression")
                .anyMatch(parsed::hasMatchedOption);
    }

    /** The plan, guardrails and budgets from the options. */
    public RolloutSpec spec() {
        List<Integer> weights = steps == null || steps.isEmpty() ? DEFAULT_STEPS : steps;
        int previous = 0;
        for (int w : weights) {
            if (w < 1 || w > 100) {
                throw usage("--steps: " + w + " is not a weight: each step is 1..100 %");
            }
            if (w <= previous) {
                throw usage("--steps must increase: " + w + " after " + previous);
            }
            previous = w;
        }
        int n = weights.size();
        List<Integer> tasks = perStep("--min-tasks", minTasks, 200, n);
        List<Duration> mins = perStep("--min-time", minTime, Duration.ofMinutes(5), n);
        List<Duration> maxs = perStep("--max-time", maxTime, Duration.ofHours(1), n);
        List<RolloutSpec.Step> plan = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (tasks.get(i) < 0) {
                throw usage("--min-tasks must be >= 0: " + tasks.get(i));
            }
            if (mins.get(i).isNegative()) {
                throw usage("--min-time must not be negative: " + mins.get(i));
            }
            if (maxs.get(i).isNegative() || maxs.get(i).isZero()) {
                throw usage("--max-time must be positive: " + maxs.get(i));
            }
            if (mins.get(i).compareTo(maxs.get(i)) > 0) {
                throw usage("step " + weights.get(i) + " %: --min-time " + Durations.format(mins.get(i))
                        + " is longer than --max-time " + Durations.format(maxs.get(i)));
            }
            plan.add(new RolloutSpec.Step(weights.get(i), tasks.get(i), mins.get(i), maxs.get(i)));
        }
        positive("--budget", budget);
        positive("--max-task-spend", maxTaskSpend);
        if (maxTaskSpend > budget) {
            throw usage("--max-task-spend " + maxTaskSpend + " is above --budget " + budget);
        }
        within("--success-tolerance", successTolerance, 0, 1);
        within("--intervention-tolerance", interventionTolerance, 0, 1);
        if (!Double.isFinite(costRatio) || costRatio < 1) {
            throw usage("--cost-ratio must be >= 1 (1.1 tolerates a canary 10 % dearer per task): " + costRatio);
        }
        if (!Double.isFinite(alpha) || alpha <= 0 || alpha > 0.5) {
            throw usage("--alpha must be within (0, 0.5]: " + alpha);
        }
        if (!onRegression.equals("abort") && !onRegression.equals("freeze")) {
            throw usage("--on-regression must be abort or freeze: " + onRegression);
        }
        return new RolloutSpec(plan,
                new RolloutSpec.Guardrails(alpha, successTolerance, interventionTolerance, costRatio),
                new RolloutSpec.Budgets(budget, maxTaskSpend), onRegression.equals("freeze"));
    }

    /** One value for every step, or exactly one per step. */
    private <T> List<T> perStep(String option, List<T> given, T fallback, int steps) {
        if (given == null || given.isEmpty()) {
            return java.util.Collections.nCopies(steps, fallback);
        }
        if (given.size() == 1) {
            return java.util.Collections.nCopies(steps, given.get(0));
        }
        if (given.size() != steps) {
            throw usage(option + " has " + given.size() + " values for " + steps + " steps: give one for all steps or one per step");
        }
        return given;
    }

    private void positive(String option, double v) {
        if (!Double.isFinite(v) || v <= 0) {
            throw usage(option + " must be a positive amount of USD: " + v);
        }
    }

    private void within(String option, double v, double lowInclusive, double highExclusive) {
        if (!Double.isFinite(v) || v < lowInclusive || v >= highExclusive) {
            throw usage(String.format(Locale.ROOT, "%s must be within [%s, %s): %s", option, lowInclusive, highExclusive, v));
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
