package dev.slipway.lineage.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.slipway.events.Alert;
import dev.slipway.events.AlertReason;
import dev.slipway.events.Arm;
import dev.slipway.events.ModelCall;
import dev.slipway.events.CallStatus;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.Route;
import dev.slipway.events.RouteState;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunFeedback;
import dev.slipway.events.RunOutcome;
import dev.slipway.events.ToolCall;
import dev.slipway.events.Topics;
import dev.slipway.lineage.query.LineageQueries;
import dev.slipway.lineage.store.LineageKeys.Index;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.service.SingleObjectAvroSerde;
import dev.slipway.testkit.AvroTestSerde;
import dev.slipway.testkit.RecordingDeadLetters;
import dev.slipway.testkit.SampleReleases;

/**
 * The lineage topology on {@link TopologyTestDriver}, written Given / When / Then: runs with their late outcomes,
 * releases and route history in, queries answered from the stores, untraceable runs flagged and alerted once, old
 * runs swept. Records carry explicit timestamps near the fixed {@link #T0}.
 */
class LineageTopologyTest {

    private static final String DEPLOYMENT = "support-triage/prod";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final String UNKNOWN = "sha256:" + "0".repeat(64);

    private static ReleaseBuilt v1;
    private static ReleaseBuilt v2;

    private TopologyTestDriver driver;
    private TestInputTopic<String, ReleaseBuilt> releasesIn;
    private TestInputTopic<String, RunCompleted> runsIn;
    private TestInputTopic<String, RunFeedback> feedbackIn;
    private TestInputTopic<String, Route> routesIn;
    private TestOutputTopic<String, Alert> alertsOut;
    private LineageQueries queries;

    @BeforeAll
    static void buildReleases() {
        ReleaseSigner signer = ReleaseSigner.generate();
        v1 = SampleReleases.signed(SampleReleases.bundle(), signer);
        v2 = SampleReleases.signed(SampleReleases.editedTriageLine(), signer);
    }

    @BeforeEach
    void start() throws IOException {
        Path target = Files.createDirectories(Path.of("target"));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "lineage-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(target, "lineage-topology-test-").toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        LineageTopology.LineageSerdes serdes = new LineageTopology.LineageSerdes(AvroTestSerde.of(RunCompleted.class),
                AvroTestSerde.of(RunFeedback.class), AvroTestSerde.of(Route.class), AvroTestSerde.of(ReleaseBuilt.class),
                AvroTestSerde.of(Alert.class), SingleObjectAvroSerde.of(RunCompleted.class),
                SingleObjectAvroSerde.of(RunFeedback.class), SingleObjectAvroSerde.of(Route.class));
        driver = new TopologyTestDriver(LineageTopology.build(serdes, RETENTION, Duration.ofHours(1),
                new RecordingDeadLetters()), config, T0);
        var keys = Serdes.String();
        releasesIn = driver.createInputTopic(Topics.RELEASES.name(), keys.serializer(), serdes.releases().serializer());
        runsIn = driver.createInputTopic(Topics.RUNS.name(), keys.serializer(), serdes.runs().serializer());
        feedbackIn = driver.createInputTopic(Topics.RUN_FEEDBACK.name(), keys.serializer(), serdes.feedback().serializer());
        routesIn = driver.createInputTopic(Topics.ROUTES.name(), keys.serializer(), serdes.routes().serializer());
        alertsOut = driver.createOutputTopic(Topics.ALERTS.name(), keys.deserializer(), serdes.alerts().deserializer());
        queries = new LineageQueries(new LineageQueries.Stores(driver.getKeyValueStore(LineageTopology.RUNS_STORE),
                driver.getKeyValueStore(LineageTopology.FEEDBACK_STORE), driver.getKeyValueStore(LineageTopology.INDEX_STORE),
                driver.getKeyValueStore(LineageTopology.ROUTES_STORE), driver.getKeyValueStore(LineageTopology.FLAGS_STORE),
                driver.getKeyValueStore(LineageTopology.RELEASES_STORE)));

        // Given v1 and v2 are published, v1 became stable at epoch 1 and v2 its canary at epoch 2.
        releasesIn.pipeInput(v1.getDigest(), v1, T0.minusSeconds(7200));
        releasesIn.pipeInput(v2.getDigest(), v2, T0.minusSeconds(7200));
        routesIn.pipeInput(DEPLOYMENT, route(1, v1.getDigest(), null, 0, T0.minusSeconds(3600)), T0.minusSeconds(3600));
        routesIn.pipeInput(DEPLOYMENT, route(2, v1.getDigest(), v2.getDigest(), 5, T0), T0);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void a_run_answers_with_its_release_manifest_inputs_calls_and_late_outcome() {
        // When a canary run is reported and its outcome arrives later
        runsIn.pipeInput(DEPLOYMENT, run("run-1", v2.getDigest(), 2, "ticket-7", T0.plusSeconds(10)), T0.plusSeconds(10));
        feedbackIn.pipeInput(DEPLOYMENT, feedback("run-1", true, T0.plusSeconds(300)), T0.plusSeconds(300));

        // Then the run traces to v2 with everything it saw and did
        LineageQueries.RunView view = queries.run("run-1").orElseThrow();
        assertThat(view.digest()).isEqualTo(v2.getDigest());
        assertThat(view.arm()).isEqualTo("CANARY");
        assertThat(view.inputDigest()).isEqualTo("sha256:" + "a".repeat(64));
        assertThat(view.retrievalDocs()).containsExactly("kb-12", "kb-40");
        assertThat(view.toolCalls()).extracting(LineageQueries.ToolCallView::tool).containsExactly("lookup_customer");
        assertThat(view.modelCalls()).singleElement().satisfies(c -> {
            assertThat(c.provider()).isEqualTo("sim-primary");
            assertThat(c.region()).isEqualTo("eu-west-1");
        });
        assertThat(view.feedback()).singleElement().satisfies(f -> assertThat(f.success()).isTrue());
        assertThat(view.traceability().flagged()).isFalse();
        assertThat(view.release().digest()).isEqualTo(v2.getDigest());
        assertThat(view.release().manifest().path("model").isObject()).isTrue();
        assertThat(queries.run("run-unknown")).isEmpty();
        assertThat(alertsOut.isEmpty()).isTrue();
    }

    @Test
    void a_releases_runs_come_by_time_range_in_pages() {
        // Given five runs of v1, one a minute, and one of v2
        for (int i = 0; i < 5; i++) {
            runsIn.pipeInput(DEPLOYMENT, run("run-" + i, v1.getDigest(), 2, "ticket-" + i, T0.plusSeconds(60L * i)),
                    T0.plusSeconds(60L * i));
        }
        runsIn.pipeInput(DEPLOYMENT, run("run-v2", v2.getDigest(), 2, "ticket-9", T0.plusSeconds(30)), T0.plusSeconds(30));

        // When v1's runs between minute 1 and minute 4 are read two at a time
        LineageQueries.Page first = queries.runs(Index.RELEASE, v1.getDigest(), T0.plusSeconds(60), T0.plusSeconds(240),
                2, null);
        LineageQueries.Page second = queries.runs(Index.RELEASE, v1.getDigest(), T0.plusSeconds(60), T0.plusSeconds(240),
                2, first.next());

        // Then the range is inclusive at both ends, oldest first, and the last page has no cursor
        assertThat(first.items()).extracting(LineageQueries.RunSummary::runId).containsExactly("run-1", "run-2");
        assertThat(first.next()).isNotNull();
        assertThat(second.items()).extracting(LineageQueries.RunSummary::runId).containsExactly("run-3", "run-4");
        assertThat(second.next()).isNull();
        assertThat(queries.runs(Index.RELEASE, v2.getDigest(), T0, T0.plusSeconds(3600), 10, null).items())
                .extracting(LineageQueries.RunSummary::runId).containsExactly("run-v2");
    }

    @Test
    void runs_are_found_by_input_digest_and_by_task_key() {
        runsIn.pipeInput(DEPLOYMENT, run("run-a", v1.getDigest(), 2, "ticket-1", T0.plusSeconds(1)), T0.plusSeconds(1));
        RunCompleted other = run("run-b", v1.getDigest(), 2, "ticket-1|retry", T0.plusSeconds(2));
        other.setInputDigest("sha256:" + "b".repeat(64));
        runsIn.pipeInput(DEPLOYMENT, other, T0.plusSeconds(2));

        assertThat(queries.runs(Index.TASK, "ticket-1", Instant.EPOCH, T0.plusSeconds(10), 10, null).items())
                .extracting(LineageQueries.RunSummary::runId).containsExactly("run-a");
        assertThat(queries.runs(Index.INPUT, "sha256:" + "b".repeat(64), Instant.EPOCH, T0.plusSeconds(10), 10, null)
                .items()).extracting(LineageQueries.RunSummary::runId).containsExactly("run-b");
    }

    @Test
    void the_release_serving_a_deployment_at_any_time_is_answered_from_the_route_history() {
        // Given v2 was promoted at epoch 3, an hour after its canary started
        routesIn.pipeInput(DEPLOYMENT, route(3, v2.getDigest(), null, 0, T0.plusSeconds(3600)), T0.plusSeconds(3600));

        assertThat(queries.servingAt(DEPLOYMENT, T0.minusSeconds(1800)).orElseThrow().stable()).isEqualTo(v1.getDigest());
        LineageQueries.RouteVersion canary = queries.servingAt(DEPLOYMENT, T0.plusSeconds(60)).orElseThrow();
        assertThat(canary.canary()).isEqualTo(v2.getDigest());
        assertThat(canary.until()).isEqualTo(T0.plusSeconds(3600));
        assertThat(queries.servingAt(DEPLOYMENT, T0.plusSeconds(7200)).orElseThrow().stable()).isEqualTo(v2.getDigest());
        assertThat(queries.servingAt(DEPLOYMENT, T0.minusSeconds(7200))).isEmpty();
        assertThat(queries.routeHistory(DEPLOYMENT)).extracting(LineageQueries.RouteVersion::epoch).containsExactly(1L, 2L, 3L);
    }

    @Test
    void a_run_of_an_unknown_digest_is_flagged_and_alerted_once() {
        // When two runs name a digest that was never published
        runsIn.pipeInput(DEPLOYMENT, run("run-x", UNKNOWN, 2, "ticket-1", T0.plusSeconds(5)), T0.plusSeconds(5));
        runsIn.pipeInput(DEPLOYMENT, run("run-y", UNKNOWN, 2, "ticket-2", T0.plusSeconds(6)), T0.plusSeconds(6));
        // (the release could still be on its way to the global store: nothing is flagged within the grace period)
        assertThat(queries.run("run-x").orElseThrow().traceability().flagged()).isFalse();
        driver.advanceWallClockTime(Duration.ofMinutes(2).plusSeconds(10));

        // Then both are flagged, counted, and one alert names the first
        assertThat(queries.run("run-x").orElseThrow().traceability().verdict()).isEqualTo("UNKNOWN_RELEASE");
        assertThat(queries.flagged(10)).extracting(LineageQueries.FlaggedRun::runId).containsExactly("run-y", "run-x");
        assertThat(queries.flaggedByVerdict()).containsEntry("UNKNOWN_RELEASE", 2L);
        List<Alert> alerts = alertsOut.readValuesToList();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.getReason()).isEqualTo(AlertReason.UNTRACEABLE_RUN);
            assertThat(a.getMessage()).contains("run-x").contains(UNKNOWN);
        });
    }

    @Test
    void a_run_of_a_release_the_route_did_not_pick_at_its_epoch_is_flagged_not_routed() {
        // v2 is published, but at epoch 1 only v1 was routed
        runsIn.pipeInput(DEPLOYMENT, run("run-early", v2.getDigest(), 1, "ticket-1", T0.minusSeconds(60)),
                T0.minusSeconds(60));

        assertThat(queries.run("run-early").orElseThrow().traceability().verdict()).isEqualTo("NOT_ROUTED");
        assertThat(alertsOut.readValuesToList()).singleElement()
                .satisfies(a -> assertThat(a.getMessage()).contains("epoch 1"));
    }

    @Test
    void a_run_arriving_before_the_route_of_its_epoch_waits_for_it_and_is_traceable_once_it_comes() {
        // When a run names epoch 3 before the route of epoch 3 (v2 stable) is read
        runsIn.pipeInput(DEPLOYMENT, run("run-early", v2.getDigest(), 3, "ticket-1", T0.plusSeconds(70)),
                T0.plusSeconds(70));
        assertThat(driver.getKeyValueStore(LineageTopology.AWAITING_STORE).approximateNumEntries()).isEqualTo(1);
        routesIn.pipeInput(DEPLOYMENT, route(3, v2.getDigest(), null, 0, T0.plusSeconds(60)), T0.plusSeconds(71));

        // Then it is judged when the route comes: traceable, nothing flagged, nothing waiting, no alert
        assertThat(queries.run("run-early").orElseThrow().traceability().flagged()).isFalse();
        assertThat(driver.getKeyValueStore(LineageTopology.AWAITING_STORE).approximateNumEntries()).isZero();
        driver.advanceWallClockTime(Duration.ofMinutes(5));
        assertThat(alertsOut.isEmpty()).isTrue();
    }

    @Test
    void a_run_whose_route_never_comes_is_flagged_after_the_grace_period() {
        // Given v2's canary ended at epoch 3 (v1 alone); a run of v2 then names epoch 9, whose route never comes
        routesIn.pipeInput(DEPLOYMENT, route(3, v1.getDigest(), null, 0, T0.plusSeconds(60)), T0.plusSeconds(60));
        runsIn.pipeInput(DEPLOYMENT, run("run-lost", v2.getDigest(), 9, "ticket-1", T0.plusSeconds(70)),
                T0.plusSeconds(70));
        driver.advanceWallClockTime(Duration.ofSeconds(30));
        assertThat(queries.run("run-lost").orElseThrow().traceability().flagged()).isFalse();

        driver.advanceWallClockTime(Duration.ofMinutes(2));

        assertThat(queries.run("run-lost").orElseThrow().traceability().verdict()).isEqualTo("NOT_ROUTED");
        assertThat(alertsOut.readValuesToList()).singleElement()
                .satisfies(a -> assertThat(a.getMessage()).contains("run-lost").contains("epoch 3"));
    }

    @Test
    void a_run_reported_twice_is_kept_once() {
        RunCompleted run = run("run-1", v1.getDigest(), 2, "ticket-1", T0.plusSeconds(5));
        runsIn.pipeInput(DEPLOYMENT, run, T0.plusSeconds(5));
        runsIn.pipeInput(DEPLOYMENT, run, T0.plusSeconds(6));

        assertThat(queries.runs(Index.RELEASE, v1.getDigest(), Instant.EPOCH, T0.plusSeconds(60), 10, null).items())
                .hasSize(1);
    }

    @Test
    void runs_past_the_retention_are_swept_with_their_outcomes_and_index_entries() {
        // Given one run completed long ago and one recently
        runsIn.pipeInput(DEPLOYMENT, run("run-old", v1.getDigest(), 2, "ticket-1", T0.plusSeconds(1)), T0.plusSeconds(1));
        feedbackIn.pipeInput(DEPLOYMENT, feedback("run-old", true, T0.plusSeconds(2)), T0.plusSeconds(2));
        Instant later = T0.plus(RETENTION).plusSeconds(3600);
        runsIn.pipeInput(DEPLOYMENT, run("run-new", v1.getDigest(), 2, "ticket-1", later), later);

        // When the wall clock passes the old run's retention and the hourly sweep runs
        driver.advanceWallClockTime(RETENTION.plusHours(2));

        // Then only the recent run is left, in every index
        assertThat(queries.run("run-old")).isEmpty();
        assertThat(queries.run("run-new")).isPresent();
        assertThat(queries.runs(Index.TASK, "ticket-1", Instant.EPOCH, later, 10, null).items())
                .extracting(LineageQueries.RunSummary::runId).containsExactly("run-new");
        assertThat(driver.getKeyValueStore(LineageTopology.FEEDBACK_STORE).approximateNumEntries()).isZero();
    }

    private static Route route(long epoch, String stable, String canary, int weight, Instant at) {
        return Route.newBuilder()
                .setDeployment(DEPLOYMENT)
                .setStable(stable)
                .setCanary(canary)
                .setCanaryWeightPercent(weight)
                .setEpoch(epoch)
                .setState(canary == null ? RouteState.STABLE : RouteState.CANARY)
                .setUpdatedAt(at)
                .build();
    }

    private static RunCompleted run(String runId, String digest, long epoch, String taskKey, Instant completedAt) {
        return RunCompleted.newBuilder()
                .setRunId(runId)
                .setDeployment(DEPLOYMENT)
                .setDigest(digest)
                .setArm(digest.equals(v2.getDigest()) ? Arm.CANARY : Arm.BASELINE)
                .setEpoch(epoch)
                .setTaskKey(taskKey)
                .setInputDigest("sha256:" + "a".repeat(64))
                .setWorkerId("worker-1")
                .setRetrievalDocs(List.of("kb-12", "kb-40"))
                .setToolCalls(List.of(ToolCall.newBuilder().setTool("lookup_customer").setStatus(CallStatus.OK)
                        .setLatencyMs(12).build()))
                .setModelCalls(List.of(ModelCall.newBuilder().setProvider("sim-primary").setRegion("eu-west-1")
                        .setModel("gpt-sim@2025-06-01").setInputTokens(800).setOutputTokens(120).setCostUsd(0.004)
                        .setLatencyMs(300).setStatus(CallStatus.OK).build()))
                .setOutcome(RunOutcome.PENDING)
                .setCostUsd(0.004)
                .setLatencyMs(450)
                .setStartedAt(completedAt.minusMillis(450))
                .setCompletedAt(completedAt)
                .build();
    }

    private static RunFeedback feedback(String runId, Boolean success, Instant at) {
        return RunFeedback.newBuilder()
                .setFeedbackId("fb-" + runId)
                .setRunId(runId)
                .setDeployment(DEPLOYMENT)
                .setSuccess(success)
                .setSource("helpdesk")
                .setOccurredAt(at)
                .build();
    }
}
