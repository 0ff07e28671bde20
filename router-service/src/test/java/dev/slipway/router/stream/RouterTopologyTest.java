package dev.slipway.router.stream;

import dev.slipway.testkit.SampleReleases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.slipway.events.Alert;
import dev.slipway.events.CanaryWindow;
import dev.slipway.events.AlertReason;
import dev.slipway.events.Budgets;
import dev.slipway.events.CommandType;
import dev.slipway.events.Guardrails;
import dev.slipway.events.PartKind;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.RolloutStarted;
import dev.slipway.events.RolloutStep;
import dev.slipway.events.Route;
import dev.slipway.events.RouteState;
import dev.slipway.events.Severity;
import dev.slipway.events.Topics;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.service.ReleaseTrust;
import dev.slipway.testkit.AvroTestSerde;
import dev.slipway.testkit.RecordingDeadLetters;

/**
 * The router topology end to end on {@link TopologyTestDriver}: real signed releases from examples/support-triage on
 * slipway.releases, rollouts and commands in, routes and alerts out. Explicit record timestamps throughout.
 */
class RouterTopologyTest {

    private static final String DEPLOYMENT = "support-triage/prod";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private static ReleaseBuilt releaseA;
    private static ReleaseBuilt releaseB;

    private TopologyTestDriver driver;
    private final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
    private TestInputTopic<String, ReleaseBuilt> releases;
    private TestInputTopic<String, RolloutStarted> rollouts;
    private TestInputTopic<String, RolloutCommand> commands;
    private TestOutputTopic<String, Route> routesOut;
    private TestOutputTopic<String, Alert> alertsOut;
    private org.apache.kafka.streams.TestInputTopic<String, CanaryWindow> windows;
    private KeyValueStore<String, Route> routeStore;

    @BeforeAll
    static void buildReleases() {
        ReleaseSigner signer = ReleaseSigner.generate();
        releaseA = SampleReleases.signed(SampleReleases.bundle(), signer);
        releaseB = SampleReleases.signed(SampleReleases.editedTriageLine(), signer);
        assertThat(releaseB.getDigest()).isNotEqualTo(releaseA.getDigest());
    }

    @BeforeEach
    void startDriver() throws IOException {
        Path target = Files.createDirectories(Path.of("target"));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "router-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(target, "router-topology-test-").toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);

        ReleaseTrust trust = new ReleaseTrust(Set.of());
        RouterTopology.RouterSerdes serdes = new RouterTopology.RouterSerdes(AvroTestSerde.of(RolloutStarted.class),
                AvroTestSerde.of(RolloutCommand.class), AvroTestSerde.of(Route.class), AvroTestSerde.of(Alert.class),
                AvroTestSerde.of(ReleaseBuilt.class), AvroTestSerde.of(CanaryWindow.class));
        driver = new TopologyTestDriver(RouterTopology.build(serdes, release -> trust.verify(release).verified(), deadLetters),
                config, T0);

        var keys = Serdes.String();
        releases = driver.createInputTopic(Topics.RELEASES.name(), keys.serializer(), serdes.releases().serializer());
        rollouts = driver.createInputTopic(Topics.ROLLOUTS.name(), keys.serializer(), serdes.rollouts().serializer());
        commands = driver.createInputTopic(Topics.ROLLOUT_COMMANDS.name(), keys.serializer(), serdes.commands().serializer());
        windows = driver.createInputTopic(Topics.CANARY_METRICS.name(), keys.serializer(), serdes.windows().serializer());
        routesOut = driver.createOutputTopic(Topics.ROUTES.name(), keys.deserializer(), serdes.routes().deserializer());
        alertsOut = driver.createOutputTopic(Topics.ALERTS.name(), keys.deserializer(), serdes.alerts().deserializer());
        routeStore = driver.getKeyValueStore(RouterTopology.ROUTES_STORE);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void first_deploy_emits_a_route_with_the_candidate_as_stable() {
        publish(releaseA, 0);

        rollouts.pipeInput(DEPLOYMENT, rollout("r1", releaseA.getDigest(), null), T0.plusSeconds(10));

        var out = routesOut.readKeyValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo(DEPLOYMENT);
        Route route = out.get(0).value;
        assertThat(route.getStable()).isEqualTo(releaseA.getDigest());
        assertThat(route.getCanary()).isNull();
        assertThat(route.getEpoch()).isEqualTo(1);
        assertThat(route.getState()).isEqualTo(RouteState.STABLE);
        assertThat(route.getLastCommandId()).isEqualTo("rollout:r1");
        assertThat(route.getUpdatedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(routeStore.get(DEPLOYMENT)).isEqualTo(route);
        assertThat(alertsOut.isEmpty()).isTrue();
    }

    @Test
    void a_second_rollout_opens_a_canary_at_the_first_step_weight() {
        givenStableA();

        rollouts.pipeInput(DEPLOYMENT, rollout("r2", releaseB.getDigest(), releaseA.getDigest()), T0.plusSeconds(20));

        Route route = onlyRoute();
        assertThat(route.getStable()).isEqualTo(releaseA.getDigest());
        assertThat(route.getCanary()).isEqualTo(releaseB.getDigest());
        assertThat(route.getCanaryWeightPercent()).isEqualTo(5);
        assertThat(route.getState()).isEqualTo(RouteState.CANARY);
        assertThat(route.getRolloutId()).isEqualTo("r2");
        assertThat(route.getEpoch()).isEqualTo(2);
        assertThat(routeStore.get(DEPLOYMENT)).isEqualTo(route);
        assertThat(alertsOut.isEmpty()).isTrue();
    }

    @Test
    void ramp_then_promote_move_the_route_in_the_store_and_on_the_topic() {
        givenCanaryBOnA();

        commands.pipeInput(DEPLOYMENT, command("c-ramp", "r2", CommandType.RAMP, 25), T0.plusSeconds(30));
        Route ramped = onlyRoute();
        assertThat(ramped.getCanaryWeightPercent()).isEqualTo(25);
        assertThat(ramped.getEpoch()).isEqualTo(3);
        assertThat(ramped.getLastCommandId()).isEqualTo("c-ramp");
        assertThat(ramped.getUpdatedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(routeStore.get(DEPLOYMENT)).isEqualTo(ramped);

        commands.pipeInput(DEPLOYMENT, command("c-promote", "r2", CommandType.PROMOTE, null), T0.plusSeconds(40));
        Route promoted = onlyRoute();
        assertThat(promoted.getStable()).isEqualTo(releaseB.getDigest());
        assertThat(promoted.getLastGood()).isEqualTo(releaseA.getDigest());
        assertThat(promoted.getCanary()).isNull();
        assertThat(promoted.getCanaryWeightPercent()).isZero();
        assertThat(promoted.getState()).isEqualTo(RouteState.STABLE);
        assertThat(promoted.getEpoch()).isEqualTo(4);
        assertThat(routeStore.get(DEPLOYMENT)).isEqualTo(promoted);
        assertThat(alertsOut.isEmpty()).isTrue();
    }

    @Test
    void the_same_command_id_piped_twice_moves_the_route_once() {
        givenCanaryBOnA();
        RolloutCommand ramp = command("c-ramp", "r2", CommandType.RAMP, 25);

        commands.pipeInput(DEPLOYMENT, ramp, T0.plusSeconds(30));
        commands.pipeInput(DEPLOYMENT, ramp, T0.plusSeconds(31));

        assertThat(routesOut.readValuesToList()).hasSize(1);
        assertThat(routeStore.get(DEPLOYMENT).getEpoch()).isEqualTo(3);
        assertThat(routeStore.get(DEPLOYMENT).getUpdatedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(alertsOut.isEmpty()).isTrue();
    }

    @Test
    void the_same_rollout_piped_twice_starts_it_once() {
        givenStableA();
        RolloutStarted started = rollout("r2", releaseB.getDigest(), releaseA.getDigest());

        rollouts.pipeInput(DEPLOYMENT, started, T0.plusSeconds(20));
        rollouts.pipeInput(DEPLOYMENT, started, T0.plusSeconds(21));

        assertThat(routesOut.readValuesToList()).hasSize(1);
        // The replay is recognised as applied, not refused as "a rollout is in progress".
        assertThat(alertsOut.isEmpty()).isTrue();
        assertThat(routeStore.get(DEPLOYMENT).getEpoch()).isEqualTo(2);
    }

    @Test
    void a_rollout_naming_an_unpublished_release_produces_no_route_and_one_error_alert() {
        publish(releaseA, 0);

        rollouts.pipeInput(DEPLOYMENT, rollout("r1", releaseB.getDigest(), null), T0.plusSeconds(10));

        assertThat(routesOut.isEmpty()).isTrue();
        assertThat(routeStore.get(DEPLOYMENT)).isNull();
        Alert alert = onlyAlert();
        assertThat(alert.getReason()).isEqualTo(AlertReason.ERROR);
        assertThat(alert.getDeployment()).isEqualTo(DEPLOYMENT);
        assertThat(alert.getRolloutId()).isEqualTo("r1");
        assertThat(alert.getMessage()).contains(releaseB.getDigest());
        assertThat(alert.getRaisedAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void a_release_with_a_tampered_signature_is_refused_like_an_unknown_one() {
        publish(SampleReleases.withTamperedSignature(releaseA), 0);

        rollouts.pipeInput(DEPLOYMENT, rollout("r1", releaseA.getDigest(), null), T0.plusSeconds(10));

        assertThat(routesOut.isEmpty()).isTrue();
        assertThat(routeStore.get(DEPLOYMENT)).isNull();
        Alert alert = onlyAlert();
        assertThat(alert.getReason()).isEqualTo(AlertReason.ERROR);
        assertThat(alert.getMessage()).contains(releaseA.getDigest());
    }

    @Test
    void a_release_whose_content_does_not_match_its_signed_digest_is_refused() {
        // Valid digest and signature of A, but B's content: the router recomputes the digest and refuses it.
        publish(ReleaseBuilt.newBuilder(releaseA).setContent(releaseB.getContent()).build(), 0);

        rollouts.pipeInput(DEPLOYMENT, rollout("r1", releaseA.getDigest(), null), T0.plusSeconds(10));

        assertThat(routesOut.isEmpty()).isTrue();
        assertThat(routeStore.get(DEPLOYMENT)).isNull();
        assertThat(onlyAlert().getReason()).isEqualTo(AlertReason.ERROR);
    }

    @Test
    void a_release_deleted_by_a_tombstone_is_no_longer_trusted() {
        publish(releaseA, 0);
        releases.pipeInput(releaseA.getDigest(), null, T0.plusSeconds(1));

        rollouts.pipeInput(DEPLOYMENT, rollout("r1", releaseA.getDigest(), null), T0.plusSeconds(10));

        assertThat(routesOut.isEmpty()).isTrue();
        assertThat(onlyAlert().getReason()).isEqualTo(AlertReason.ERROR);
    }

    @Test
    void a_rollout_keyed_by_another_deployment_is_dead_lettered_and_never_moves_either_route() {
        publish(releaseA, 0);

        // When a first deploy of this deployment arrives under another deployment's key
        rollouts.pipeInput("billing/prod", rollout("r-miskeyed", releaseA.getDigest(), null), T0.plusSeconds(10));

        // Then it is dead-lettered with the reason, and no route moves anywhere
        assertThat(routesOut.isEmpty()).isTrue();
        assertThat(routeStore.get(DEPLOYMENT)).isNull();
        assertThat(routeStore.get("billing/prod")).isNull();
        assertThat(deadLetters.letters()).singleElement().satisfies(letter -> {
            assertThat(letter.consumer()).isEqualTo(RouterTopology.CONSUMER);
            assertThat(letter.topic()).isEqualTo(Topics.ROLLOUTS.name());
            assertThat(letter.reason()).isEqualTo("key 'billing/prod' but the value's deployment is '" + DEPLOYMENT + "'");
        });
    }

    @Test
    void a_tombstone_on_the_rollouts_topic_forgets_nothing_the_pointer_holds() {
        givenStableA();

        rollouts.pipeInput(DEPLOYMENT, null, T0.plusSeconds(30));

        assertThat(routesOut.isEmpty()).isTrue();
        assertThat(routeStore.get(DEPLOYMENT).getStable()).isEqualTo(releaseA.getDigest());
        assertThat(deadLetters.letters()).isEmpty();
    }

    @Test
    void a_refused_command_leaves_the_route_and_raises_an_error_alert() {
        givenCanaryBOnA();

        commands.pipeInput(DEPLOYMENT, command("c-lower", "r2", CommandType.RAMP, 1), T0.plusSeconds(30));

        assertThat(routesOut.isEmpty()).isTrue();
        assertThat(routeStore.get(DEPLOYMENT).getCanaryWeightPercent()).isEqualTo(5);
        Alert alert = onlyAlert();
        assertThat(alert.getReason()).isEqualTo(AlertReason.ERROR);
        assertThat(alert.getSeverity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void rollback_flips_back_to_last_good_and_alerts_with_the_prompt_diff() {
        givenCanaryBOnA();
        CanaryWindow lastWindow = CanaryWindow.newBuilder()
                .setRolloutId("r2").setDeployment(DEPLOYMENT).setStep(0).setWeightPercent(5)
                .setWindowStart(T0.plusSeconds(20)).setWindowEnd(T0.plusSeconds(39))
                .setBaseline(dev.slipway.events.ArmMetrics.newBuilder().setDigest(releaseA.getDigest()).setTasks(400).setSuccesses(380).build())
                .setCanary(dev.slipway.events.ArmMetrics.newBuilder().setDigest(releaseB.getDigest()).setTasks(21).setSuccesses(20).build())
                .build();
        windows.pipeInput(DEPLOYMENT, lastWindow, T0.plusSeconds(39));
        commands.pipeInput(DEPLOYMENT, command("c-promote", "r2", CommandType.PROMOTE, null), T0.plusSeconds(40));
        routesOut.readValuesToList();

        commands.pipeInput(DEPLOYMENT, command("c-rollback", "r2", CommandType.ROLLBACK, null), T0.plusSeconds(50));

        Route route = onlyRoute();
        assertThat(route.getStable()).isEqualTo(releaseA.getDigest());
        assertThat(route.getCanary()).isNull();
        assertThat(route.getState()).isEqualTo(RouteState.ROLLED_BACK);
        assertThat(route.getEpoch()).isEqualTo(4);
        assertThat(routeStore.get(DEPLOYMENT)).isEqualTo(route);

        Alert alert = onlyAlert();
        assertThat(alert.getReason()).isEqualTo(AlertReason.ROLLBACK);
        assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.getDeployment()).isEqualTo(DEPLOYMENT);
        assertThat(alert.getRaisedAt()).isEqualTo(T0.plusSeconds(50));
        assertThat(alert.getDiff()).isNotNull();
        assertThat(alert.getDiff().getFromDigest()).isEqualTo(releaseB.getDigest());
        assertThat(alert.getDiff().getToDigest()).isEqualTo(releaseA.getDigest());
        assertThat(alert.getDiff().getChangedParts()).containsExactly(PartKind.PROMPTS);
        assertThat(alert.getDiff().getText()).contains(SampleReleases.EDITED_LINE).contains(SampleReleases.ORIGINAL_LINE);
        // and both arms' metrics as the canary service last published them
        assertThat(alert.getMetrics()).isEqualTo(lastWindow);
    }

    @Test
    void applied_instruction_ids_are_forgotten_after_a_week_so_ten_times_the_usual_commands_leave_the_store_flat() {
        givenCanaryBOnA();
        KeyValueStore<String, Long> applied = driver.getKeyValueStore(RouterTopology.APPLIED_STORE);
        long[] sizeAtEndOfWeek = new long[3];
        // Three weeks of pause / resume pairs: 100 instructions a day, ten times what a busy deployment sees.
        for (int week = 0; week < 3; week++) {
            for (int day = 0; day < 7; day++) {
                for (int i = 0; i < 50; i++) {
                    Instant at = T0.plus(Duration.ofDays(week * 7L + day)).plusSeconds(60 + i * 2L);
                    commands.pipeInput(DEPLOYMENT, command("p-" + week + "-" + day + "-" + i, "r2", CommandType.PAUSE, null), at);
                    commands.pipeInput(DEPLOYMENT, command("r-" + week + "-" + day + "-" + i, "r2", CommandType.RESUME, null),
                            at.plusSeconds(1));
                }
                driver.advanceWallClockTime(Duration.ofDays(1));
            }
            sizeAtEndOfWeek[week] = count(applied);
        }
        // At most the last seven days of ids (700) plus one punctuation interval's worth.
        for (long size : sizeAtEndOfWeek) {
            assertThat(size).isLessThanOrEqualTo(700 + 100);
        }
        assertThat(sizeAtEndOfWeek[2]).as("flat from week to week").isBetween(sizeAtEndOfWeek[1] - 100, sizeAtEndOfWeek[1] + 100);
        assertThat(applied.get("rollout:r1")).as("the first rollout's id is long forgotten").isNull();
        assertThat(applied.get("r-2-6-49")).as("yesterday's are kept").isNotNull();
    }

    @Test
    void an_aborted_candidate_can_be_retried_as_a_fresh_rollout_with_its_own_salt() {
        givenCanaryBOnA();
        commands.pipeInput(DEPLOYMENT, command("abort-r2", "r2", CommandType.ABORT, null), T0.plusSeconds(30));
        Route aborted = onlyRoute();
        assertThat(aborted.getCanary()).isNull();
        alertsOut.readValuesToList();

        rollouts.pipeInput(DEPLOYMENT, rollout("r3", releaseB.getDigest(), releaseA.getDigest()), T0.plusSeconds(40));

        Route retried = onlyRoute();
        assertThat(retried.getCanary()).isEqualTo(releaseB.getDigest());
        assertThat(retried.getRolloutId()).as("a new rollout: new salt, fresh tallies").isEqualTo("r3");
        assertThat(retried.getCanaryWeightPercent()).isEqualTo(5);
        assertThat(retried.getEpoch()).isGreaterThan(aborted.getEpoch());
    }

    @Test
    void an_instruction_sent_twice_within_the_week_is_applied_once() {
        givenCanaryBOnA();
        commands.pipeInput(DEPLOYMENT, command("pause-1", "r2", CommandType.PAUSE, null), T0.plusSeconds(30));
        assertThat(routesOut.readValuesToList()).hasSize(1);
        driver.advanceWallClockTime(Duration.ofDays(3));
        commands.pipeInput(DEPLOYMENT, command("resume-1", "r2", CommandType.RESUME, null), T0.plusSeconds(40));
        routesOut.readValuesToList();
        commands.pipeInput(DEPLOYMENT, command("pause-1", "r2", CommandType.PAUSE, null), T0.plusSeconds(50));
        assertThat(routesOut.isEmpty()).as("the repeated pause moves nothing").isTrue();
    }

    private static long count(KeyValueStore<String, Long> store) {
        long n = 0;
        try (var all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    // ---- given ---------------------------------------------------------------------------------------------------

    private void publish(ReleaseBuilt release, int atSecond) {
        releases.pipeInput(release.getDigest(), release, T0.plusSeconds(atSecond));
    }

    /** Both releases published, A deployed as stable (epoch 1); outputs drained. */
    private void givenStableA() {
        publish(releaseA, 0);
        publish(releaseB, 1);
        rollouts.pipeInput(DEPLOYMENT, rollout("r1", releaseA.getDigest(), null), T0.plusSeconds(10));
        assertThat(routesOut.readValuesToList()).hasSize(1);
        assertThat(alertsOut.isEmpty()).isTrue();
    }

    /** A stable, B canary at 5 % in rollout r2 (epoch 2); outputs drained. */
    private void givenCanaryBOnA() {
        givenStableA();
        rollouts.pipeInput(DEPLOYMENT, rollout("r2", releaseB.getDigest(), releaseA.getDigest()), T0.plusSeconds(20));
        assertThat(routesOut.readValuesToList()).hasSize(1);
        assertThat(alertsOut.isEmpty()).isTrue();
    }

    private Route onlyRoute() {
        var out = routesOut.readKeyValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo(DEPLOYMENT);
        return out.get(0).value;
    }

    private Alert onlyAlert() {
        var out = alertsOut.readKeyValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key).isEqualTo(DEPLOYMENT);
        return out.get(0).value;
    }

    private static RolloutStarted rollout(String rolloutId, String candidate, String baseline) {
        return RolloutStarted.newBuilder()
                .setRolloutId(rolloutId)
                .setDeployment(DEPLOYMENT)
                .setCandidate(candidate)
                .setBaseline(baseline)
                .setPlan(List.of(step(5), step(25), step(50), step(100)))
                .setGuardrails(Guardrails.newBuilder().build())
                .setBudgets(Budgets.newBuilder().setMaxCandidateSpendUsd(50.0).setMaxTaskSpendUsd(2.0).build())
                .setStartedBy("release-manager")
                .setStartedAt(T0)
                .build();
    }

    private static RolloutStep step(int weight) {
        return RolloutStep.newBuilder().setWeightPercent(weight).setMinTasks(100).setMinDurationMs(60_000)
                .setMaxDurationMs(3_600_000).build();
    }

    private static RolloutCommand command(String id, String rolloutId, CommandType type, Integer weight) {
        return RolloutCommand.newBuilder()
                .setCommandId(id)
                .setDeployment(DEPLOYMENT)
                .setRolloutId(rolloutId)
                .setType(type)
                .setWeightPercent(weight)
                .setReason(null)
                .setSnapshot(null)
                .setIssuedBy("canary-service")
                .setIssuedAt(T0)
                .build();
    }
}
