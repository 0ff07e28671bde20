package dev.slipway.cli.release;

import dev.slipway.cli.client.ReleaseRef;

import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code slipway release diff <a> <b>}. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show which of the five parts changed from <a> to <b>, and how.")
public final class ReleaseDiffCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "<a>", converter = ReleaseRef.Converter.class, description = "The release to diff from.")
    ReleaseRef from;

    @Parameters(index = "1", paramLabel = "<b>", converter = ReleaseRef.Converter.class, description = "The release to diff to.")
    ReleaseRef to;

    public ReleaseDiffCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ReleaseService.of(ctx).diff(from, to);
        return ExitCodes.OK;
    }
}
