package dev.slipway.cli.rollout;

import dev.slipway.cli.client.DeploymentId;

import java.time.Duration;
import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway rollout status <agent>/<env> [--watch] [--interval 2s] [--count N]}. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show a deployment's route (stable, canary and weight, last good, epoch), its rollout, the "
                + "baseline and canary metrics side by side, and the last decision.",
                "Rates count tasks whose outcome is known; pending feedback is shown apart and never counted as failure."})
public final class RolloutStatusCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<agent>/<env>", converter = DeploymentId.Converter.class,
            description = "The deployment, e.g. support-triage/prod.")
    DeploymentId deployment;

    @Option(names = {"-w", "--watch"}, description = "Redraw every --interval until Ctrl-C.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "<duration>", converter = Durations.Converter.class,
            description = "With --watch: time between polls, e.g. 2s, 500ms, 1m (default 2s, at least 100ms).")
    Duration interval;

    @Option(names = "--count", paramLabel = "<n>",
            description = "With --watch: stop after n snapshots (default: until Ctrl-C).")
    Long count;

    public RolloutStatusCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (!watch) {
            if (interval != null || count != null) {
                throw new ParameterException(spec.commandLine(), "--interval and --count only apply with --watch");
            }
            RolloutService.of(ctx).status(deployment);
            return ExitCodes.OK;
        }
        Duration every = interval == null ? Duration.ofSeconds(2) : interval;
        if (every.compareTo(Duration.ofMillis(100)) < 0) {
            throw new ParameterException(spec.commandLine(), "--interval must be at least 100ms: " + Durations.format(every));
        }
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1: " + count);
        }
        RolloutService.of(ctx).watch(deployment, every, count == null ? 0 : count);
        return ExitCodes.OK;
    }
}
