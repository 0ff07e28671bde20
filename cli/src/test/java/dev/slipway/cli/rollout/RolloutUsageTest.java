package dev.slipway.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import dev.slipway.cli.CliHarness;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.FakeBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and usage errors of rollout start|status|pause|resume and rollback: exit 2, and nothing is sent. */
class RolloutUsageTest {

    static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path home;
    FakeBuilder router;
    FakeBuilder builder;
    CliHarness cli;

    @BeforeEach
    void start() throws Exception {
        router = new FakeBuilder();
        builder = new FakeBuilder();
        cli = new CliHarness(home).env("SLIPWAY_ROUTER_URL", router.url()).env("SLIPWAY_BUILDER_URL", builder.url());
    }

    @AfterEach
    void stop() {
        assertThat(router.requests()).as("usage errors send nothing to the router").isEmpty();
        assertThat(builder.requests()).as("usage errors send nothing to the builder").isEmpty();
        router.close();
        builder.close();
    }

    private CliHarness.Result usageError(String... args) {
        CliHarness.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        return r;
    }

    @Test
    void helpListsTheNewVerbs() {
        CliHarness.Result top = cli.run("--help");
        assertThat(top.out()).contains("rollout").contains("rollback");
        CliHarness.Result rollout = cli.run("rollout", "--help");
        assertThat(rollout.exitCode()).isZero();
        assertThat(rollout.out()).contains("start").contains("status").contains("pause").contains("resume").contains("--router-url");
        CliHarness.Result start = cli.run("rollout", "start", "--help");
        assertThat(start.out()).contains("--steps").contains("--min-tasks").contains("--min-time").contains("--max-time")
                .contains("--budget").contains("--max-task-spend").contains("--success-tolerance")
                .contains("--intervention-tolerance").contains("--cost-ratio").contains("--alpha").contains("--router-url")
                .contains("--builder-url");
    }

    @Test
    void rolloutWithoutVerbIsAUsageError() {
        CliHarness.Result r = cli.run("rollout");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("a verb is missing (start, status, pause, resume)");
    }

    @Test
    void aMisspelledVerbGetsASuggestion() {
        CliHarness.Result r = usageError("rollout", "stat", "support-triage/prod");
        assertThat(r.err()).contains("Unmatched argument").contains("Did you mean").contains("status");
    }

    @Test
    void everyVerbRefusesAMalformedDeployment() {
        List<List<String>> commands = List.of(
                List.of("rollout", "start", "%s", DIGEST),
                List.of("rollout", "status", "%s"),
                List.of("rollout", "status", "%s", "--watch"),
                List.of("rollout", "pause", "%s"),
                List.of("rollout", "resume", "%s"),
                List.of("rollback", "%s"));
        for (List<String> command : commands) {
            for (String bad : List.of("support-triage", "support-triage/", "/prod", "support-triage/prod/eu", "Support_Triage/prod", "support-triage/PROD")) {
                String[] args = command.stream().map(a -> a.replace("%s", bad)).toArray(String[]::new);
                CliHarness.Result r = usageError(args);
                assertThat(r.err()).as(String.join(" ", args)).contains("'" + bad + "' is not a deployment")
                        .contains("Usage: slipway " + command.get(0));
            }
        }
        assertThat(usageError("rollback", "support-triage").err()).contains("expected <agent>/<env>, e.g. support-triage/prod");
        assertThat(usageError("rollback", "Support/prod").err()).contains("'Support' is not an agent name");
        assertThat(usageError("rollback", "support/PROD").err()).contains("'PROD' is not an environment name");
    }

    @Test
    void missingArgumentsAreUsageErrors() {
        assertThat(usageError("rollout", "start").err()).contains("Missing required parameters: '<agent>/<env>', '<release>'");
        assertThat(usageError("rollout", "start", "support-triage/prod").err()).contains("Missing required parameter: '<release>'");
        assertThat(usageError("rollout", "status").err()).contains("Missing required parameter: '<agent>/<env>'");
        assertThat(usageError("rollback").err()).contains("Missing required parameter: '<agent>/<env>'");
        assertThat(usageError("rollout", "pause").err()).contains("Missing required parameter: '<agent>/<env>'");
        assertThat(usageError("rollout", "resume").err()).contains("Missing required parameter: '<agent>/<env>'");
    }

    @Test
    void startRefusesAMalformedRelease() {
        assertThat(usageError("rollout", "start", "support-triage/prod", "canary").err())
                .contains("'canary' is not a release reference");
        assertThat(usageError("rollout", "start", "support-triage/prod", "sha256:abc").err())
                .contains("64 hex digits (3 given)");
    }

    @Test
    void startRefusesALabelOfAnotherAgent() {
        assertThat(usageError("rollout", "start", "support-triage/prod", "billing-bot@canary").err())
                .contains("billing-bot@canary is a release of agent billing-bot, not of support-triage");
    }

    @Test
    void startRefusesBadSteps() {
        assertThat(usageError("rollout", "start", "support-triage/prod", DIGEST, "--steps", "1,25,5").err())
                .contains("--steps must increase: 5 after 25");
        assertThat(usageError("rollout", "start", "support-triage/prod", DIGEST, "--steps", "0,50").err())
                .contains("0 is not a weight");
        assertThat(usageError("rollout", "start", "support-triage/prod", DIGEST, "--steps", "5,150").err())
                .contains("150 is not a weight");
        assertThat(usageError("rollout", "start", "support-triage/prod", DIGEST, "--steps", "1,five").err())
                .contains("--steps").contains("'five'");
    }

    @Test
    void startRefusesPerStepListsOfTheWrongLength() {
        assertThat(usageError("rollout", "start", "support-triage/prod", DIGEST, "--min-tasks", "10,20,30").err())
                .contains("--min-tasks has 3 values for 5 steps");
        assertThat(usageError("rollout", "start", "support-triage/prod", DIGEST, "--steps", "10,100", "--max-time", "1h,2h,3h").err())
                .contains("--max-time has 3 values for 2 steps");
    }

    @Test
    void startRefusesBadDurations() {
        assertThat(usageError("rollout", "start", "support-triage/prod", DIGEST, "--min-time", "five minutes").err())
                .contains("'five minutes' is not a duration");
        assertThat(usageError("rollout", "start", "support-triage/prod", DIGEST, "--min-time", "PT2H").err())
                .contains("--min-time 2h is longer than --max-time 1h");
        assertThat(usageError("rollout", "start", "support-triage/prod", DIGEST, "--max-time", "0s").err())
                .contains("--max-time must be positive");
    }

    @Test
    void startRefusesGuardrailsAndBudgetsOutOfRange() {
        String[] base = {"rollout", "start", "support-triage/prod", DIGEST};
        assertThat(usageError(concat(base, "--alpha", "0")).err()).contains("--alpha must be within (0, 0.5]");
        assertThat(usageError(concat(base, "--alpha", "0.9")).err()).contains("--alpha must be within (0, 0.5]");
        assertThat(usageError(concat(base, "--cost-ratio", "0.9")).err()).contains("--cost-ratio must be >= 1");
        assertThat(usageError(concat(base, "--success-tolerance", "1.5")).err()).contains("--success-tolerance must be within [0.0, 1.0)");
        assertThat(usageError(concat(base, "--intervention-tolerance", "-0.1")).err()).contains("--intervention-tolerance must be within");
        assertThat(usageError(concat(base, "--budget", "0")).err()).contains("--budget must be a positive amount of USD");
        assertThat(usageError(concat(base, "--budget", "NaN")).err()).contains("--budget must be a positive amount of USD");
        assertThat(usageError(concat(base, "--budget", "10", "--max-task-spend", "20")).err())
                .contains("--max-task-spend 20.0 is above --budget 10.0");
        assertThat(usageError(concat(base, "--budget", "lots")).err()).contains("--budget").contains("'lots'");
    }

    @Test
    void statusRefusesWatchOptionsWithoutWatchAndSillyIntervals() {
        assertThat(usageError("rollout", "status", "support-triage/prod", "--interval", "5s").err())
                .contains("--interval and --count only apply with --watch");
        assertThat(usageError("rollout", "status", "support-triage/prod", "--watch", "--interval", "10ms").err())
                .contains("--interval must be at least 100ms");
        assertThat(usageError("rollout", "status", "support-triage/prod", "--watch", "--interval", "soon").err())
                .contains("'soon' is not a duration");
        assertThat(usageError("rollout", "status", "support-triage/prod", "--watch", "--count", "0").err())
                .contains("--count must be at least 1");
    }

    @Test
    void invalidRouterUrlIsAUsageError() {
        assertThat(usageError("rollback", "support-triage/prod", "--router-url", "localhost:18083").err())
                .contains("invalid router URL 'localhost:18083'");
        assertThat(new CliHarness(home).env("SLIPWAY_ROUTER_URL", "ftp://router").run("rollout", "status", "support-triage/prod").err())
                .contains("invalid router URL 'ftp://router'");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
