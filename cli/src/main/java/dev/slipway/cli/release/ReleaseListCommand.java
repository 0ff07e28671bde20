package dev.slipway.cli.release;

import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway release list <agent>}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List an agent's releases, newest first.")
public final class ReleaseListCommand implements Callable<Integer> {

    private static final Pattern AGENT = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<agent>", description = "Agent name, e.g. support-triage.")
    String agent;

    @Option(names = "--page", defaultValue = "0", description = "Page number, from 0 (default ${DEFAULT-VALUE}).")
    int page;

    @Option(names = "--size", defaultValue = "20", description = "Releases per page, 1..200 (default ${DEFAULT-VALUE}).")
    int size;

    public ReleaseListCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (!AGENT.matcher(agent).matches()) {
            throw new ParameterException(spec.commandLine(), "'" + agent + "' is not an agent name: lowercase letters, digits and '-'");
        }
        if (page < 0 || size < 1 || size > 200) {
            throw new ParameterException(spec.commandLine(), "--page must be >= 0 and --size within 1..200");
        }
        ReleaseService.of(ctx).list(agent, page, size);
        return ExitCodes.OK;
    }
}
