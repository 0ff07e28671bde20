package dev.slipway.cli.rollout;

import dev.slipway.cli.client.DeploymentId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.client.ReleaseRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway rollout start <agent>/<env> <digest|agent@label> [plan, guardrails, budgets]}. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start a canary of a release on a deployment: the router sends a growing share of tasks to it, "
                + "step by step, while canary-service compares it with the current stable release and aborts on any "
                + "regression or breaker.",
                "The first release of a deployment has nothing to compare with and becomes stable directly.",
                "--min-tasks, --min-time and --max-time take one value for all steps or one per step (comma-separated)."})
public final class RolloutStartCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<agent>/<env>", converter = DeploymentId.Converter.class,
            description = "The deployment, e.g. support-triage/prod.")
    DeploymentId deployment;

    @Parameters(index = "1", paramLabel = "<release>", converter = ReleaseRef.Converter.class,
            description = "The candidate: sha256:<64 hex>, or <agent>@<label> (resolved to its digest on the builder).")
    ReleaseRef candidate;

    @Mixin
    RolloutPlanOptions plan;

    public RolloutStartCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Option(names = "--builder-url", paramLabel = "<url>",
            description = "Builder base URL, to resolve a label. Default: $SLIPWAY_BUILDER_URL, else the builder in "
                    + ".slipway/stack.json, else " + CliContext.DEFAULT_BUILDER_URL + ".")
    void builderUrl(String url) {
        ctx.builderUrlOverride(url);
    }

    @Override
    public Integer call() {
        RolloutService.of(ctx).start(deployment, candidate, spec());
        return ExitCodes.OK;
    }

    /** The plan, guardrails and budgets from the options; a value out of range is a usage error. */
    RolloutSpec spec() {
        if (!candidate.isDigest()) {
            String agent = candidate.value().substring(0, candidate.value().indexOf('@'));
            if (!agent.equals(deployment.agent())) {
                throw usage(candidate + " is a release of agent " + agent + ", not of " + deployment.agent()
                        + " (the deployment " + deployment + ")");
            }
        }
        return plan.spec();
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
