package dev.slipway.cli.rollout;

import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway rollout resume <agent>/<env> [--reason TEXT]}. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Resume a paused rollout from where it stands.")
public final class RolloutResumeCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "<agent>/<env>", converter = DeploymentId.Converter.class,
            description = "The deployment, e.g. support-triage/prod.")
    DeploymentId deployment;

    @Option(names = "--reason", paramLabel = "<text>", description = "Why, for the audit trail.")
    String reason;

    public RolloutResumeCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.rolloutService().command(deployment, RouterClient.OperatorCommand.RESUME, reason);
        return ExitCodes.OK;
    }
}
