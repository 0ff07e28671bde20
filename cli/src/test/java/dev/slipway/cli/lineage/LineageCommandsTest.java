package dev.slipway.cli.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.cli.CliHarness;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.FakeBuilder;

/** {@code slipway lineage run|release|runs} and {@code slipway timeline}: the calls made, what is printed, usage errors. */
class LineageCommandsTest {

    private static final String V1 = "sha256:" + "1".repeat(64);
    private static final String V2 = "sha256:" + "2".repeat(64);

    @TempDir
    Path home;

    private FakeBuilder lineage;

    @BeforeEach
    void start() throws Exception {
        lineage = new FakeBuilder();
    }

    @AfterEach
    void stop() {
        lineage.close();
    }

    private CliHarness cli() {
        return new CliHarness(home).env("SLIPWAY_LINEAGE_URL", lineage.url());
    }

    @Test
    void lineage_run_shows_the_release_what_the_run_saw_and_whether_it_traces() {
        lineage.answer("GET /api/v1/lineage/runs/run-7", 200, """
                {"runId":"run-7","deployment":"support-triage/prod","digest":"%s","arm":"CANARY","epoch":4,
                 "taskKey":"ticket-42","inputDigest":"sha256:abc","workerId":"w-1","retrievalDocs":["kb-1","kb-9"],
                 "toolCalls":[{"tool":"lookup_customer","status":"OK","latencyMs":12}],
                 "modelCalls":[{"provider":"sim-primary","region":"eu-west-1","model":"m@2025-06-01","inputTokens":800,
                   "outputTokens":120,"costUsd":0.004,"latencyMs":300,"status":"OK"}],
                 "outcome":"PENDING","costUsd":0.004,"latencyMs":450,"startedAt":"2026-12-01T10:00:00Z",
                 "completedAt":"2026-12-01T10:00:00.450Z",
                 "feedback":[{"feedbackId":"f1","success":false,"humanIntervention":true,"source":"helpdesk",
                   "occurredAt":"2026-12-01T10:05:00Z"}],
                 "traceability":{"flagged":false,"verdict":"TRACEABLE"},
                 "release":{"digest":"%s","agent":"support-triage","builtBy":"alice","builtAt":"2026-11-30T09:00:00Z"}}
                """.formatted(V2, V2));

        CliHarness.Result r = cli().run("lineage", "run", "run-7");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("run run-7").contains("support-triage/prod (CANARY, epoch 4)")
                .contains(V2 + " built by alice").contains("kb-1, kb-9").contains("sim-primary/eu-west-1")
                .contains("lookup_customer OK").contains("success false, intervention true").contains("traced    yes");
    }

    @Test
    void an_unknown_run_is_the_services_problem_and_a_failure() {
        lineage.answer("GET /api/v1/lineage/runs/nope", 404,
                "{\"title\":\"Not found\",\"status\":404,\"detail\":\"no run nope recorded\"}");

        CliHarness.Result r = cli().run("lineage", "run", "nope");

        assertThat(r.exitCode()).isNotEqualTo(ExitCodes.OK);
        assertThat(r.err()).contains("no run nope recorded");
    }

    @Test
    void lineage_release_pages_a_releases_runs_by_time_range() {
        lineage.answer("GET /api/v1/lineage/releases/" + V1.replace(":", "%3A") + "/runs?from=2026-12-01T00%3A00%3A00Z"
                + "&limit=2", 200, """
                {"items":[{"runId":"run-1","deployment":"a/prod","digest":"%s","taskKey":"t1","outcome":"SUCCEEDED",
                  "costUsd":0.01,"completedAt":"2026-12-01T10:00:00Z"}],"next":"CURSOR"}
                """.formatted(V1));

        CliHarness.Result r = cli().run("lineage", "release", V1, "--from", "2026-12-01T00:00:00Z", "--limit", "2");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("runs of " + V1 + ": 1 (more: --after CURSOR)").contains("run-1  a/prod  SUCCEEDED");
    }

    @Test
    void lineage_runs_needs_exactly_one_of_input_and_task() {
        assertThat(cli().run("lineage", "runs").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli().run("lineage", "runs", "--input", "sha256:a", "--task", "t").exitCode())
                .isEqualTo(ExitCodes.USAGE);
        assertThat(lineage.requests()).isEmpty();
    }

    @Test
    void timeline_lists_every_route_version_with_who_moved_the_pointer() {
        lineage.answer("GET /api/v1/lineage/deployments/support-triage/prod/timeline", 200, """
                {"deployment":"support-triage/prod","routes":[
                  {"route":{"epoch":1,"stable":"%s","canaryWeightPercent":0,"from":"2026-12-01T09:00:00Z",
                    "until":"2026-12-01T10:00:00Z"},"movedBy":null},
                  {"route":{"epoch":2,"stable":"%s","canary":"%s","canaryWeightPercent":5,"from":"2026-12-01T10:00:00Z"},
                   "movedBy":{"actor":"olivia","kind":"rollout CANARY","reason":"trying v2"}}],
                 "audit":[]}
                """.formatted(V1, V1, V2));

        CliHarness.Result r = cli().run("timeline", "support-triage/prod");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("2 route versions")
                .contains("2026-12-01T09:00:00Z → 2026-12-01T10:00:00Z  epoch 1, stable " + V1)
                .contains("→ now  epoch 2, stable " + V1 + ", canary " + V2 + " at 5 %  by olivia (rollout CANARY: trying v2)");
    }

    @Test
    void timeline_at_an_instant_asks_which_route_was_in_force() {
        lineage.answer("GET /api/v1/lineage/deployments/support-triage/prod/serving?at=2026-12-01T09%3A30%3A00Z", 200,
                "{\"deployment\":\"support-triage/prod\",\"at\":\"2026-12-01T09:30:00Z\",\"route\":{\"epoch\":1,"
                        + "\"stable\":\"" + V1 + "\"}}");

        CliHarness.Result r = cli().run("timeline", "support-triage/prod", "--at", "2026-12-01T09:30:00Z");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("at 2026-12-01T09:30:00Z: epoch 1, stable " + V1);
    }
}
