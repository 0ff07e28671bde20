package dev.slipway.cli;

import java.lang.reflect.Constructor;
import java.util.List;

import dev.slipway.cli.client.ProblemException;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** Builds the {@code slipway} command line around a {@link CliContext} and runs it. */
public final class Slipway {

    private Slipway() {
    }

    /** Parses and runs {@code args}; returns the exit status. */
    public static int run(CliContext ctx, String... args) {
        if (java.util.Arrays.asList(args).contains("--no-color")) {
            // before the command line is built, so that usage help and early errors are plain too
            ctx.noColor(true);
        }
        return commandLine(ctx).execute(args);
    }

    public static CommandLine commandLine(CliContext ctx) {
        CommandLine cl = new CommandLine(new SlipwayCommand(ctx), new ContextFactory(ctx));
        cl.setOut(new java.io.PrintWriter(ctx.out(), true));
        cl.setErr(new java.io.PrintWriter(ctx.err(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setColorScheme(Help.defaultColorScheme(ctx.styles().enabled() ? Help.Ansi.ON : Help.Ansi.OFF));
        cl.setParameterExceptionHandler((ex, args) -> usageError(ctx, ex));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failure(ctx, ex));
        return cl;
    }

    private static int usageError(CliContext ctx, ParameterException ex) {
        Output out = ctx.output();
        CommandLine cmd = ex.getCommandLine();
        out.error(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException u) {
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) {
                ctx.err().println("Did you mean: " + String.join(", ", suggestions) + "?");
            }
        }
        ctx.err().println("Usage: " + cmd.getHelp().synopsis(0).trim());
        ctx.err().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failure(CliContext ctx, Exception ex) {
        Output out = ctx.output();
        if (ex instanceof ProblemException p) {
            p.print(out);
            return ExitCodes.FAILED;
        }
        if (ex instanceof CliException c) {
            out.error(c.getMessage());
            return c.exitCode();
        }
        if (ex instanceof ParameterException pe) {
            return usageError(ctx, pe);
        }
        out.error("unexpected " + ex);
        if (ctx.env("SLIPWAY_DEBUG").isPresent()) {
            ex.printStackTrace(ctx.err());
        } else {
            ctx.err().println("(set SLIPWAY_DEBUG=1 for the stack trace)");
        }
        return ExitCodes.FAILED;
    }

    /** Creates commands with the context injected (constructor taking {@link CliContext}), others as picocli does. */
    private record ContextFactory(CliContext ctx) implements IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> c = cls.getDeclaredConstructor(CliContext.class);
                return c.newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
