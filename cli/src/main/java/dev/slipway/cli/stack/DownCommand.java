package dev.slipway.cli.stack;

import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway down}: stop the local stack. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the local stack: services first, then the registry, then Kafka (the other way round hangs).")
public final class DownCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--purge", description = "Also delete .slipway/data (topics, schemas, service data). Logs stay.")
    boolean purge;

    public DownCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return StackService.of(ctx).down(purge);
    }
}
