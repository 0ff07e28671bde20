package dev.slipway.cli.stack;

import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import picocli.CommandLine.Command;

/** {@code slipway status}: what of the local stack runs, and where. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show what of the local stack runs, and where.",
                "Each component is up, down, unhealthy or not started, with URL, pid and log.",
                "Exit status 0 when everything started is up, 3 otherwise."})
public final class StatusCommand implements Callable<Integer> {

    private final CliContext ctx;

    public StatusCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return StackService.of(ctx).status();
    }
}
