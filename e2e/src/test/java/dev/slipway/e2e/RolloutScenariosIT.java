package dev.slipway.e2e;

import dev.slipway.testkit.stack.Http;
import dev.slipway.testkit.stack.Stack;

import dev.slipway.testkit.SampleReleases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.events.Alert;
import dev.slipway.events.AlertReason;
import dev.slipway.events.CommandType;
import dev.slipway.events.PartKind;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTopics;

/**
 * One scenario per outcome, end to end: releases on the topic, a rollout through the router's API, simulated runs
 * through the router's look-ups, the canary service judging, the router applying its commands. Given / When / Then.
 */
class RolloutScenariosIT {

    /** One partition per topic and a faster tick: the scenarios need no parallelism, only prompt decisions. */
    static final Map<String, String> TEST_SETTINGS = Map.of("slipway.topics.partitions", "1", "slipway.canary.tick", "PT0.5S");

    private static Stack stack;
    private static ReleaseBuilt v1;
    private static ReleaseBuilt v2;

    @BeforeAll
    static void given_a_running_stack_and_two_published_releases() throws Exception {
        stack = Stack.start(Path.of("target"), "e2e", true, TEST_SETTINGS);
        v1 = SampleReleases.signed(SampleReleases.bundle());
        v2 = SampleReleases.signed(SampleReleases.withTriageLine("Always ask for the customer's account id before escalating."));
        for (ReleaseBuilt release : List.of(v1, v2)) {
            AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.RELEASES.name(), release.getDigest(), release);
        }
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void a_candidate_whose_success_rate_drops_is_aborted_and_the_route_answers_baseline() {
        String deployment = "support-triage/abort";
        firstDeploy(deployment, v1);
        startCanary(deployment, v2, List.of(step(50, 1000), step(100, 1000)), Map.of());

        try (Traffic traffic = new Traffic(stack, deployment, 7)
                .behave(v1.getDigest(), new Traffic.Behaviour(0.95, 0.02))
                .behave(v2.getDigest(), new Traffic.Behaviour(0.30, 0.02))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                traffic.run(20);
                return route(deployment).get("canary").isNull();
            });
        }

        JsonNode route = route(deployment);
        assertThat(route.get("stable").asText()).isEqualTo(v1.getDigest());
        for (int i = 0; i < 50; i++) {
            assertThat(Http.get(routerUrl(deployment) + "/route?key=" + deployment + "-task-" + i).body()
                    .get("digest").asText()).isEqualTo(v1.getDigest());
        }
        assertThat(commands(deployment)).extracting(RolloutCommand::getType).containsExactly(CommandType.ABORT);
        Alert alert = awaitAlert(deployment, AlertReason.REGRESSION);
        assertThat(alert.getDiff().getChangedParts()).containsExactly(PartKind.PROMPTS);
        assertThat(alert.getDiff().getText()).contains("Always ask for the customer's account id before escalating.");
        // The judge decided on the burn-in's worth of canary tasks, not on everything sent while the pipeline caught up.
        assertThat(alert.getMetrics().getCanary().getTasks()).isBetween(30L, 100L);
    }

    @Test
    void an_equal_candidate_ramps_through_every_step_to_promote_and_a_manual_rollback_flips_back() {
        String deployment = "support-triage/promote";
        firstDeploy(deployment, v1);
        startCanary(deployment, v2, List.of(step(20, 40), step(50, 200), step(100, 0)), Map.of());

        try (Traffic traffic = new Traffic(stack, deployment, 11)
                .behave(v1.getDigest(), new Traffic.Behaviour(1.0, 0.02))
                .behave(v2.getDigest(), new Traffic.Behaviour(1.0, 0.02))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                traffic.run(25);
                return route(deployment).get("stable").asText().equals(v2.getDigest());
            });
        }
        JsonNode promoted = route(deployment);
        assertThat(promoted.get("lastGood").asText()).isEqualTo(v1.getDigest());
        assertThat(promoted.get("canary").isNull()).isTrue();
        assertThat(commands(deployment)).extracting(c -> c.getType() + ":" + c.getWeightPercent())
                .containsExactly("RAMP:50", "PROMOTE:null");

        // When an operator rolls back, then the pointer flips to the last good release at once
        assertThat(Http.post(routerUrl(deployment) + "/rollback", Map.of("reason", "e2e")).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> route(deployment).get("stable").asText().equals(v1.getDigest()));
        assertThat(route(deployment).get("state").asText()).isEqualTo("ROLLED_BACK");
        awaitAlert(deployment, AlertReason.ROLLBACK);
    }

    @Test
    void a_candidate_over_budget_trips_the_breaker() {
        String deployment = "support-triage/budget";
        firstDeploy(deployment, v1);
        startCanary(deployment, v2, List.of(step(50, 1000), step(100, 1000)),
                Map.of("maxCandidateSpendUsd", 1.0, "maxTaskSpendUsd", 5.0));

        try (Traffic traffic = new Traffic(stack, deployment, 13)
                .behave(v1.getDigest(), new Traffic.Behaviour(0.95, 0.02))
                .behave(v2.getDigest(), new Traffic.Behaviour(0.95, 0.40))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                traffic.run(5);
                return route(deployment).get("canary").isNull();
            });
        }
        assertThat(route(deployment).get("stable").asText()).isEqualTo(v1.getDigest());
        Alert alert = awaitAlert(deployment, AlertReason.BREAKER_TRIPPED);
        assertThat(alert.getMessage()).contains("budget");
    }

    @Test
    void a_canary_service_crash_mid_rollout_neither_loses_nor_double_counts_runs_nor_repeats_a_decision()
            throws Exception {
        String deployment = "support-triage/crash";
        firstDeploy(deployment, v1);
        startCanary(deployment, v2, List.of(step(50, 150), step(100, 0)), Map.of());

        try (Traffic traffic = new Traffic(stack, deployment, 17)
                .behave(v1.getDigest(), new Traffic.Behaviour(1.0, 0.02))
                .behave(v2.getDigest(), new Traffic.Behaviour(1.0, 0.02))) {
            traffic.run(100);
            awaitWindowTasks(deployment, 100, Duration.ofSeconds(30));

            stack.crashAndRestartCanary();
            traffic.run(100);
            // Exactly the runs sent: none lost in the crash, none counted twice on replay. The new instance gets the
            // partitions once the crashed member's session (10 s) expires.
            awaitWindowTasks(deployment, 200, Duration.ofSeconds(60));

            await().atMost(Duration.ofSeconds(120)).until(() -> {
                traffic.run(25);
                return route(deployment).get("stable").asText().equals(v2.getDigest());
            });
        }
        stack.crashAndRestartCanary();
        // A restart after the decision must not decide again: wait until the new instance has judged (it publishes
        // nothing for a finished rollout, so wait past its session takeover and a few ticks).
        await().pollDelay(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20)).until(() -> true);
        assertThat(commands(deployment)).extracting(RolloutCommand::getType).containsExactly(CommandType.PROMOTE);
    }

    @Test
    void an_undecodable_run_lands_on_the_dead_letter_topic_and_the_judge_moves_on() throws Exception {
        String deployment = "support-triage/garbage";
        firstDeploy(deployment, v1);
        startCanary(deployment, v2, List.of(step(50, 1000), step(100, 1000)), Map.of());
        byte[] garbage = "{\"not\": \"avro\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (var raw = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.of(
                "bootstrap.servers", stack.bootstrap(),
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class,
                "value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class))) {
            raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.RUNS.name(), deployment, garbage))
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
        }

        try (Traffic traffic = new Traffic(stack, deployment, 19)
                .behave(v1.getDigest(), new Traffic.Behaviour(0.95, 0.02))
                .behave(v2.getDigest(), new Traffic.Behaviour(0.95, 0.02))) {
            traffic.run(40);
            awaitWindowTasks(deployment, 40, Duration.ofSeconds(30));
        }

        try (var dlq = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(Map.of(
                "bootstrap.servers", stack.bootstrap(),
                "group.id", "dlq-" + java.util.UUID.randomUUID(),
                "auto.offset.reset", "earliest",
                "key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class,
                "value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class))) {
            dlq.subscribe(List.of(Topics.DEAD_LETTER));
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> seen = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(seen::add);
                assertThat(seen).anySatisfy(r -> {
                    assertThat(r.value()).isEqualTo(garbage);
                    assertThat(new String(r.headers().lastHeader("dead-letter-topic").value(),
                            java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(Topics.RUNS.name());
                });
            });
        }
    }

    // --- Given / When helpers ----------------------------------------------------------------------------------------

    private static void firstDeploy(String deployment, ReleaseBuilt release) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Http.post(routerUrl(deployment) + "/rollouts", Map.of("candidate", release.getDigest())).status() == 202);
        await().atMost(Duration.ofSeconds(10)).until(() -> Http.status(routerUrl(deployment) + "/route") == 200
                && route(deployment).get("stable").asText().equals(release.getDigest()));
    }

    private static void startCanary(String deployment, ReleaseBuilt candidate, List<Map<String, Object>> plan,
            Map<String, Object> budgets) {
        Map<String, Object> body = budgets.isEmpty()
                ? Map.of("candidate", candidate.getDigest(), "plan", plan)
                : Map.of("candidate", candidate.getDigest(), "plan", plan, "budgets", budgets);
        Http.Response response = Http.post(routerUrl(deployment) + "/rollouts", body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> candidate.getDigest().equals(route(deployment).path("canary").asText()));
    }

    private static Map<String, Object> step(int weight, int minTasks) {
        return Map.of("weightPercent", weight, "minTasks", minTasks, "minDuration", "PT1S", "maxDuration", "PT10M");
    }

    private static void awaitWindowTasks(String deployment, long expected, Duration atMost) {
        await().atMost(atMost).untilAsserted(() -> {
            JsonNode window = Http.get(routerUrl(deployment) + "/rollout").body().path("window");
            assertThat(window.path("baseline").path("tasks").asLong() + window.path("canary").path("tasks").asLong())
                    .isEqualTo(expected);
        });
    }

    private static List<RolloutCommand> commands(String deployment) {
        List<ConsumerRecord<String, RolloutCommand>> all =
                AvroTopics.readAll(stack.bootstrap(), stack.registryUrl(), Topics.ROLLOUT_COMMANDS.name());
        return all.stream().map(ConsumerRecord::value)
                .filter(c -> c.getDeployment().equals(deployment) && "canary-service".equals(c.getIssuedBy()))
                .toList();
    }

    private static Alert awaitAlert(String deployment, AlertReason reason) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<ConsumerRecord<String, Alert>> all =
                    AvroTopics.readAll(stack.bootstrap(), stack.registryUrl(), Topics.ALERTS.name());
            return all.stream().map(ConsumerRecord::value)
                    .filter(a -> a.getDeployment().equals(deployment) && a.getReason() == reason)
                    .findFirst().orElse(null);
        }, a -> a != null);
    }

    private static JsonNode route(String deployment) {
        return Http.get(routerUrl(deployment) + "/route").body();
    }

    private static String routerUrl(String deployment) {
        return stack.router().url("/api/v1/deployments/" + deployment);
    }
}
