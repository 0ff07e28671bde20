package dev.slipway.cli.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliContext;
import dev.slipway.cli.CliHarness;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.FakeBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rollout start|status|pause|resume and rollback against a canned router (and builder): what is sent, printed, returned. */
class RolloutCommandsTest {

    static final String CANDIDATE = "sha256:" + "ab".repeat(32);
    static final String BASELINE = "sha256:" + "cd".repeat(32);
    static final String LAST_GOOD = "sha256:" + "ef".repeat(32);
    static final String ROUTE = "/api/v1/deployments/support-triage/prod";

    @TempDir
    Path home;
    FakeBuilder router;
    FakeBuilder builder;
    CliHarness cli;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        router = new FakeBuilder();
        builder = new FakeBuilder();
        cli = new CliHarness(home).env("SLIPWAY_ROUTER_URL", router.url()).env("SLIPWAY_BUILDER_URL", builder.url());
    }

    @AfterEach
    void stop() {
        router.close();
        builder.close();
    }

    private JsonNode tree(String s) throws Exception {
        return json.readTree(s);
    }

    // --- rollout start ---------------------------------------------------------------------------------------------

    static final String STARTED = """
            {"rolloutId":"r-42","deployment":"support-triage/prod","candidate":"%s","baseline":"%s","firstDeploy":false}"""
            .formatted(CANDIDATE, BASELINE);

    @Test
    void startByDigestPostsTheDefaultPlan() throws Exception {
        router.answer("POST " + ROUTE + "/rollouts", 202, STARTED);

        CliHarness.Result r = cli.run("rollout", "start", "support-triage/prod", CANDIDATE);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(builder.requests()).as("a digest needs no builder").isEmpty();
        assertThat(router.requests()).singleElement().satisfies(req -> {
            assertThat(req.method()).isEqualTo("POST");
            assertThat(req.pathAndQuery()).isEqualTo(ROUTE + "/rollouts");
            assertThat(req.contentType()).isEqualTo("application/json");
            assertThat(tree(req.body())).isEqualTo(tree("""
                    {"candidate":"%s",
                     "plan":[{"weightPercent":1,"minTasks":200,"minDuration":"PT5M","maxDuration":"PT1H"},
                             {"weightPercent":5,"minTasks":200,"minDuration":"PT5M","maxDuration":"PT1H"},
                             {"weightPercent":25,"minTasks":200,"minDuration":"PT5M","maxDuration":"PT1H"},
                             {"weightPercent":50,"minTasks":200,"minDuration":"PT5M","maxDuration":"PT1H"},
                             {"weightPercent":100,"minTasks":200,"minDuration":"PT5M","maxDuration":"PT1H"}],
                     "guardrails":{"alpha":0.01,"successTolerance":0.02,"interventionTolerance":0.02,"costRatioTolerance":1.1},
                     "budgets":{"maxCandidateSpendUsd":50.0,"maxTaskSpendUsd":2.0}}""".formatted(CANDIDATE)));
        });
        assertThat(r.out()).isEqualTo("""
                rollout r-42 started on support-triage/prod: %s vs %s
                  plan        1%% → 5%% → 25%% → 50%% → 100%%; each step min 200 tasks and 5m, max 1h
                  guardrails  success rate -2.0 pt, intervention rate +2.0 pt, cost/task x1.10, alpha 0.01
                  budgets     $50.00 candidate spend, $2.00 per task
                follow it: slipway rollout status support-triage/prod --watch
                """.formatted(CANDIDATE, BASELINE));
    }

    @Test
    void onRegressionFreezeAsksTheJudgeToHoldInsteadOfAbortingAndNonsenseIsRefused() throws Exception {
        router.answer("POST " + ROUTE + "/rollouts", 202, STARTED);

        CliHarness.Result r = cli.run("rollout", "start", "support-triage/prod", CANDIDATE, "--on-regression", "freeze");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(tree(router.requests().get(0).body()).path("onRegression").asText()).isEqualTo("freeze");
        CliHarness.Result bad = cli.run("rollout", "start", "support-triage/prod", CANDIDATE, "--on-regression", "panic");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--on-regression must be abort or freeze");
        assertThat(router.requests()).as("nothing sent for the bad one").hasSize(1);
    }

    @Test
    void startSendsEveryFlagAndPerStepLimits() throws Exception {
        router.answer("POST " + ROUTE + "/rollouts", 202, STARTED);

        CliHarness.Result r = cli.run("rollout", "start", "support-triage/prod", CANDIDATE,
                "--steps", "10,50,100", "--min-tasks", "50,100,400", "--min-time", "PT10M", "--min-time", "30m", "--min-time", "1h",
                "--max-time", "2h", "--budget", "120.5", "--max-task-spend", "0.75", "--success-tolerance", "0.01",
                "--intervention-tolerance", "0.03", "--cost-ratio", "1.25", "--alpha", "0.05");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(tree(router.requests().get(0).body())).isEqualTo(tree("""
                {"candidate":"%s",
                 "plan":[{"weightPercent":10,"minTasks":50,"minDuration":"PT10M","maxDuration":"PT2H"},
                         {"weightPercent":50,"minTasks":100,"minDuration":"PT30M","maxDuration":"PT2H"},
                         {"weightPercent":100,"minTasks":400,"minDuration":"PT1H","maxDuration":"PT2H"}],
                 "guardrails":{"alpha":0.05,"successTolerance":0.01,"interventionTolerance":0.03,"costRatioTolerance":1.25},
                 "budgets":{"maxCandidateSpendUsd":120.5,"maxTaskSpendUsd":0.75}}""".formatted(CANDIDATE)));
        assertThat(r.out()).contains("10% (min 50 tasks and 10m, max 2h) → 50% (min 100 tasks and 30m, max 2h) → 100% (min 400 tasks and 1h, max 2h)")
                .contains("success rate -1.0 pt, intervention rate +3.0 pt, cost/task x1.25, alpha 0.05")
                .contains("$120.50 candidate spend, $0.75 per task");
    }

    @Test
    void startByLabelResolvesTheDigestOnTheBuilderFirst() throws Exception {
        builder.answer("GET /api/v1/releases/support-triage@canary", 200,
                "{\"digest\":\"" + CANDIDATE + "\",\"agent\":\"support-triage\",\"labels\":[\"canary\"]}");
        router.answer("POST " + ROUTE + "/rollouts", 202, STARTED);

        CliHarness.Result r = cli.run("rollout", "start", "support-triage/prod", "support-triage@canary", "--steps", "50,100");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(builder.requests()).extracting(FakeBuilder.Request::method, FakeBuilder.Request::pathAndQuery)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("GET", "/api/v1/releases/support-triage@canary"));
        assertThat(tree(router.requests().get(0).body()).path("candidate").asText()).isEqualTo(CANDIDATE);
        assertThat(r.out()).startsWith("support-triage@canary is " + CANDIDATE + "\nrollout r-42 started");
    }

    @Test
    void anUnknownLabelStopsBeforeTheRouter() {
        builder.answer("GET /api/v1/releases/support-triage@nope", 404,
                "{\"title\":\"Release not found\",\"status\":404,\"detail\":\"no release support-triage@nope\"}");

        CliHarness.Result r = cli.run("rollout", "start", "support-triage/prod", "support-triage@nope");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("Release not found (HTTP 404)").contains("no release support-triage@nope");
        assertThat(router.requests()).isEmpty();
    }

    @Test
    void anUnreachableBuilderWhileResolvingALabelSaysSo() throws Exception {
        int closed = closedPort();
        CliHarness.Result r = cli.run("rollout", "start", "support-triage/prod", "support-triage@canary",
                "--builder-url", "http://127.0.0.1:" + closed);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("cannot reach the builder at http://127.0.0.1:" + closed).contains("Is the stack up?");
        assertThat(router.requests()).isEmpty();
    }

    @Test
    void firstDeployBecomesStable() {
        router.answer("POST " + ROUTE + "/rollouts", 202, """
                {"rolloutId":"r-1","deployment":"support-triage/prod","candidate":"%s","baseline":null,"firstDeploy":true}"""
                .formatted(CANDIDATE));

        CliHarness.Result r = cli.run("rollout", "start", "support-triage/prod", CANDIDATE);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("first deploy of support-triage/prod: " + CANDIDATE + " is stable\n")
                .doesNotContain("rollout r-1");
    }

    @Test
    void startWithJsonOutputPrintsOnlyTheRoutersAnswer() throws Exception {
        builder.answer("GET /api/v1/releases/support-triage@canary", 200, "{\"digest\":\"" + CANDIDATE + "\"}");
        router.answer("POST " + ROUTE + "/rollouts", 202, STARTED);

        CliHarness.Result r = cli.run("--output", "json", "rollout", "start", "support-triage/prod", "support-triage@canary");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(tree(r.out())).isEqualTo(tree(STARTED));
    }

    @Test
    void aRefusedStartPrintsTheProblem() throws Exception {
        String problem = """
                {"type":"https://slipway.dev/problems/rollout-running","title":"Rollout already running","status":409,
                 "detail":"support-triage/prod is canarying r-41","violations":[{"field":"candidate","message":"not built by this builder"},
                 {"field":"plan[0].weightPercent","message":"must be at least 1"}]}""";
        router.answer("POST " + ROUTE + "/rollouts", 409, problem);

        CliHarness.Result r = cli.run("rollout", "start", "support-triage/prod", CANDIDATE);

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("error: Rollout already running (HTTP 409)")
                .contains("  support-triage/prod is canarying r-41")
                .contains("  - candidate: not built by this builder")
                .contains("  - plan[0].weightPercent: must be at least 1");

        CliHarness.Result asJson = cli.run("rollout", "start", "support-triage/prod", CANDIDATE, "--output", "json");
        assertThat(asJson.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(tree(asJson.out())).isEqualTo(tree(problem));
    }

    // --- rollback / pause / resume ---------------------------------------------------------------------------------

    @Test
    void rollbackPostsTheReason() throws Exception {
        router.answer("POST " + ROUTE + "/rollback", 202, "{\"commandId\":\"c-7\",\"deployment\":\"support-triage/prod\"}");

        CliHarness.Result r = cli.run("rollback", "support-triage/prod", "--reason", "tickets misrouted since 10:02");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("rollback of support-triage/prod requested (command c-7)\n");
        assertThat(router.requests()).singleElement().satisfies(req -> {
            assertThat(req.method()).isEqualTo("POST");
            assertThat(req.pathAndQuery()).isEqualTo(ROUTE + "/rollback");
            assertThat(req.contentType()).isEqualTo("application/json");
            assertThat(tree(req.body())).isEqualTo(tree("{\"reason\":\"tickets misrouted since 10:02\"}"));
        });
    }

    @Test
    void rollbackWithoutReasonSendsANullReason() throws Exception {
        router.answer("POST " + ROUTE + "/rollback", 202, "{\"commandId\":\"c-8\",\"deployment\":\"support-triage/prod\"}");

        CliHarness.Result r = cli.run("rollback", "support-triage/prod");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(tree(router.requests().get(0).body())).isEqualTo(tree("{\"reason\":null}"));
    }

    @Test
    void pauseAndResume() throws Exception {
        router.answer("POST " + ROUTE + "/pause", 202, "{\"commandId\":\"c-9\",\"deployment\":\"support-triage/prod\"}");
        router.answer("POST " + ROUTE + "/resume", 202, "{\"commandId\":\"c-10\",\"deployment\":\"support-triage/prod\"}");

        CliHarness.Result pause = cli.run("rollout", "pause", "support-triage/prod", "--reason", "incident 314");
        CliHarness.Result resume = cli.run("rollout", "resume", "support-triage/prod");

        assertThat(pause.exitCode()).as(pause.toString()).isZero();
        assertThat(pause.out()).isEqualTo("pause of support-triage/prod requested (command c-9)\n");
        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        assertThat(resume.out()).isEqualTo("resume of support-triage/prod requested (command c-10)\n");
        assertThat(router.requests()).extracting(FakeBuilder.Request::method, FakeBuilder.Request::pathAndQuery)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", ROUTE + "/pause"),
                        org.assertj.core.groups.Tuple.tuple("POST", ROUTE + "/resume"));
        assertThat(tree(router.requests().get(0).body())).isEqualTo(tree("{\"reason\":\"incident 314\"}"));
        assertThat(tree(router.requests().get(1).body())).isEqualTo(tree("{\"reason\":null}"));
    }

    @Test
    void commandsWithJsonOutputPrintTheRoutersAnswer() throws Exception {
        String accepted = "{\"commandId\":\"c-7\",\"deployment\":\"support-triage/prod\"}";
        router.answer("POST " + ROUTE + "/rollback", 202, accepted);

        CliHarness.Result r = cli.run("rollback", "support-triage/prod", "--output", "json");

        assertThat(r.exitCode()).isZero();
        assertThat(tree(r.out())).isEqualTo(tree(accepted));
    }

    @Test
    void rollbackOfAnUnknownDeploymentIsAFailure() {
        router.answer("POST /api/v1/deployments/support-triage/qa/rollback", 404,
                "{\"title\":\"Not found\",\"status\":404,\"detail\":\"no route for deployment support-triage/qa\"}");

        CliHarness.Result r = cli.run("rollback", "support-triage/qa");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("Not found (HTTP 404)").contains("no route for deployment support-triage/qa");
    }

    // --- rollout status --------------------------------------------------------------------------------------------

    /** Baseline: 900 of 1000 tasks decided; canary: 90 of 100. */
    static final String STATUS = """
            {"route":{"deployment":"support-triage/prod","stable":"%1$s","canary":"%2$s","canaryWeightPercent":5,
                      "lastGood":"%3$s","epoch":12,"state":"CANARY"},
             "rollout":{"rolloutId":"r-42","candidate":"%2$s","baseline":"%1$s",
                        "plan":[{"weightPercent":1},{"weightPercent":5},{"weightPercent":25},{"weightPercent":50},{"weightPercent":100}]},
             "window":{"step":1,"weightPercent":5,"windowStart":1767607200000,"windowEnd":"2026-01-05T10:07:30Z",
                       "baseline":{"digest":"%1$s","tasks":1000,"successes":855,"interventions":18,"errors":9,"feedbackPending":100,
                                   "costSum":12.0,"costSumSquares":0.2,"latencySumMs":1200000.0,"latencyMaxMs":4100},
                       "canary":{"digest":"%2$s","tasks":100,"successes":81,"interventions":3,"errors":2,"feedbackPending":10,
                                 "costSum":1.3,"costSumSquares":0.02,"latencySumMs":130000.0,"latencyMaxMs":3900}},
             "lastCommand":{"type":"RAMP","reason":"step 1 passed: 212 canary tasks, 5m elapsed","weightPercent":5,
                            "issuedAt":1767607200000,"issuedBy":"canary-service"},
             "warmWorkers":{"%1$s":2,"%2$s":1,"%3$s":0}}"""
            .formatted(BASELINE, CANDIDATE, LAST_GOOD);

    static final String STATUS_TEXT = """
            support-triage/prod  CANARY  epoch 12
              stable     sha256:cdcdcdcdcdcd, 2 warm workers
              canary     sha256:abababababab at 5%, 1 warm worker
              last good  sha256:efefefefefef, no warm worker
              rollout    r-42: sha256:abababababab vs sha256:cdcdcdcdcdcd
              plan       1% → [5%] → 25% → 50% → 100%
              window     step 2 of 5, at 5%, 2026-01-05T10:00:00Z → 2026-01-05T10:07:30Z (7m30s)

                                 baseline             canary               Δ
              digest             sha256:cdcdcdcdcdcd  sha256:abababababab
              tasks              1000                 100
              success rate       95.0%                90.0%                -5.0 pt
              intervention rate  2.0%                 3.3%                 +1.3 pt
              error rate         1.0%                 2.2%                 +1.2 pt
              cost/task          $0.0120              $0.0130              +8.3%
              mean latency       1200 ms              1300 ms              +100 ms
              pending feedback   100                  10

              last decision  RAMP to 5% by canary-service at 2026-01-05T10:00:00Z
                             step 1 passed: 212 canary tasks, 5m elapsed
            """;

    @Test
    void statusShowsTheRouteAndBothArmsSideBySide() {
        router.answer("GET " + ROUTE + "/rollout", 200, STATUS);

        CliHarness.Result r = cli.run("rollout", "status", "support-triage/prod");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(router.requests()).singleElement().satisfies(req -> {
            assertThat(req.method()).isEqualTo("GET");
            assertThat(req.pathAndQuery()).isEqualTo(ROUTE + "/rollout");
        });
        assertThat(r.out()).isEqualTo(STATUS_TEXT);
    }

    @Test
    void statusColoursTheDifferencesOnATerminal() {
        router.answer("GET " + ROUTE + "/rollout", 200, STATUS.replace("\"successes\":81", "\"successes\":88"));

        CliHarness.Result r = cli.terminal(true).run("rollout", "status", "support-triage/prod");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("\u001B[32m+2.8 pt\u001B[0m")   // success up: better, green
                .contains("\u001B[31m+1.3 pt\u001B[0m")             // interventions up: worse, red
                .contains("\u001B[31m+8.3%\u001B[0m")
                .contains("\u001B[36mCANARY\u001B[0m")
                .contains("\u001B[1m[5%]\u001B[0m");
        assertThat(cli.terminal(true).env("NO_COLOR", "1").run("rollout", "status", "support-triage/prod").out())
                .doesNotContain("\u001B[");
    }

    @Test
    void statusWithoutRolloutShowsThePointerOnly() {
        router.answer("GET " + ROUTE + "/rollout", 200, """
                {"route":{"deployment":"support-triage/prod","stable":"%s","canary":null,"canaryWeightPercent":0,
                          "lastGood":null,"epoch":3,"state":"STABLE"},
                 "rollout":null,"window":null,"lastCommand":null}""".formatted(BASELINE));

        CliHarness.Result r = cli.run("rollout", "status", "support-triage/prod");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("""
                support-triage/prod  STABLE  epoch 3
                  stable     sha256:cdcdcdcdcdcd
                  last good  (none)
                  rollout    none running

                  last decision  none yet
                """);
    }

    @Test
    void statusOfAFreshRolloutWithEmptyArmsShowsDashes() {
        router.answer("GET " + ROUTE + "/rollout", 200, """
                {"route":{"deployment":"support-triage/prod","stable":"%1$s","canary":"%2$s","canaryWeightPercent":1,"epoch":4,"state":"CANARY"},
                 "rollout":{"rolloutId":"r-43","candidate":"%2$s","baseline":"%1$s","plan":[{"weightPercent":1},{"weightPercent":100}]},
                 "window":{"step":0,"weightPercent":1,"windowStart":null,"windowEnd":null,
                           "baseline":{"digest":"%1$s","tasks":0},"canary":{"digest":"%2$s","tasks":3,"feedbackPending":3,"costSum":0.03,"latencySumMs":300}},
                 "lastCommand":null}""".formatted(BASELINE, CANDIDATE));

        CliHarness.Result r = cli.run("rollout", "status", "support-triage/prod");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("  plan       [1%] → 100%\n")
                .contains("  window     step 1 of 2, at 1%\n")
                .contains("  success rate       -                    -\n")
                .contains("  cost/task          -                    $0.0100\n")
                .contains("  pending feedback   0                    3\n");
    }

    @Test
    void statusWithJsonOutputPrintsTheRoutersAnswer() throws Exception {
        router.answer("GET " + ROUTE + "/rollout", 200, STATUS);

        CliHarness.Result r = cli.run("rollout", "status", "support-triage/prod", "--output", "json");

        assertThat(r.exitCode()).isZero();
        assertThat(tree(r.out())).isEqualTo(tree(STATUS));
    }

    @Test
    void statusOfAnUnknownDeploymentIsAFailure() {
        router.answer("GET /api/v1/deployments/support-triage/qa/rollout", 404,
                "{\"title\":\"Not found\",\"status\":404,\"detail\":\"no route for deployment support-triage/qa\"}");

        CliHarness.Result r = cli.run("rollout", "status", "support-triage/qa");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("Not found (HTTP 404)");
    }

    // --- rollout status --watch ------------------------------------------------------------------------------------

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T10:08:00Z"), ZoneOffset.UTC);

    @Test
    void watchPrintsSnapshotsOneAfterTheOtherWithoutATerminal() {
        router.answer("GET " + ROUTE + "/rollout", 200, STATUS);
        List<Duration> slept = new CopyOnWriteArrayList<>();

        CliHarness.Result r = cli.configure(ctx -> ctx.sleeper(slept::add).clock(CLOCK))
                .run("rollout", "status", "support-triage/prod", "--watch", "--count", "2");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(slept).containsExactly(Duration.ofSeconds(2));
        assertThat(router.requests()).hasSize(2);
        String header = "slipway rollout status support-triage/prod · every 2s · 2026-01-05T10:08:00Z";
        assertThat(r.out()).isEqualTo(header + " · 1 of 2\n" + STATUS_TEXT + "\n" + header + " · 2 of 2\n" + STATUS_TEXT);
        assertThat(r.out()).doesNotContain("\u001B[");
    }

    @Test
    void watchRedrawsInPlaceOnATerminal() {
        router.answer("GET " + ROUTE + "/rollout", 200, STATUS);
        List<Duration> slept = new CopyOnWriteArrayList<>();

        CliHarness.Result r = cli.terminal(true).configure(ctx -> ctx.sleeper(slept::add).clock(CLOCK))
                .run("rollout", "status", "support-triage/prod", "-w", "--interval", "PT5S", "--count", "2", "--no-color");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(slept).containsExactly(Duration.ofSeconds(5));
        assertThat(r.out()).startsWith(RolloutService.CLEAR_SCREEN + "slipway rollout status support-triage/prod · every 5s");
        assertThat(r.out().split(java.util.regex.Pattern.quote(RolloutService.CLEAR_SCREEN), -1)).hasSize(3);
    }

    @Test
    void watchKeepsPollingWhenTheRouterGoesAwayAfterTheFirstSnapshot() {
        router.answer("GET " + ROUTE + "/rollout", 200, STATUS);
        List<Duration> slept = new CopyOnWriteArrayList<>();

        CliHarness.Result r = cli.configure(ctx -> ctx.clock(CLOCK).sleeper(d -> {
                    slept.add(d);
                    if (slept.size() == 1) {
                        router.answerRaw("GET " + ROUTE + "/rollout", 503, "text/plain", "restarting");
                    } else {
                        router.answer("GET " + ROUTE + "/rollout", 200, STATUS.replace("\"epoch\":12", "\"epoch\":13"));
                    }
                }))
                .run("rollout", "status", "support-triage/prod", "--watch", "--count", "3", "--interval", "1s");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(router.requests()).hasSize(3);
        assertThat(r.out()).contains("epoch 12")
                .contains("error: the router at " + router.url() + " answered HTTP 503")
                .contains("(still polling every 1s)")
                .contains("epoch 13");
        assertThat(r.out().indexOf("epoch 12")).isLessThan(r.out().indexOf("HTTP 503"));
        assertThat(r.out().indexOf("HTTP 503")).isLessThan(r.out().indexOf("epoch 13"));
    }

    @Test
    void watchWithJsonOutputPrintsOneDocumentPerLine() throws Exception {
        router.answer("GET " + ROUTE + "/rollout", 200, STATUS);

        CliHarness.Result r = cli.configure(ctx -> ctx.sleeper(d -> { }).clock(CLOCK))
                .run("--output", "json", "rollout", "status", "support-triage/prod", "--watch", "--count", "2");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            assertThat(tree(line)).isEqualTo(tree(STATUS));
        }
    }

    @Test
    void watchStopsAtOnceWhenTheFirstPollFails() throws Exception {
        List<Duration> slept = new CopyOnWriteArrayList<>();
        CliHarness.Result r = new CliHarness(home).configure(ctx -> ctx.sleeper(slept::add))
                .run("rollout", "status", "support-triage/prod", "--watch", "--router-url", "http://127.0.0.1:" + closedPort());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("cannot reach the router");
        assertThat(slept).isEmpty();
    }

    // --- where the router is ---------------------------------------------------------------------------------------

    @Test
    void unreachableRouterSaysToStartTheStack() throws Exception {
        int closed = closedPort();
        for (String[] args : List.of(
                new String[] {"rollback", "support-triage/prod", "--router-url", "http://127.0.0.1:" + closed},
                new String[] {"rollout", "--router-url", "http://127.0.0.1:" + closed, "status", "support-triage/prod"},
                new String[] {"rollout", "pause", "support-triage/prod", "--router-url", "http://127.0.0.1:" + closed},
                new String[] {"rollout", "start", "support-triage/prod", CANDIDATE, "--router-url", "http://127.0.0.1:" + closed})) {
            CliHarness.Result r = new CliHarness(home).run(args);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(r.err()).contains("error: cannot reach the router at http://127.0.0.1:" + closed)
                    .contains("Is the stack up? Run bin/slipway up, or point --router-url / SLIPWAY_ROUTER_URL at a router.");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void routerUrlComesFromFlagThenEnvThenStackJsonThenTheDefault() throws Exception {
        router.answer("POST " + ROUTE + "/rollback", 202, "{\"commandId\":\"c-1\",\"deployment\":\"support-triage/prod\"}");
        Files.createDirectories(home.resolve(".slipway"));
        Files.writeString(home.resolve(".slipway/stack.json"), """
                {"home":"%s","components":[{"name":"builder-service","pid":1,"url":"http://127.0.0.1:1","ports":[1],"log":"x"},
                                           {"name":"router-service","pid":1,"url":"%s","ports":[1],"log":"x"}]}"""
                .formatted(home, router.url()));

        // stack.json alone
        CliHarness.Result stack = new CliHarness(home).run("rollback", "support-triage/prod");
        assertThat(stack.exitCode()).as(stack.toString()).isZero();
        // the environment beats stack.json
        CliHarness.Result env = new CliHarness(home).env("SLIPWAY_ROUTER_URL", "http://127.0.0.1:1").run("rollback", "support-triage/prod");
        assertThat(env.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(env.err()).contains("cannot reach the router at http://127.0.0.1:1");
        // the flag beats the environment
        CliHarness.Result flag = new CliHarness(home).env("SLIPWAY_ROUTER_URL", "http://127.0.0.1:1")
                .run("rollback", "support-triage/prod", "--router-url", router.url() + "/");
        assertThat(flag.exitCode()).as(flag.toString()).isZero();
        assertThat(router.requests()).hasSize(2);
        // nothing at all: the default port
        Files.delete(home.resolve(".slipway/stack.json"));
        CliContext bare = new CliContext(System.out, System.err, Map.of(), home, false);
        assertThat(bare.routerUrl()).isEqualTo(URI.create("http://127.0.0.1:18083"));
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
