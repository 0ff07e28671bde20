package dev.slipway.builder.promotion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The ordered environments a release moves through, each with its policy. Default: dev → staging → prod. */
public record Environments(List<EnvironmentPolicy> ordered) {

    public Environments {
        ordered = List.copyOf(ordered);
        if (ordered.isEmpty()) {
            throw new IllegalArgumentException("at least one environment is needed");
        }
        Set<String> names = new HashSet<>();
        for (EnvironmentPolicy e : ordered) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("environment " + e.name() + " is listed twice");
            }
        }
    }

    /**
     * dev (no approval, flips), staging (one approver, an hour and 100 tasks as stable in dev, flips), prod (two
     * approvers, a day and 1,000 tasks in staging, canary); staging and prod take the release's own suite at 0.85.
     */
    public static Environments defaults() {
        return new Environments(List.of(
                new EnvironmentPolicy("dev", 0, Set.of("approver"), Duration.ZERO, 0, Optional.empty(), 0,
                        EnvironmentPolicy.Entry.FLIP),
                new EnvironmentPolicy("staging", 1, Set.of("approver"), Duration.ofHours(1), 100, Optional.empty(),
                        DEFAULT_EVAL_THRESHOLD, EnvironmentPolicy.Entry.FLIP),
                new EnvironmentPolicy("prod", 2, Set.of("approver"), Duration.ofDays(1), 1_000, Optional.empty(),
                        DEFAULT_EVAL_THRESHOLD, EnvironmentPolicy.Entry.CANARY)));
    }

    static final double DEFAULT_EVAL_THRESHOLD = 0.85;

    /**
     * From configuration: {@code slipway.environments=dev,staging,prod} and, per environment,
     * {@code slipway.environment.<name>.approvals}, {@code .approver-roles} (comma-separated), {@code .min-soak}
     * (ISO-8601 or e.g. {@code 1h}), {@code .min-soak-tasks}, {@code .eval-suite} (a suite name), {@code .eval-threshold} (0..1) and
     * {@code .entry} ({@code flip} or {@code canary}). Unset settings take the default environment's of the same name,
     * else 1 approval by {@code approver}, no soak, no eval gate beyond the build's, and a flip (a canary for the last
     * environment).
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public static Environments fromSettings(List<String> names, java.util.function.Function<String, Optional<String>> setting) {
        Environments defaults = defaults();
        List<EnvironmentPolicy> policies = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim();
            boolean last = i == names.size() - 1;
            EnvironmentPolicy base = defaults.named(name).orElse(new EnvironmentPolicy(name, 1, Set.of("approver"),
                    Duration.ZERO, 0, Optional.empty(), 0,
                    last ? EnvironmentPolicy.Entry.CANARY : EnvironmentPolicy.Entry.FLIP));
            String prefix = "slipway.environment." + name + ".";
            try {
                int approvals = setting.apply(prefix + "approvals").map(String::trim).map(Integer::parseInt)
                        .orElse(base.approvalsRequired());
                Set<String> roles = setting.apply(prefix + "approver-roles")
                        .map(v -> Set.of(v.trim().split("\\s*,\\s*"))).orElse(base.approverRoles());
                Duration soak = setting.apply(prefix + "min-soak").map(Environments::duration).orElse(base.minSoak());
                long tasks = setting.apply(prefix + "min-soak-tasks").map(String::trim).map(Long::parseLong)
                        .orElse(base.minSoakTasks());
                Optional<String> suite = setting.apply(prefix + "eval-suite").map(String::trim).filter(v -> !v.isEmpty())
                        .or(base::evalSuite);
                double threshold = setting.apply(prefix + "eval-threshold").map(String::trim).map(Double::parseDouble)
                        .orElse(base.evalThreshold());
                EnvironmentPolicy.Entry entry = setting.apply(prefix + "entry")
                        .map(v -> EnvironmentPolicy.Entry.valueOf(v.trim().toUpperCase(java.util.Locale.ROOT)))
                        .orElse(base.entry());
                policies.add(new EnvironmentPolicy(name, approvals, roles, soak, tasks, suite, threshold, entry));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("environment " + name + ": " + prefix + "*: " + e.getMessage(), e);
            }
        }
        return new Environments(policies);
    }

    private static Duration duration(String value) {
        String v = value.trim();
        return v.startsWith("P") || v.startsWith("p") ? Duration.parse(v.toUpperCase(java.util.Locale.ROOT))
                : Duration.parse("PT" + v.toUpperCase(java.util.Locale.ROOT));
    }

    public Optional<EnvironmentPolicy> named(String name) {
        return ordered.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The environment before {@code name}, empty for the first. */
    public Optional<EnvironmentPolicy> before(String name) {
        int i = indexOf(name);
        return i <= 0 ? Optional.empty() : Optional.of(ordered.get(i - 1));
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        ordered.forEach(e -> names.add(e.name()));
        return names;
    }

    private int indexOf(String name) {
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
