package dev.slipway.cli.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import dev.slipway.cli.CliContext;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.Output;
import dev.slipway.cli.rollout.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway login --as <name> --role <role>…}: a development token for the local stack. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Mint a development token for the local stack and use it for every later command.",
                "",
                "Signed with the key bin/slipway up created (.slipway/auth); saved in .slipway/auth/token, readable by",
                "you only. Roles: author (build, request promotions), approver, model-governor, operator (rollouts,",
                "rollback, pause, budgets), viewer (read), client (submit tasks). Production has no local key: take a",
                "token from your identity provider and set SLIPWAY_TOKEN (docs/security.md)."})
public final class LoginCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--as", required = true, paramLabel = "<name>", description = "Who you are: the actor of every command.")
    String name;

    @Option(names = "--role", required = true, paramLabel = "<role>", split = ",",
            description = "A role to hold (repeat, or comma-separate).")
    List<String> roles;

    @Option(names = "--ttl", paramLabel = "<duration>", defaultValue = "12h",
            description = "How long the token is valid, e.g. 30m, 12h (default ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--print", description = "Print the token instead of saving it (for SLIPWAY_TOKEN in scripts).")
    boolean print;

    public LoginCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Set<String> held = new LinkedHashSet<>();
        for (String role : roles) {
            if (!LocalKeys.ROLES.contains(role.trim())) {
                throw new CliException(ExitCodes.USAGE, "unknown role '" + role + "': one of " + String.join(", ", LocalKeys.ROLES));
            }
            held.add(role.trim());
        }
        if (name.isBlank() || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new CliException(ExitCodes.USAGE, "--as takes a name of letters, digits and . _ @ - (at most 64)");
        }
        Duration lifetime = Durations.parse(ttl);
        LocalKeys keys = new LocalKeys(ctx.layout().authDir());
        if (!keys.exist()) {
            throw new CliException(ExitCodes.FAILED, "no local signing key in " + ctx.layout().display(ctx.layout().authDir())
                    + ": run bin/slipway up first (production: take a token from your identity provider and set SLIPWAY_TOKEN)");
        }
        Output out = ctx.output();
        if (print) {
            out.line(keys.mint(name, held, lifetime));
            return ExitCodes.OK;
        }
        keys.mintInto(ctx.layout().authDir().resolve("token"), name, held, lifetime);
        out.line("logged in as " + out.styles().bold(name) + " (" + String.join(", ", held) + ") until "
                + Instant.now().plus(lifetime).truncatedTo(ChronoUnit.MINUTES) + "; token saved in "
                + ctx.layout().display(ctx.layout().authDir().resolve("token")));
        return ExitCodes.OK;
    }
}
