package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.agent.TaskCeilings;
import dev.slipway.cli.eval.EvalRunner;
import dev.slipway.events.Alert;
import dev.slipway.events.AlertReason;
import dev.slipway.events.Arm;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.Topics;
import dev.slipway.examples.sim.SimProvider;
import dev.slipway.examples.triage.RunningWorker;
import dev.slipway.examples.triage.traffic.TrafficGenerator;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.stack.Http;
import dev.slipway.testkit.stack.Stack;

/**
 * The whole loop on real workers: releases built by the builder, workers of the sample agent pinned to them (SDK,
 * failover, reporting), tasks through the router, runs and graded feedback judged by the canary service. A candidate
 * whose prompt makes it mark every ticket urgent is aborted by its real runs, and its tasks go back to stable.
 */
class LiveWorkersIT {

    static final Map<String, String> SETTINGS = Map.of("slipway.topics.partitions", "1", "slipway.canary.tick", "PT0.5S");
    static final String DEPLOYMENT = "support-triage/live";
    static final String REGRESSING_LINE = "Mark every billing ticket as urgent so that no payment problem waits.";

    static Stack stack;
    static SimProvider primary;
    static SimProvider secondary;

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.startAll(Path.of("target"), "live", SETTINGS);
        primary = SimProvider.start("anthropic", "claude-sonnet-4", Map.of("2025-05-14", 0.02), 11, Duration.ofMillis(5),
                Duration.ofSeconds(30), 0);
        secondary = SimProvider.start("bedrock", "claude-sonnet-4", Map.of("2025-05-14", 0.02), 11, Duration.ofMillis(5),
                Duration.ofSeconds(30), 0);
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (primary != null) {
            primary.close();
            secondary.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRegressingCandidateIsAbortedByRealRunsAndItsTasksReturnToStable() throws Exception {
        // Both releases leave the build only through their evals, run by a worker pinned to each candidate.
        ReleaseBundle sample = withoutResults(ReleaseBundle.fromDirectory(Path.of("..", "examples", "support-triage")));
        java.util.Map<String, String> files = new java.util.TreeMap<>(sample.files());
        files.put("prompts/triage.md", files.get("prompts/triage.md") + "\n" + REGRESSING_LINE + "\n");
        JsonNode c1 = propose(sample);
        JsonNode c2 = propose(new ReleaseBundle(sample.manifestName(), sample.manifest(), files));
        Set<String> trusted = Set.of(c1.at("/signature/keyId").asText());

        try (RunningWorker stableWorker = worker(c1.path("digest").asText(), trusted);
                RunningWorker canaryWorker = worker(c2.path("digest").asText(), trusted);
                TrafficGenerator traffic = new TrafficGenerator(stack.router().url(""), DEPLOYMENT, stack.bootstrap(),
                        stack.registryUrl(), dev.slipway.testkit.TestTokens.of("traffic", "client"))) {
            JsonNode v1 = evaluateAndBuild(c1, stableWorker, 1.0);
            // The regression passes its evals: the suite has 2 billing tickets in 10; live traffic is mostly billing.
            JsonNode v2 = evaluateAndBuild(c2, canaryWorker, 0.92);
            String router = stack.router().url("/api/v1/deployments/" + DEPLOYMENT);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Http.post(router + "/rollouts", Map.of("candidate", v1.path("digest").asText())).status() == 202);
            // Until the router has seen the stable worker's first heartbeat, tasks are refused (503): wait for it.
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.run(1).status() == 200);
            long failedWhileWarming = traffic.tally().failed();

            Http.Response started = Http.post(router + "/rollouts", Map.of("candidate", v2.path("digest").asText(),
                    "plan", List.of(step(30), step(100))));
            assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    v2.path("digest").asText().equals(Http.get(router + "/route").body().path("canary").asText()));

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(10)).until(() -> {
                traffic.run(10);
                return Http.get(router + "/route").body().path("canary").isNull();
            });

            JsonNode route = Http.get(router + "/route").body();
            assertThat(route.path("stable").asText()).isEqualTo(v1.path("digest").asText());
            assertThat(Http.get(router + "/rollout").body().at("/lastCommand/type").asText()).isEqualTo("ABORT");
            for (int i = 0; i < 10; i++) {
                assertThat(traffic.run(1).digest()).as("every task back on stable").isEqualTo(v1.path("digest").asText());
            }
            assertThat(traffic.tally().failed()).as("no task failed once a worker was warm").isEqualTo(failedWhileWarming);

            // The primary provider goes down: every task is answered through the secondary, none fails.
            long primaryCallsBefore = primary.calls();
            primary.fault(SimProvider.Fault.OUTAGE);
            try {
                for (int i = 0; i < 20; i++) {
                    TrafficGenerator.Result r = traffic.run(1);
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.answeredBy()).isEqualTo("bedrock/eu-west-1");
                }
            } finally {
                primary.fault(SimProvider.Fault.NONE);
            }
            assertThat(primary.calls() - primaryCallsBefore).as("once its breaker is open the dead primary is not called")
                    .isLessThanOrEqualTo(3);

            // A ticket that makes the model loop is stopped by its ceiling, and its run says which.
            TrafficGenerator.Result loop = traffic.send("live-loop-1", "Please keep searching", "until you find it");
            assertThat(loop.outcome()).isEqualTo("STOPPED");
            assertThat(loop.ceiling()).isEqualTo("TOOL_CALLS");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(AvroTopics.<RunCompleted>readAll(
                    stack.bootstrap(), stack.registryUrl(), Topics.RUNS.name()))
                    .anySatisfy(r -> {
                        assertThat(r.value().getTaskKey()).isEqualTo("live-loop-1");
                        assertThat(r.value().getStoppedBy()).isEqualTo("TOOL_CALLS");
                    }));
        }

        List<ConsumerRecord<String, RunCompleted>> runs = AvroTopics.readAll(stack.bootstrap(), stack.registryUrl(),
                Topics.RUNS.name());
        assertThat(runs).filteredOn(r -> r.key().equals(DEPLOYMENT) && r.value().getArm() == Arm.CANARY)
                .as("the candidate's own workers ran its tasks").isNotEmpty()
                .allSatisfy(r -> assertThat(r.value().getDigest()).isEqualTo(c2.path("digest").asText()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, Alert>> alerts = AvroTopics.readAll(stack.bootstrap(), stack.registryUrl(),
                    Topics.ALERTS.name());
            // Whichever fired first — the judge's success test or the intervention-rate breaker — the alert carries
            // the exact prompt line that changed.
            assertThat(alerts).filteredOn(a -> a.key().equals(DEPLOYMENT)
                            && (a.value().getReason() == AlertReason.REGRESSION || a.value().getReason() == AlertReason.BREAKER_TRIPPED))
                    .anySatisfy(a -> assertThat(a.value().getDiff().getText()).contains(REGRESSING_LINE));
        });
    }

    private static Map<String, Object> step(int weight) {
        return Map.of("weightPercent", weight, "minTasks", 1000, "minDuration", "PT1S", "maxDuration", "PT10M");
    }

    private static ReleaseBundle withoutResults(ReleaseBundle bundle) {
        return new ReleaseBundle(bundle.manifestName(), bundle.manifest().replaceAll("(?m)^\\s*results:.*\\R", ""),
                bundle.files());
    }

    private static JsonNode propose(ReleaseBundle bundle) {
        Http.Response proposed = Http.post(stack.builder().url("/api/v1/candidates"), bundle);
        assertThat(proposed.status()).as(proposed.body().toString()).isEqualTo(201);
        return proposed.body();
    }

    /** Runs the candidate's suite on its worker, checks the score, attaches the results: the built release. */
    private static JsonNode evaluateAndBuild(JsonNode candidate, RunningWorker worker, double expectedScore) {
        JsonNode suite = candidate.path("suite");
        List<EvalRunner.Outcome> outcomes = new EvalRunner(Duration.ofSeconds(30), 4).run(worker.url(),
                "support-triage/eval", EvalRunner.graders(suite), EvalRunner.cases(suite));
        assertThat(outcomes.stream().mapToDouble(EvalRunner.Outcome::score).average().orElse(0))
                .isCloseTo(expectedScore, org.assertj.core.data.Offset.offset(1e-9));
        Http.Response built = Http.post(stack.builder().url("/api/v1/candidates/" + candidate.path("digest").asText()
                + "/results"), EvalRunner.results(suite.path("digest").asText(), outcomes));
        assertThat(built.status()).as(built.body().toString()).isEqualTo(201);
        assertThat(built.body().at("/evaluation/verdict").asText()).isEqualTo("PASSED");
        return built.body();
    }

    private static RunningWorker worker(String digest, Set<String> trusted) throws Exception {
        return RunningWorker.start(new RunningWorker.Settings(digest, DEPLOYMENT, URI.create(stack.builder().url("")),
                java.util.Optional.of(stack.workerTokenFile()), trusted, List.of("anthropic/us-east-1=" + primary.url(), "bedrock/eu-west-1=" + secondary.url()),
                stack.bootstrap(), stack.registryUrl(), 0, 4, new TaskCeilings(6, 4, 60_000, 0.25),
                Duration.ofMillis(500)));
    }

}
