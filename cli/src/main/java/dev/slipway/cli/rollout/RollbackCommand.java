package dev.slipway.cli.rollout;

import dev.slipway.cli.client.RouterClient;
import dev.slipway.cli.client.DeploymentId;

import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway rollback <agent>/<env> [--reason TEXT]}. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Roll a deployment back: one pointer flip on the router, stable := last good, any canary cleared, "
                + "new epoch. No rebuild, no redeploy.",
                "The router applies it asynchronously; follow it with 'slipway rollout status <agent>/<env>'."})
public final class RollbackCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "<agent>/<env>", converter = DeploymentId.Converter.class,
            description = "The deployment, e.g. support-triage/prod.")
    DeploymentId deployment;

    @Option(names = "--reason", paramLabel = "<text>", description = "Why, for the audit trail and the alert.")
    String reason;

    public RollbackCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Option(names = "--router-url", paramLabel = "<url>",
            description = "Router base URL. Default: $SLIPWAY_ROUTER_URL, else the router in .slipway/stack.json, "
                    + "else " + CliContext.DEFAULT_ROUTER_URL + ".")
    void routerUrl(String url) {
        ctx.routerUrlOverride(url);
    }

    @Override
    public Integer call() {
        RolloutService.of(ctx).command(deployment, RouterClient.OperatorCommand.ROLLBACK, reason);
        return ExitCodes.OK;
    }
}
