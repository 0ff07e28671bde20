package dev.slipway.cli;

import java.nio.file.Path;

import picocli.CommandLine.Help;

/** {@code java -jar slipway-cli.jar …}, as started by {@code bin/slipway}. */
public final class SlipwayMain {

    private SlipwayMain() {
    }

    public static void main(String[] args) {
        CliContext ctx = new CliContext(System.out, System.err, System.getenv(), home(), Help.Ansi.AUTO.enabled());
        System.exit(Slipway.run(ctx, args));
    }

    /** {@code -Dslipway.home} (set by bin/slipway), else {@code SLIPWAY_HOME}, else the tree this CLI was built in. */
    static Path home() {
        String home = System.getProperty("slipway.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("SLIPWAY_HOME");
        }
        if (home == null || home.isBlank()) {
            home = CliContext.buildInfo().getProperty("project.root", ".");
        }
        return Path.of(home).toAbsolutePath().normalize();
    }
}
