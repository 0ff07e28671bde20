package dev.slipway.cli.promotion;

import java.util.Optional;
import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway reject <promotion-id> --comment …}. */
@Command(name = "reject", mixinStandardHelpOptions = true,
        description = "Reject a waiting promotion, saying why; a new request may follow.")
public final class RejectCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "<promotion-id>")
    String promotionId;

    @Option(names = "--comment", required = true, paramLabel = "<text>", description = "Why: kept in the audit trail.")
    String comment;

    public RejectCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return PromotionService.of(ctx).decide(promotionId, false, Optional.of(comment));
    }
}
