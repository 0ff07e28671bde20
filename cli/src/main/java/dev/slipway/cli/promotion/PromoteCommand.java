package dev.slipway.cli.promotion;

import java.util.Optional;
import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.rollout.RolloutPlanOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway promote <digest|agent@label> --to <env>}. */
@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Request the promotion of a release into the next environment (dev → staging → prod).",
                "",
                "Only from the environment where it runs as stable, after its soak there; never skipping one. The target",
                "environment's gates decide: approvals by people other than the release's author, its eval threshold,",
                "and, when the model differs from the target's stable release, a model-governor's approval and a run of",
                "the target's suite (slipway eval <digest> --suite <suite> --promotion <id>). Once every gate passes,",
                "the router flips the pointer (dev, staging) or starts a canary (prod; plan options below)."})
public final class PromoteCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "<release>", description = "sha256:<64 hex>, or <agent>@<label>.")
    String release;

    @Option(names = "--to", required = true, paramLabel = "<env>", description = "The environment to enter.")
    String to;

    @Mixin
    RolloutPlanOptions plan;

    public PromoteCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return PromotionService.of(ctx).promote(release, to,
                plan.given() ? Optional.of(plan.spec().toJson("unused").without("candidate")) : Optional.empty());
    }
}
