package dev.slipway.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Runs the CLI in-process with captured streams, a given environment and project folder. */
public final class CliHarness {

    /** What one run printed and returned. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    private final Path home;
    private final Map<String, String> env = new HashMap<>();
    private boolean terminal;
    private Consumer<CliContext> configure = ctx -> { };

    public CliHarness(Path home) {
        this.home = home;
    }

    public CliHarness env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Pretend stdout is a colour terminal. */
    public CliHarness terminal(boolean terminal) {
        this.terminal = terminal;
        return this;
    }

    /** Adjust the context before the run, e.g. inject a sleeper and a clock. */
    public CliHarness configure(Consumer<CliContext> configure) {
        this.configure = this.configure.andThen(configure);
        return this;
    }

    public Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            CliContext ctx = new CliContext(o, e, env, home, terminal);
            configure.accept(ctx);
            int code = Slipway.run(ctx, args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
