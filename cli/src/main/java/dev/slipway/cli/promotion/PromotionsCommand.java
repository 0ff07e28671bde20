package dev.slipway.cli.promotion;

import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway promotions [--pending] [<promotion-id>]}. */
@Command(name = "promotions", mixinStandardHelpOptions = true,
        description = "List promotions, newest first, with what each still waits for; or show one whole.")
public final class PromotionsCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--pending", description = "Only those still waiting.")
    boolean pending;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<promotion-id>", description = "Show this one, with its steps.")
    String promotionId;

    public PromotionsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        PromotionService promotions = PromotionService.of(ctx);
        return promotionId != null ? promotions.show(promotionId) : promotions.list(pending);
    }
}
