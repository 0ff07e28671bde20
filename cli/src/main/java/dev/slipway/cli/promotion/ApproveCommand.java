package dev.slipway.cli.promotion;

import java.util.Optional;
import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway approve <promotion-id> [--comment …]}. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve a waiting promotion, as the logged-in user (approver, or model-governor for a model change).",
                "The author of the release cannot approve it, and one person's approvals count once."})
public final class ApproveCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "<promotion-id>")
    String promotionId;

    @Option(names = "--comment", paramLabel = "<text>", description = "Why: kept in the audit trail.")
    String comment;

    public ApproveCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return PromotionService.of(ctx).decide(promotionId, true, Optional.ofNullable(comment));
    }
}
