package dev.slipway.cli.eval;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway eval <release dir|digest>}. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Run a release's eval suite against a worker pinned to it, and attach the results to its build.",
                "",
                "A release folder is proposed to the builder as a candidate: validated and held, not published.",
                "Each case's input goes to a worker pinned to the candidate as a task (deployment <agent>/eval),",
                "and its answer is graded as the suite says. Results that reach the threshold build the release;",
                "below it, the release never leaves the build. Without --worker, the sample agent's worker is",
                "started beside the local stack (with the simulated providers) and stopped afterwards."})
public final class EvalCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "<release>", description = "Release folder, or the digest of a candidate.")
    String release;

    @Option(names = "--worker", paramLabel = "<url>", description = "A worker already pinned to the release.")
    URI worker;

    @Option(names = "--out", paramLabel = "<file>", description = "Also write the results file here.")
    Path out;

    @Option(names = "--no-attach", description = "Only score: do not attach the results (nothing is built).")
    boolean noAttach;

    @Option(names = "--label", paramLabel = "<label>", description = "Bind <agent>@<label> when the release is built.")
    String label;

    @Option(names = "--promotion", paramLabel = "<promotion-id>",
            description = "Run --suite on a built release and record the score on this promotion (the target's eval gate).")
    String promotion;

    @Option(names = "--suite", paramLabel = "<file>", description = "The target environment's suite, with --promotion.")
    Path suite;

    public EvalCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (promotion != null || suite != null) {
            if (promotion == null || suite == null) {
                throw new dev.slipway.cli.CliException(dev.slipway.cli.ExitCodes.USAGE,
                        "--promotion and --suite go together: the suite to run, the promotion to record it on");
            }
            EvalService evals = EvalService.create(ctx);
            var answered = evals.evaluateForPromotion(release, suite, promotion, Optional.ofNullable(worker), true);
            dev.slipway.cli.promotion.PromotionRenderer.detail(answered, ctx.output().styles()).forEach(ctx.output()::line);
            return dev.slipway.cli.ExitCodes.OK;
        }
        return EvalService.create(ctx).evaluate(release, Optional.ofNullable(worker), Optional.ofNullable(out), !noAttach,
                Optional.ofNullable(label).filter(l -> !l.isBlank()));
    }
}
