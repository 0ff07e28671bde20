package dev.slipway.cli.release;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.eval.EvalService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway release build <dir> [--label L]}. */
@Command(name = "build",
        mixinStandardHelpOptions = true,
        description = {"Build a release from a folder holding release.yaml and the files it names (prompts, tool schemas).",
                "The builder validates, pins, evaluates, digests and signs it; the same content always gives the same digest.",
                "When the manifest names no eval results, the suite is run first against a worker pinned to the",
                "release (as slipway eval does) and the results are attached."})
public final class ReleaseBuildCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "<dir>", description = "Release folder (or its release.yaml).")
    Path dir;

    @Option(names = "--label", paramLabel = "<label>", description = "Also bind <agent>@<label> to the built digest.")
    String label;

    public ReleaseBuildCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Optional<String> bound = Optional.ofNullable(label).filter(l -> !l.isBlank());
        ReleaseService.ReadBundle read = ReleaseService.read(dir);
        if (ReleaseService.namesEvalResults(read)) {
            ReleaseService.of(ctx).build(read, bound);
        } else {
            EvalService.create(ctx).buildWithEvals(read, bound);
        }
        return ExitCodes.OK;
    }
}
