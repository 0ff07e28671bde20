package dev.slipway.cli;

import java.util.concurrent.Callable;

import dev.slipway.cli.audit.AuditCommand;
import dev.slipway.cli.lineage.LineageCommand;
import dev.slipway.cli.lineage.TimelineCommand;
import dev.slipway.cli.auth.LoginCommand;
import dev.slipway.cli.demo.DemoCommand;
import dev.slipway.cli.demo.WorkerCommand;
import dev.slipway.cli.eval.EvalCommand;
import dev.slipway.cli.dlq.DlqCommand;
import dev.slipway.cli.promotion.ApproveCommand;
import dev.slipway.cli.promotion.PromoteCommand;
import dev.slipway.cli.promotion.PromotionsCommand;
import dev.slipway.cli.promotion.RejectCommand;
import dev.slipway.cli.release.ReleaseCommand;
import dev.slipway.cli.rollout.RollbackCommand;
import dev.slipway.cli.rollout.RolloutCommand;
import dev.slipway.cli.stack.DownCommand;
import dev.slipway.cli.stack.StatusCommand;
import dev.slipway.cli.stack.UpCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code slipway}: the top of the verb tree and the global options every verb inherits. */
@Command(name = "slipway",
        mixinStandardHelpOptions = true,
        versionProvider = SlipwayCommand.Version.class,
        description = "Release control plane for LLM agents: one immutable, signed release of code, model, prompts, "
                + "tools and index.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, DemoCommand.class, WorkerCommand.class, EvalCommand.class,
                LoginCommand.class, ReleaseCommand.class, PromoteCommand.class, ApproveCommand.class, RejectCommand.class,
                PromotionsCommand.class, RolloutCommand.class, RollbackCommand.class, AuditCommand.class, LineageCommand.class,
                TimelineCommand.class, DlqCommand.class},
        footer = {"", "Exit status: 0 ok, 1 failed, 2 bad usage or builder / router unreachable, 3 (status) stack not running.",
                "Docs: docs/cli.md"})
public final class SlipwayCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    public SlipwayCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Option(names = "--output", scope = ScopeType.INHERIT, paramLabel = "text|json",
            description = "Output format: text (default) or json for scripts.")
    void output(OutputFormat format) {
        ctx.format(format);
    }

    @Option(names = "--no-color", scope = ScopeType.INHERIT,
            description = "No ANSI colours (they are only used on a terminal anyway; NO_COLOR is honoured too).")
    void noColor(boolean noColor) {
        ctx.noColor(noColor);
    }

    @Override
    public Integer call() {
        ctx.err().println("slipway: a verb is missing.");
        spec.commandLine().usage(ctx.err(), spec.commandLine().getColorScheme());
        return ExitCodes.USAGE;
    }

    /** {@code --version}. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"slipway " + CliContext.buildInfo().getProperty("version", "dev")};
        }
    }
}
