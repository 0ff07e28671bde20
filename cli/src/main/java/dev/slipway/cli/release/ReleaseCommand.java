package dev.slipway.cli.release;

import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code slipway release …}: build, inspect, compare and verify releases on the builder. */
@Command(name = "release",
        mixinStandardHelpOptions = true,
        description = "Build, show, list, diff and verify releases (talks to builder-service).",
        subcommands = {ReleaseBuildCommand.class, ReleaseShowCommand.class, ReleaseListCommand.class,
                ReleaseDiffCommand.class, ReleaseVerifyCommand.class})
public final class ReleaseCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    public ReleaseCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Option(names = "--builder-url", scope = ScopeType.INHERIT, paramLabel = "<url>",
            description = "Builder base URL. Default: $SLIPWAY_BUILDER_URL, else the builder in .slipway/stack.json, "
                    + "else " + CliContext.DEFAULT_BUILDER_URL + ".")
    void builderUrl(String url) {
        ctx.builderUrlOverride(url);
    }

    @Override
    public Integer call() {
        ctx.err().println("slipway release: a verb is missing (build, show, list, diff, verify).");
        spec.commandLine().usage(ctx.err());
        return ExitCodes.USAGE;
    }
}
