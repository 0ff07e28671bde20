package dev.slipway.cli.rollout;

import dev.slipway.cli.client.RouterClient;
import dev.slipway.cli.client.DeploymentId;

import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code slipway rollout …}: start, watch, pause and resume canary rollouts on the router. */
@Command(name = "rollout",
        mixinStandardHelpOptions = true,
        description = "Start, watch, pause and resume canary rollouts of a release on a deployment (talks to router-service).",
        subcommands = {RolloutStartCommand.class, RolloutStatusCommand.class})
public final class RolloutCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    public RolloutCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Option(names = "--router-url", scope = ScopeType.INHERIT, paramLabel = "<url>",
            description = "Router base URL. Default: $SLIPWAY_ROUTER_URL, else the router in .slipway/stack.json, "
                    + "else " + CliContext.DEFAULT_ROUTER_URL + ".")
    void routerUrl(String url) {
        ctx.routerUrlOverride(url);
    }

    /** {@code slipway rollout pause <agent>/<env> [--reason TEXT]}. */
    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Pause a deployment's rollout where it stands (route state PAUSED) until 'slipway rollout resume'.")
    int pause(@Parameters(index = "0", paramLabel = "<agent>/<env>", converter = DeploymentId.Converter.class,
                    description = "The deployment, e.g. support-triage/prod.") DeploymentId deployment,
            @Option(names = "--reason", paramLabel = "<text>", description = "Why, for the audit trail.") String reason) {
        RolloutService.of(ctx).command(deployment, RouterClient.OperatorCommand.PAUSE, reason);
        return ExitCodes.OK;
    }

    /** {@code slipway rollout resume <agent>/<env> [--reason TEXT]}. */
    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused rollout from where it stands.")
    int resume(@Parameters(index = "0", paramLabel = "<agent>/<env>", converter = DeploymentId.Converter.class,
                    description = "The deployment, e.g. support-triage/prod.") DeploymentId deployment,
            @Option(names = "--reason", paramLabel = "<text>", description = "Why, for the audit trail.") String reason) {
        RolloutService.of(ctx).command(deployment, RouterClient.OperatorCommand.RESUME, reason);
        return ExitCodes.OK;
    }

    @Override
    public Integer call() {
        ctx.err().println("slipway rollout: a verb is missing (start, status, pause, resume).");
        spec.commandLine().usage(ctx.err());
        return ExitCodes.USAGE;
    }
}
