package dev.slipway.cli.release;

import dev.slipway.cli.client.ReleaseRef;

import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code slipway release verify <ref>}. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check that a release's content matches its digest and that its signature is valid and by a trusted key.",
                "Exit status 1 if anything does not check out."})
public final class ReleaseVerifyCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "<ref>", converter = ReleaseRef.Converter.class,
            description = "sha256:<64 hex> digest, or <agent>@<label>.")
    ReleaseRef ref;

    public ReleaseVerifyCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return ReleaseService.of(ctx).verify(ref);
    }
}
