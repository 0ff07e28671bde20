package dev.slipway.cli.release;

import dev.slipway.cli.client.ReleaseRef;

import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code slipway release show <ref>}. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one release: its five parts, eval and signature.")
public final class ReleaseShowCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "<ref>", converter = ReleaseRef.Converter.class,
            description = "sha256:<64 hex> digest, or <agent>@<label> (e.g. support-triage@prod).")
    ReleaseRef ref;

    public ReleaseShowCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ReleaseService.of(ctx).show(ref);
        return ExitCodes.OK;
    }
}
