package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and usage errors: nothing here reaches a builder or starts a process. */
class UsageTest {

    @TempDir
    Path home;

    private CliHarness cli() {
        return new CliHarness(home);
    }

    @Test
    void helpListsTheVerbs() {
        CliHarness.Result r = cli().run("--help");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Usage: slipway").contains("up").contains("down").contains("status").contains("release");
    }

    @Test
    void versionPrintsTheVersion() {
        CliHarness.Result r = cli().run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("slipway ");
    }

    @Test
    void noVerbIsAUsageError() {
        CliHarness.Result r = cli().run();
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("a verb is missing").contains("Usage: slipway");
    }

    @Test
    void unknownVerbIsAUsageErrorWithASuggestion() {
        CliHarness.Result r = cli().run("statsu");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unmatched argument").contains("'statsu'").contains("Did you mean: status");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void releaseWithoutVerbIsAUsageError() {
        CliHarness.Result r = cli().run("release");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("build, show, list, diff, verify");
    }

    @Test
    void missingRefIsAUsageError() {
        CliHarness.Result r = cli().run("release", "show");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing required parameter: '<ref>'").contains("Usage: slipway release show");
    }

    @Test
    void diffNeedsTwoRefs() {
        CliHarness.Result r = cli().run("release", "diff", "support-triage@prod");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing required parameter: '<b>'");
    }

    @Test
    void buildNeedsADirectory() {
        CliHarness.Result r = cli().run("release", "build");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Missing required parameter: '<dir>'");
    }

    @Test
    void malformedRefIsAUsageError() {
        CliHarness.Result r = cli().run("release", "show", "prod");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("'prod' is not a release reference").contains("sha256:<64 hex> or <agent>@<label>");
    }

    @Test
    void shortDigestIsAUsageError() {
        CliHarness.Result r = cli().run("release", "diff", "sha256:abc123", "support-triage@prod");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("not a release digest").contains("64 hex digits (6 given)");
    }

    @Test
    void badAgentNameIsAUsageError() {
        CliHarness.Result r = cli().run("release", "list", "Support_Triage");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("not an agent name");
    }

    @Test
    void unknownOutputFormatIsAUsageError() {
        CliHarness.Result r = cli().run("--output", "yaml", "status");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--output").contains("yaml");
    }

    @Test
    void invalidBuilderUrlIsAUsageError() {
        CliHarness.Result r = cli().run("release", "show", "support-triage@prod", "--builder-url", "localhost:18081");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("invalid builder URL 'localhost:18081'");
    }

    @Test
    void nonNumericPortIsAUsageError() {
        CliHarness.Result r = cli().run("up", "--kafka-port", "kafka");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--kafka-port").contains("'kafka'");
    }

    @Test
    void outOfRangePortIsAUsageError() {
        CliHarness.Result r = cli().run("up", "--router-port", "70000");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--router-port 70000 is not a port");
    }

    @Test
    void oneDefaultPortGivenTwiceIsAUsageError() {
        CliHarness.Result r = cli().run("up", "--builder-port", "19092");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("port 19092 is set for both the Kafka broker port (default) and the builder-service HTTP port (--builder-port)");
    }

    @Test
    void badPortInTheEnvironmentIsAUsageError() {
        CliHarness.Result r = cli().env("SLIPWAY_CANARY_PORT", "eighty").run("up");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("SLIPWAY_CANARY_PORT='eighty' is not a port number");
    }

    @Test
    void statusWithoutAStackSaysHowToStartIt() {
        CliHarness.Result r = cli().run("status");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_RUNNING);
        assertThat(r.out()).contains("not running").contains("bin/slipway up").contains("kafka").contains("down");
    }

    @Test
    void downWithoutAStackIsFine() {
        CliHarness.Result r = cli().run("down");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("nothing to stop");
    }
}
