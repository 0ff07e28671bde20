package dev.slipway.cli.rollout;

import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway rollout pause <agent>/<env> [--reason TEXT]}. */
@Command(name = "pause", mixinStandardHelpOptions = true,
        description = "Pause a deployment's rollout where it stands (route state PAUSED) until 'slipway rollout resume'.")
public final class RolloutPauseCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "<agent>/<env>", converter = DeploymentId.Converter.class,
            description = "The deployment, e.g. support-triage/prod.")
    DeploymentId deployment;

    @Option(names = "--reason", paramLabel = "<text>", description = "Why, for the audit trail.")
    String reason;

    public RolloutPauseCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.rolloutService().command(deployment, RouterClient.OperatorCommand.PAUSE, reason);
        return ExitCodes.OK;
    }
}
