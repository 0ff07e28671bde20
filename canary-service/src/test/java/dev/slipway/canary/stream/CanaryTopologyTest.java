package dev.slipway.canary.stream;

import dev.slipway.testkit.SampleReleases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;

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
import dev.slipway.events.AlertReason;
import dev.slipway.events.Arm;
import dev.slipway.events.ArmMetrics;
import dev.slipway.events.Budgets;
import dev.slipway.events.CanaryWindow;
import dev.slipway.events.CommandType;
import dev.slipway.events.Guardrails;
import dev.slipway.events.PartKind;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.RolloutProgress;
import dev.slipway.events.RolloutStarted;
import dev.slipway.events.RolloutStatus;
import dev.slipway.events.RolloutStep;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunFeedback;
import dev.slipway.events.RunOutcome;
import dev.slipway.events.Severity;
import dev.slipway.events.Topics;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.service.SingleObjectAvroSerde;
import dev.slipway.testkit.AvroTestSerde;
import dev.slipway.testkit.RecordingDeadLetters;

/**
 * The canary topology end to end on {@link TopologyTestDriver}, one test per outcome, written Given / When / Then.
 * Real signed releases from examples/support-triage sit on slipway.releases (the candidate edits one prompt line), so
 * alerts carry release-core's real diff. Every record has an explicit timestamp near the fixed {@link #T0}; the
 * driver's wall clock starts at T0 and only {@link #tickAt} moves it, which fires the 1 s tick punctuation once.
 * Each test asserts on the three output topics and on the {@code rollout-state} store.
 */
class CanaryTopologyTest {

    private static final String DEPLOYMENT = "support-triage/prod";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration FEEDBACK_WINDOW = Duration.ofMinutes(10);
    private static final String OTHER_DIGEST = "sha256:" + "0".repeat(64);

    private static ReleaseBuilt baselineRelease;
    private static ReleaseBuilt candidateRelease;
    private static String baseline;
    private static String candidate;

    private TopologyTestDriver driver;
    private final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
    private Instant wallClock;
    private TestInputTopic<String, ReleaseBuilt> releasesIn;
    private TestInputTopic<String, RolloutStarted> rolloutsIn;
    private TestInputTopic<String, RunCompleted> runsIn;
    private TestInputTopic<String, RunFeedback> feedbackIn;
    private TestInputTopic<String, RolloutCommand> commandsIn;
    private TestOutputTopic<String, RolloutCommand> commandsOut;
    private TestOutputTopic<String, CanaryWindow> metricsOut;
    private TestOutputTopic<String, Alert> alertsOut;
    private KeyValueStore<String, RolloutProgress> progressStore;
    private KeyValueStore<String, RunCompleted> pendingStore;

    @BeforeAll
    static void buildReleases() {
        ReleaseSigner signer = ReleaseSigner.generate();
        baselineRelease = SampleReleases.signed(SampleReleases.bundle(), signer);
        candidateRelease = SampleReleases.signed(SampleReleases.editedTriageLine(), signer);
        baseline = baselineRelease.getDigest();
        candidate = candidateRelease.getDigest();
        assertThat(candidate).isNotEqualTo(baseline);
    }

    @BeforeEach
    void startDriver() throws IOException {
        start(Duration.ZERO);
    }

    /** (Re)starts the topology under test, with {@code bake} after each promotion. */
    private void start(Duration bake) throws IOException {
        Path target = Files.createDirectories(Path.of("target"));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "canary-topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(target, "canary-topology-test-").toString());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);

        CanaryTopology.CanarySerdes serdes = new CanaryTopology.CanarySerdes(AvroTestSerde.of(RolloutStarted.class),
                AvroTestSerde.of(RunCompleted.class), AvroTestSerde.of(RunFeedback.class),
                AvroTestSerde.of(RolloutCommand.class), AvroTestSerde.of(CanaryWindow.class),
                AvroTestSerde.of(Alert.class), AvroTestSerde.of(ReleaseBuilt.class),
                // The internal stores' production serde.
                SingleObjectAvroSerde.of(RolloutStarted.class), SingleObjectAvroSerde.of(RolloutProgress.class),
                SingleObjectAvroSerde.of(RunCompleted.class));
        driver = new TopologyTestDriver(CanaryTopology.build(serdes, TICK, FEEDBACK_WINDOW, bake, deadLetters), config, T0);
        wallClock = T0;

        var keys = Serdes.String();
        releasesIn = driver.createInputTopic(Topics.RELEASES.name(), keys.serializer(), serdes.releases().serializer());
        rolloutsIn = driver.createInputTopic(Topics.ROLLOUTS.name(), keys.serializer(), serdes.rollouts().serializer());
        runsIn = driver.createInputTopic(Topics.RUNS.name(), keys.serializer(), serdes.runs().serializer());
        feedbackIn = driver.createInputTopic(Topics.RUN_FEEDBACK.name(), keys.serializer(), serdes.feedback().serializer());
        commandsIn = driver.createInputTopic(Topics.ROLLOUT_COMMANDS.name(), keys.serializer(),
                serdes.commands().serializer());
        commandsOut = driver.createOutputTopic(Topics.ROLLOUT_COMMANDS.name(), keys.deserializer(),
                serdes.commands().deserializer());
        metricsOut = driver.createOutputTopic(Topics.CANARY_METRICS.name(), keys.deserializer(),
                serdes.windows().deserializer());
        alertsOut = driver.createOutputTopic(Topics.ALERTS.name(), keys.deserializer(), serdes.alerts().deserializer());
        progressStore = driver.getKeyValueStore(CanaryTopology.PROGRESS_STORE);
        pendingStore = driver.getKeyValueStore(CanaryTopology.PENDING_STORE);

        // Given both releases are published (the global store the alert diff reads).
        releasesIn.pipeInput(baseline, baselineRelease, T0.minusSeconds(3600));
        releasesIn.pipeInput(candidate, candidateRelease, T0.minusSeconds(3600));
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    // ---- 1. aggregation per arm ----

    @Test
    void runs_are_tallied_into_their_arms_and_published_side_by_side_on_the_tick() {
        // Given a rollout whose step cannot pass yet
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-agg", slowPlan(), guardrails(), budgets()), T0);

        // When baseline and candidate runs arrive, plus a run of a digest that is neither
        pipe(run("b-1", baseline, RunOutcome.SUCCEEDED, false, 0.10, 800, T0.plusSeconds(2)));
        pipe(run("b-2", baseline, RunOutcome.FAILED, true, 0.20, 1200, T0.plusSeconds(3)));
        pipe(run("b-3", baseline, RunOutcome.ERROR, false, 0.05, 300, T0.plusSeconds(4)));
        pipe(run("c-1", candidate, RunOutcome.SUCCEEDED, false, 0.12, 900, T0.plusSeconds(5)));
        pipe(run("c-2", candidate, RunOutcome.SUCCEEDED, true, 0.30, 1500, T0.plusSeconds(6)));
        pipe(run("x-1", OTHER_DIGEST, RunOutcome.FAILED, true, 9.00, 5000, T0.plusSeconds(7)));

        // Then nothing is published before the tick
        assertThat(metricsOut.isEmpty()).isTrue();

        // When the tick fires
        tickAt(T0.plusSeconds(10));

        // Then one window shows both arms side by side; the other digest counted nowhere
        List<CanaryWindow> windows = metricsOut.readValuesToList();
        assertThat(windows).hasSize(1);
        CanaryWindow window = windows.get(0);
        assertThat(window.getRolloutId()).isEqualTo("r-agg");
        assertThat(window.getDeployment()).isEqualTo(DEPLOYMENT);
        assertThat(window.getStep()).isZero();
        assertThat(window.getWeightPercent()).isEqualTo(5);
        assertThat(window.getWindowStart()).isEqualTo(T0);
        assertThat(window.getWindowEnd()).isEqualTo(T0.plusSeconds(10));
        assertArm(window.getBaseline(), baseline, 3, 1, 1, 1, 0, 0.35, 0.0525);
        assertThat(window.getBaseline().getLatencySumMs()).isEqualTo(2300.0);
        assertThat(window.getBaseline().getLatencyMaxMs()).isEqualTo(1200);
        assertArm(window.getCanary(), candidate, 2, 2, 1, 0, 0, 0.42, 0.1044);
        assertThat(window.getCanary().getLatencySumMs()).isEqualTo(2400.0);
        assertThat(window.getCanary().getLatencyMaxMs()).isEqualTo(1500);
        assertThat(commandsOut.isEmpty()).isTrue();
        assertThat(alertsOut.isEmpty()).isTrue();

        RolloutProgress progress = progress();
        assertThat(progress.getStatus()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(progress.getStep()).isZero();
        assertThat(progress.getBaseline()).isEqualTo(window.getBaseline());
        assertThat(progress.getCanary()).isEqualTo(window.getCanary());
        assertThat(progress.getCandidateSpendUsd()).as("candidate spend only").isCloseTo(0.42, within(1e-9));
        assertThat(progress.getLargestTaskSpendUsd()).isCloseTo(0.30, within(1e-9));
        assertThat(progress.getWindowDirty()).isFalse();
        assertThat(progress.getLastDecision()).isNull();

        // And a tick with nothing new publishes nothing
        tickAt(T0.plusSeconds(20));
        assertThat(metricsOut.isEmpty()).isTrue();
    }

    @Test
    void a_new_rollout_is_judged_by_its_own_definition_from_empty_tallies_and_a_replayed_start_changes_nothing() {
        KeyValueStore<String, RolloutStarted> definitions = driver.getKeyValueStore(CanaryTopology.DEFINITIONS_STORE);
        // Given a first rollout with generous budgets and runs counted in both arms
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-first", slowPlan(), guardrails(), budgets()), T0);
        pipe(run("b-1", baseline, RunOutcome.SUCCEEDED, false, 0.10, 800, T0.plusSeconds(2)));
        pipe(run("c-1", candidate, RunOutcome.SUCCEEDED, false, 0.10, 800, T0.plusSeconds(3)));
        assertThat(progress().getCanary().getTasks()).isEqualTo(1);

        // When a second rollout starts on the same deployment, with another plan and a per-task ceiling of $0.15,
        // and its start is delivered again (a replay) before its first run
        List<RolloutStep> plan = List.of(step(10, 1000, Duration.ofHours(1), Duration.ofDays(1)), promotion());
        RolloutStarted second = rollout("r-second", plan, guardrails(), budgets(1000.0, 0.15, null, null));
        rolloutsIn.pipeInput(DEPLOYMENT, second, T0.plusSeconds(10));
        pipe(run("c-2", candidate, RunOutcome.SUCCEEDED, false, 0.12, 900, T0.plusSeconds(12)));
        rolloutsIn.pipeInput(DEPLOYMENT, second, T0.plusSeconds(13));
        pipe(run("c-3", candidate, RunOutcome.SUCCEEDED, false, 0.20, 900, T0.plusSeconds(14)));

        // Then the stores hold the second rollout: its definition, and tallies of its own runs only
        assertThat(definitions.get(DEPLOYMENT).getRolloutId()).isEqualTo("r-second");
        assertThat(definitions.get(DEPLOYMENT).getPlan()).isEqualTo(plan);
        RolloutProgress progress = progress();
        assertThat(progress.getRolloutId()).isEqualTo("r-second");
        assertThat(progress.getBaseline().getTasks()).isZero();
        assertThat(progress.getCanary().getTasks()).as("the replayed start did not reset the tallies").isEqualTo(2);
        assertThat(progress.getCandidateSpendUsd()).isCloseTo(0.32, within(1e-9));
        // and the second rollout's own ceiling, not the first one's, aborted it on the run over $0.15
        List<RolloutCommand> commands = commandsOut.readValuesToList();
        assertThat(commands).extracting(RolloutCommand::getType).containsExactly(CommandType.ABORT);
        assertThat(commands.get(0).getRolloutId()).isEqualTo("r-second");
        assertThat(commands.get(0).getSnapshot().getWeightPercent()).isEqualTo(10);
        assertThat(progress.getStatus()).isEqualTo(RolloutStatus.ABORTED);
    }

    @Test
    void a_first_deploy_creates_no_progress_and_its_runs_are_ignored() {
        // Given a first deploy: no baseline
        String deployment = "new-agent/prod";
        rolloutsIn.pipeInput(deployment, RolloutStarted.newBuilder(rollout("r-first", slowPlan(), guardrails(), budgets()))
                .setDeployment(deployment).setBaseline(null).build(), T0);

        // When runs of the candidate arrive and the tick fires
        runsIn.pipeInput(deployment, RunCompleted.newBuilder(run("n-1", candidate, RunOutcome.FAILED, true, 50.0, 10,
                T0.plusSeconds(5))).setDeployment(deployment).setArm(Arm.STABLE).build(), T0.plusSeconds(5));
        tickAt(T0.plusSeconds(10));

        // Then nothing is kept and nothing is published
        assertThat(progressStore.get(deployment)).isNull();
        assertThat(pendingStore.get("n-1")).isNull();
        assertThat(metricsOut.isEmpty()).isTrue();
        assertThat(commandsOut.isEmpty()).isTrue();
        assertThat(alertsOut.isEmpty()).isTrue();
    }

    @Test
    void a_release_entering_by_a_flip_is_not_judged() {
        // Given a promotion into a non-production environment: the candidate becomes stable at once
        String deployment = "support-triage/staging";
        rolloutsIn.pipeInput(deployment, RolloutStarted.newBuilder(rollout("r-flip", slowPlan(), guardrails(), budgets()))
                .setDeployment(deployment).setEntry(dev.slipway.events.RolloutEntry.FLIP).build(), T0);

        // When runs of the candidate arrive, even bad ones, and the tick fires
        runsIn.pipeInput(deployment, RunCompleted.newBuilder(run("f-1", candidate, RunOutcome.FAILED, true, 50.0, 10,
                T0.plusSeconds(5))).setDeployment(deployment).setArm(Arm.STABLE).build(), T0.plusSeconds(5));
        tickAt(T0.plusSeconds(10));

        // Then there is nothing to judge: no progress, no decision, no alert
        assertThat(progressStore.get(deployment)).isNull();
        assertThat(commandsOut.isEmpty()).isTrue();
        assertThat(alertsOut.isEmpty()).isTrue();
    }

    // ---- 1b. bad records ----

    @Test
    void bad_records_are_dead_lettered_with_their_origin_and_the_judge_counts_the_good_ones_after_them() {
        // Given a rollout being judged
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-bad-records", slowPlan(), guardrails(), budgets()), T0);
        var rawRuns = driver.createInputTopic(Topics.RUNS.name(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        byte[] key = DEPLOYMENT.getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // When a run that is not Avro, a run of this deployment keyed by another one, and a null value arrive
        rawRuns.pipeInput(key, "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8), T0.plusSeconds(1));
        runsIn.pipeInput("other-agent/prod", run("c-miskeyed", candidate, RunOutcome.FAILED, true, 5.0, 100,
                T0.plusSeconds(2)), T0.plusSeconds(2));
        rawRuns.pipeInput(key, null, T0.plusSeconds(3));
        // and then a good run
        pipe(run("c-good", candidate, RunOutcome.SUCCEEDED, false, 0.10, 100, T0.plusSeconds(4)));

        // Then each bad one is dead-lettered once, named by the judge, with where it came from and why
        assertThat(deadLetters.letters()).extracting(RecordingDeadLetters.DeadLetter::consumer)
                .containsOnly(CanaryTopology.CONSUMER);
        assertThat(deadLetters.letters()).extracting(l -> l.topic() + "@" + l.offset())
                .containsExactly(Topics.RUNS.name() + "@0", Topics.RUNS.name() + "@1", Topics.RUNS.name() + "@2");
        assertThat(deadLetters.letters()).extracting(RecordingDeadLetters.DeadLetter::reason).satisfiesExactly(
                r -> assertThat(r).startsWith("undecodable value (8 bytes)"),
                r -> assertThat(r).isEqualTo("key 'other-agent/prod' but the value's deployment is '" + DEPLOYMENT + "'"),
                r -> assertThat(r).contains("null value").contains("takes no tombstones"));
        // and only the good run counts: the mis-keyed one was not tallied into this deployment's partition state
        assertThat(progress().getCanary().getTasks()).isEqualTo(1);
        assertThat(progress().getCanary().getSuccesses()).isEqualTo(1);
    }

    // ---- 2. late feedback ----

    @Test
    void a_pending_run_counts_as_pending_until_its_feedback_arrives_then_with_the_feedback_outcome() {
        // Given a rollout
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-late", slowPlan(), guardrails(), budgets()), T0);

        // When two candidate runs complete with their outcome still unknown
        pipe(run("c-1", candidate, RunOutcome.PENDING, null, 0.10, 700, T0.plusSeconds(5)));
        pipe(run("c-2", candidate, RunOutcome.PENDING, null, 0.20, 900, T0.plusSeconds(6)));
        tickAt(T0.plusSeconds(10));

        // Then they are pending, not failures
        CanaryWindow waiting = single(metricsOut.readValuesToList());
        assertArm(waiting.getCanary(), candidate, 0, 0, 0, 0, 2, 0.0, 0.0);
        assertArm(progress().getCanary(), candidate, 0, 0, 0, 0, 2, 0.0, 0.0);
        assertThat(pendingStore.get("c-1")).isNotNull();
        assertThat(pendingStore.get("c-2")).isNotNull();
        assertThat(progress().getCandidateSpendUsd()).as("spend is known at completion").isCloseTo(0.30, within(1e-9));

        // When their feedback arrives: c-1 succeeded with a human stepping in, c-2 failed (intervention not reported)
        feedbackIn.pipeInput(DEPLOYMENT, feedback("c-1", true, true, T0.plusSeconds(60)), T0.plusSeconds(60));
        feedbackIn.pipeInput(DEPLOYMENT, feedback("c-2", false, null, T0.plusSeconds(70)), T0.plusSeconds(70));
        tickAt(T0.plusSeconds(80));

        // Then each counts once, with the feedback's outcome
        CanaryWindow scored = single(metricsOut.readValuesToList());
        assertArm(scored.getCanary(), candidate, 2, 1, 1, 0, 0, 0.30, 0.05);
        assertThat(progress().getCanary()).isEqualTo(scored.getCanary());
        assertThat(pendingStore.get("c-1")).isNull();
        assertThat(pendingStore.get("c-2")).isNull();

        // And a repeated feedback is not counted twice
        feedbackIn.pipeInput(DEPLOYMENT, feedback("c-1", true, true, T0.plusSeconds(90)), T0.plusSeconds(90));
        assertThat(progress().getCanary().getTasks()).isEqualTo(2);
        assertThat(commandsOut.isEmpty()).isTrue();
        assertThat(alertsOut.isEmpty()).isTrue();
    }

    @Test
    void a_pending_run_past_the_feedback_window_is_dropped_without_being_counted() {
        // Given a pending candidate run completed at T0+5s (window 10 min)
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-expire", slowPlan(), guardrails(), budgets()), T0);
        pipe(run("c-1", candidate, RunOutcome.PENDING, null, 0.10, 700, T0.plusSeconds(5)));
        tickAt(T0.plusSeconds(10));
        assertArm(single(metricsOut.readValuesToList()).getCanary(), candidate, 0, 0, 0, 0, 1, 0.0, 0.0);

        // When the wall clock reaches exactly the end of its window, it still waits
        tickAt(T0.plusSeconds(5).plus(FEEDBACK_WINDOW));
        assertThat(pendingStore.get("c-1")).isNotNull();
        assertThat(progress().getCanary().getFeedbackPending()).isEqualTo(1);

        // When the window has passed
        tickAt(T0.plusSeconds(6).plus(FEEDBACK_WINDOW));

        // Then it is dropped: no longer pending, never counted, but counted as excluded
        assertThat(pendingStore.get("c-1")).isNull();
        assertArm(progress().getCanary(), candidate, 0, 0, 0, 0, 0, 0.0, 0.0);
        assertThat(progress().getCanary().getFeedbackExpired()).isEqualTo(1);
        tickAt(T0.plusSeconds(7).plus(FEEDBACK_WINDOW));
        assertArm(single(metricsOut.readValuesToList()).getCanary(), candidate, 0, 0, 0, 0, 0, 0.0, 0.0);

        // And its feedback, arriving too late, is ignored
        feedbackIn.pipeInput(DEPLOYMENT, feedback("c-1", false, true, T0.plusSeconds(700)), T0.plusSeconds(700));
        tickAt(T0.plusSeconds(8).plus(FEEDBACK_WINDOW));
        assertArm(progress().getCanary(), candidate, 0, 0, 0, 0, 0, 0.0, 0.0);
        assertThat(metricsOut.isEmpty()).isTrue();
        assertThat(commandsOut.isEmpty()).isTrue();
        assertThat(alertsOut.isEmpty()).isTrue();
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.RUNNING);
    }

    @Test
    void when_too_many_outcomes_never_arrive_the_rollout_holds_and_pages_instead_of_judging_what_reported() {
        // Given a step with 40 known runs per arm and 20 more canary runs waiting for their outcome
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-missing", slowPlan(), guardrails(), budgets()), T0);
        for (int i = 0; i < 40; i++) {
            pipe(run("b-" + i, baseline, RunOutcome.SUCCEEDED, false, 0.02, 100, T0.plusSeconds(5)));
            pipe(run("c-" + i, candidate, RunOutcome.SUCCEEDED, false, 0.02, 100, T0.plusSeconds(5)));
        }
        for (int i = 0; i < 20; i++) {
            pipe(run("p-" + i, candidate, RunOutcome.PENDING, null, 0.02, 100, T0.plusSeconds(6)));
        }
        tickAt(T0.plusSeconds(10));
        assertThat(commandsOut.isEmpty()).as("pending is not missing yet").isTrue();

        // When their feedback window passes without a word
        tickAt(T0.plusSeconds(7).plus(FEEDBACK_WINDOW));

        // Then 20 of 60 canary tasks are excluded, over the default 20 %: HOLD, with a page saying why
        RolloutCommand hold = single(commandsOut.readValuesToList());
        assertThat(hold.getType()).isEqualTo(CommandType.HOLD);
        assertThat(hold.getReason()).contains("canary 20 of 60 tasks", "without an outcome");
        Alert page = single(alertsOut.readValuesToList());
        assertThat(page.getReason()).isEqualTo(AlertReason.HOLD);
        assertThat(page.getMetrics().getCanary().getFeedbackExpired()).isEqualTo(20);
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.HELD);
    }

    // ---- 3. breakers ----

    @Test
    void candidate_spend_over_the_rollout_budget_aborts_with_a_breaker_alert_carrying_metrics_and_diff() {
        // Given a rollout with a $1.00 candidate budget
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-budget", slowPlan(), guardrails(), budgets(1.0, 10.0, null, null)), T0);

        // When baseline spend is high (not counted) and the candidate spends $0.30 per task
        pipe(run("b-1", baseline, RunOutcome.SUCCEEDED, false, 5.00, 100, T0.plusSeconds(1)));
        for (int i = 1; i <= 3; i++) {
            pipe(run("c-" + i, candidate, RunOutcome.SUCCEEDED, false, 0.30, 100, T0.plusSeconds(1 + i)));
        }
        // Then $0.90 trips nothing
        assertThat(commandsOut.isEmpty()).isTrue();

        // When the fourth task takes it to $1.20
        pipe(run("c-4", candidate, RunOutcome.SUCCEEDED, false, 0.30, 100, T0.plusSeconds(5)));

        // Then ABORT, with the window it was decided on and an alert carrying that window and the artifact diff
        Instant at = T0.plusSeconds(5);
        RolloutCommand abort = single(commandsOut.readValuesToList());
        assertCommand(abort, "r-budget", 0, CommandType.ABORT, null, at);
        assertThat(abort.getReason()).startsWith("breaker: ").contains("candidate spend $1.20 over the rollout budget $1.00");
        CanaryWindow window = single(metricsOut.readValuesToList());
        assertThat(abort.getSnapshot()).isEqualTo(window);
        assertArm(window.getCanary(), candidate, 4, 4, 0, 0, 0, 1.20, 0.36);
        assertArm(window.getBaseline(), baseline, 1, 1, 0, 0, 0, 5.00, 25.0);

        Alert alert = single(alertsOut.readValuesToList());
        assertBreakerAlert(alert, "r-budget", window, at);
        assertThat(alert.getMessage()).isEqualTo(abort.getReason());

        RolloutProgress progress = progress();
        assertThat(progress.getStatus()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(progress.getCandidateSpendUsd()).isCloseTo(1.20, within(1e-9));
        assertThat(progress.getLastDecision()).startsWith("ABORT BUDGET_EXCEEDED: breaker: candidate spend $1.20");
    }

    @Test
    void one_candidate_task_over_its_spend_ceiling_aborts_on_that_single_run() {
        // Given a rollout with a $0.50 per-task ceiling
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-task", slowPlan(), guardrails(), budgets(100.0, 0.50, null, null)), T0);

        // When a baseline task goes over it (not the candidate's) and candidate tasks stay at it
        pipe(run("b-1", baseline, RunOutcome.SUCCEEDED, false, 0.90, 100, T0.plusSeconds(1)));
        pipe(run("c-1", candidate, RunOutcome.SUCCEEDED, false, 0.50, 100, T0.plusSeconds(2)));
        assertThat(commandsOut.isEmpty()).as("a value equal to the ceiling is allowed").isTrue();

        // When one candidate task costs $0.75, its outcome still pending
        pipe(run("c-2", candidate, RunOutcome.PENDING, null, 0.75, 100, T0.plusSeconds(3)));

        // Then that single run aborts
        Instant at = T0.plusSeconds(3);
        RolloutCommand abort = single(commandsOut.readValuesToList());
        assertCommand(abort, "r-task", 0, CommandType.ABORT, null, at);
        assertThat(abort.getReason()).isEqualTo("breaker: one task spent $0.7500, over the per-task ceiling $0.5000");
        CanaryWindow window = single(metricsOut.readValuesToList());
        assertThat(abort.getSnapshot()).isEqualTo(window);
        assertArm(window.getCanary(), candidate, 1, 1, 0, 0, 1, 0.50, 0.25);
        assertBreakerAlert(single(alertsOut.readValuesToList()), "r-task", window, at);

        RolloutProgress progress = progress();
        assertThat(progress.getStatus()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(progress.getLargestTaskSpendUsd()).isEqualTo(0.75);
        assertThat(progress.getLastDecision()).startsWith("ABORT TASK_SPEND_CEILING");
    }

    @Test
    void a_canary_error_rate_over_the_limit_aborts_once_the_canary_has_its_burn_in() {
        // Given a rollout with the default 20 % error limit and a 30-task burn-in
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-errors", slowPlan(), guardrails(), budgets()), T0);

        // When the first 7 candidate tasks all err and the next 22 succeed
        Instant at = T0;
        for (int i = 1; i <= 29; i++) {
            at = T0.plusSeconds(i);
            pipe(run("c-" + i, candidate, i <= 7 ? RunOutcome.ERROR : RunOutcome.SUCCEEDED, false, 0.01, 100, at));
        }
        // Then nothing trips before the burn-in, even at a 100 % error rate
        assertThat(commandsOut.isEmpty()).isTrue();
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.RUNNING);

        // When the 30th task arrives: 7 of 30 = 23.3 %
        at = T0.plusSeconds(30);
        pipe(run("c-30", candidate, RunOutcome.SUCCEEDED, false, 0.01, 100, at));

        // Then ABORT on the error rate
        RolloutCommand abort = single(commandsOut.readValuesToList());
        assertCommand(abort, "r-errors", 0, CommandType.ABORT, null, at);
        assertThat(abort.getReason()).isEqualTo("breaker: canary error rate 23.3% (7 of 30 tasks) over the limit 20.0%");
        CanaryWindow window = single(metricsOut.readValuesToList());
        assertArm(window.getCanary(), candidate, 30, 23, 0, 7, 0, 0.30, 0.003);
        assertBreakerAlert(single(alertsOut.readValuesToList()), "r-errors", window, at);
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(progress().getLastDecision()).startsWith("ABORT ERROR_RATE_LIMIT");
    }

    @Test
    void a_canary_intervention_rate_over_the_limit_aborts_once_the_canary_has_its_burn_in() {
        // Given a rollout whose intervention limit is 30 %
        Guardrails limits = Guardrails.newBuilder(guardrails()).setMaxInterventionRate(0.30).build();
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-interventions", slowPlan(), limits, budgets()), T0);

        // When a human steps into the first 10 candidate tasks, then into none of the next 19
        Instant at = T0;
        for (int i = 1; i <= 29; i++) {
            at = T0.plusSeconds(i);
            pipe(run("c-" + i, candidate, RunOutcome.SUCCEEDED, i <= 10, 0.01, 100, at));
        }
        assertThat(commandsOut.isEmpty()).as("no limit before the burn-in").isTrue();

        // When the 30th task arrives: 10 of 30 = 33.3 %
        at = T0.plusSeconds(30);
        pipe(run("c-30", candidate, RunOutcome.SUCCEEDED, false, 0.01, 100, at));

        // Then ABORT on the intervention rate
        RolloutCommand abort = single(commandsOut.readValuesToList());
        assertCommand(abort, "r-interventions", 0, CommandType.ABORT, null, at);
        assertThat(abort.getReason())
                .isEqualTo("breaker: canary intervention rate 33.3% (10 of 30 tasks) over the limit 30.0%");
        CanaryWindow window = single(metricsOut.readValuesToList());
        assertArm(window.getCanary(), candidate, 30, 30, 10, 0, 0, 0.30, 0.003);
        assertBreakerAlert(single(alertsOut.readValuesToList()), "r-interventions", window, at);
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(progress().getLastDecision()).startsWith("ABORT INTERVENTION_RATE_LIMIT");
    }

    @Test
    void a_candidate_task_rate_over_its_ceiling_aborts() {
        // Given a ceiling of 5 candidate tasks per minute
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-rate", slowPlan(), guardrails(), budgets(100.0, 10.0, 5.0, null)), T0);

        // When 5 candidate tasks complete within the first minute (and baseline tasks, which do not count)
        for (int i = 1; i <= 5; i++) {
            pipe(run("b-" + i, baseline, RunOutcome.SUCCEEDED, false, 0.01, 100, T0.plusSeconds(4L * i)));
            pipe(run("c-" + i, candidate, RunOutcome.SUCCEEDED, false, 0.01, 100, T0.plusSeconds(4L * i + 1)));
        }
        assertThat(commandsOut.isEmpty()).as("at the ceiling is not over it").isTrue();

        // When a sixth arrives in the same minute
        Instant at = T0.plusSeconds(30);
        pipe(run("c-6", candidate, RunOutcome.SUCCEEDED, false, 0.01, 100, at));

        // Then ABORT on the task rate
        RolloutCommand abort = single(commandsOut.readValuesToList());
        assertCommand(abort, "r-rate", 0, CommandType.ABORT, null, at);
        assertThat(abort.getReason()).isEqualTo("breaker: candidate task rate 6.0/min over the ceiling 5.0/min");
        CanaryWindow window = single(metricsOut.readValuesToList());
        assertArm(window.getCanary(), candidate, 6, 6, 0, 0, 0, 0.06, 0.0006);
        assertBreakerAlert(single(alertsOut.readValuesToList()), "r-rate", window, at);
        RolloutProgress progress = progress();
        assertThat(progress.getStatus()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(progress.getRateWindowTasks()).isEqualTo(6);
        assertThat(progress.getLastDecision()).startsWith("ABORT TASK_RATE_CEILING");
    }

    @Test
    void a_candidate_spend_rate_over_its_ceiling_aborts() {
        // Given a ceiling of $1.00 candidate spend per minute
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-spend-rate", slowPlan(), guardrails(), budgets(100.0, 10.0, null, 1.0)),
                T0);

        // When $0.90, then $0.30 more, is spent within one minute
        for (int i = 1; i <= 3; i++) {
            pipe(run("c-" + i, candidate, RunOutcome.SUCCEEDED, false, 0.30, 100, T0.plusSeconds(10L * i)));
        }
        assertThat(commandsOut.isEmpty()).isTrue();
        Instant at = T0.plusSeconds(40);
        pipe(run("c-4", candidate, RunOutcome.SUCCEEDED, false, 0.30, 100, at));

        // Then ABORT on the spend rate
        RolloutCommand abort = single(commandsOut.readValuesToList());
        assertCommand(abort, "r-spend-rate", 0, CommandType.ABORT, null, at);
        assertThat(abort.getReason()).isEqualTo("breaker: candidate spend rate $1.20/min over the ceiling $1.00/min");
        CanaryWindow window = single(metricsOut.readValuesToList());
        assertBreakerAlert(single(alertsOut.readValuesToList()), "r-spend-rate", window, at);
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(progress().getLastDecision()).startsWith("ABORT SPEND_RATE_CEILING");
    }

    // ---- 4. regression ----

    @Test
    void a_candidate_clearly_less_successful_than_the_baseline_is_aborted_as_a_regression() {
        // Given a single judged step that cannot pass on time, so only a test can end it
        List<RolloutStep> plan = List.of(step(50, 1000, Duration.ofHours(1), Duration.ofHours(2)), promotion());
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-regress", plan, guardrails(), budgets()), T0);

        // When the baseline succeeds 95 % of the time and the candidate 60 %, interleaved
        successRegression();

        // Then exactly one ABORT, taken on the success test after the burn-in
        RolloutCommand abort = single(commandsOut.readValuesToList());
        assertThat(abort.getType()).isEqualTo(CommandType.ABORT);
        assertThat(abort.getCommandId()).isEqualTo(commandId("r-regress", 0, CommandType.ABORT));
        assertThat(abort.getReason()).startsWith("regression: success rate canary").contains("vs baseline");
        CanaryWindow window = abort.getSnapshot();
        assertThat(window.getCanary().getTasks()).isBetween(30L, 299L);
        assertThat(window.getBaseline().getTasks()).isGreaterThanOrEqualTo(30L);
        assertThat((double) window.getCanary().getSuccesses() / window.getCanary().getTasks())
                .isLessThan((double) window.getBaseline().getSuccesses() / window.getBaseline().getTasks() - 0.2);
        assertThat(single(metricsOut.readValuesToList())).isEqualTo(window);

        Alert alert = single(alertsOut.readValuesToList());
        assertThat(alert.getReason()).isEqualTo(AlertReason.REGRESSION);
        assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.getMessage()).isEqualTo(abort.getReason());
        assertThat(alert.getMetrics()).isEqualTo(window);
        assertThat(alert.getDiff().getChangedParts()).containsExactly(PartKind.PROMPTS);

        RolloutProgress progress = progress();
        assertThat(progress.getStatus()).isEqualTo(RolloutStatus.ABORTED);
        assertThat(progress.getLastDecision()).startsWith("ABORT SUCCESS_REGRESSION: regression: success rate canary");
        assertThat(progress.getCanary()).as("frozen at the decision").isEqualTo(window.getCanary());
    }

    // ---- 5. ramp ----

    @Test
    void an_equal_candidate_passing_min_tasks_and_min_time_ramps_to_the_next_weight() {
        // Given 5 % → 25 % → 100 %, each judged step needing 30 tasks and 5 minutes
        List<RolloutStep> plan = List.of(step(5, 30, Duration.ofMinutes(5), Duration.ofHours(1)),
                step(25, 30, Duration.ofMinutes(5), Duration.ofHours(1)), promotion());
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-ramp", plan, guardrails(), budgets()), T0);

        // When both arms serve 30 tasks of the same quality within the first minute
        SplittableRandom random = new SplittableRandom(7);
        Traffic base = new Traffic(random, "b-", baseline, 0.9, 0.05, 0.02);
        Traffic cand = new Traffic(random, "c-", candidate, 0.9, 0.05, 0.02);
        pipeBoth(base, cand, 30, T0.plusSeconds(1));

        // Then enough tasks alone do not ramp
        tickAt(T0.plusSeconds(4 * 60 + 59));
        assertThat(commandsOut.isEmpty()).isTrue();
        CanaryWindow before = single(metricsOut.readValuesToList());
        assertThat(before.getCanary().getTasks()).isEqualTo(30);
        assertThat(before.getBaseline().getTasks()).isEqualTo(30);

        // When the step's min time passes
        Instant rampAt = T0.plus(Duration.ofMinutes(5));
        tickAt(rampAt);

        // Then RAMP to the next step's weight, with a deterministic id and the window it was decided on
        RolloutCommand ramp = single(commandsOut.readValuesToList());
        assertCommand(ramp, "r-ramp", 0, CommandType.RAMP, 25, rampAt);
        assertThat(ramp.getReason()).startsWith("step 1/2 (5%) passed clean").endsWith("ramp to 25%");
        CanaryWindow window = single(metricsOut.readValuesToList());
        assertThat(ramp.getSnapshot()).isEqualTo(window);
        assertThat(window.getStep()).isZero();
        assertThat(window.getWeightPercent()).isEqualTo(5);
        assertThat(window.getCanary()).isEqualTo(before.getCanary());
        assertThat(alertsOut.isEmpty()).isTrue();

        // And the progress moves to step 1 with both arms reset
        RolloutProgress progress = progress();
        assertThat(progress.getStatus()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(progress.getStep()).isEqualTo(1);
        assertThat(JudgeMapping.stepStartedAt(progress)).isEqualTo(rampAt);
        assertArm(progress.getBaseline(), baseline, 0, 0, 0, 0, 0, 0.0, 0.0);
        assertArm(progress.getCanary(), candidate, 0, 0, 0, 0, 0, 0.0, 0.0);
        assertThat(progress.getHoldRaised()).isFalse();
        assertThat(progress.getLastDecision()).startsWith("RAMP STEP_PASSED");

        // And a run started under the old weight is not pooled into the new step (its spend still counts)
        double spend = progress.getCandidateSpendUsd();
        pipe(RunCompleted.newBuilder(run("c-straddle", candidate, RunOutcome.FAILED, true, 0.05, 2000,
                rampAt.plusSeconds(1))).setStartedAt(rampAt.minusSeconds(1)).build());
        tickAt(rampAt.plusSeconds(2));
        assertArm(progress().getCanary(), candidate, 0, 0, 0, 0, 0, 0.0, 0.0);
        assertThat(progress().getCandidateSpendUsd()).isCloseTo(spend + 0.05, within(1e-9));
        assertThat(metricsOut.isEmpty()).as("nothing counted, nothing to publish").isTrue();
        assertThat(commandsOut.isEmpty()).isTrue();
    }

    // ---- 6. promote ----

    @Test
    void an_equal_candidate_ramps_through_every_step_and_is_promoted_after_the_last() {
        // Given the default plan's weights 1 → 5 → 25 → 50 → 100 %, and an equal candidate (99 % success, 1 %
        // interventions in both arms): passing 30 tasks per arm ramps, but the last judged step promotes only on
        // evidence of non-inferiority at the 2-point margins, which takes about a thousand tasks per arm
        List<RolloutStep> plan = List.of(step(1, 30, Duration.ofMinutes(5), Duration.ofHours(1)),
                step(5, 30, Duration.ofMinutes(5), Duration.ofHours(1)),
                step(25, 30, Duration.ofMinutes(5), Duration.ofHours(1)),
                step(50, 300, Duration.ofMinutes(5), Duration.ofHours(1)), promotion());
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-promote", plan, guardrails(), budgets()), T0);
        SplittableRandom random = new SplittableRandom(2026);
        Traffic base = new Traffic(random, "b-", baseline, 0.99, 0.01, 0.02);
        Traffic cand = new Traffic(random, "c-", candidate, 0.99, 0.01, 0.02);

        // When each judged step below the last gets 30 equal tasks per arm and its 5 minutes
        Instant stepStart = T0;
        int[] nextWeights = {5, 25, 50};
        for (int k = 0; k < nextWeights.length; k++) {
            pipeBoth(base, cand, 30, stepStart.plusSeconds(1));
            stepStart = stepStart.plus(Duration.ofMinutes(5));
            tickAt(stepStart);

            // Then each ramps to the next weight
            RolloutCommand ramp = single(commandsOut.readValuesToList());
            assertCommand(ramp, "r-promote", k, CommandType.RAMP, nextWeights[k], stepStart);
            assertThat(progress().getStep()).isEqualTo(k + 1);
            assertThat(JudgeMapping.stepStartedAt(progress())).isEqualTo(stepStart);
        }

        // When the last judged step gets 1000 equal tasks per arm and its 5 minutes
        pipeBoth(base, cand, 1000, stepStart.plusSeconds(1));
        Instant promoteAt = stepStart.plus(Duration.ofMinutes(5));
        tickAt(promoteAt);

        // Then PROMOTE, with the evidence and the last step's window
        RolloutCommand promote = single(commandsOut.readValuesToList());
        assertCommand(promote, "r-promote", 3, CommandType.PROMOTE, null, promoteAt);
        assertThat(promote.getReason()).startsWith("last step 4/4 (50%) passed with evidence")
                .contains("success non-inferior", "intervention non-inferior", "cost non-inferior")
                .endsWith("promote to 100%");
        List<CanaryWindow> windows = metricsOut.readValuesToList();
        assertThat(windows).as("one window per decision: three RAMPs and the PROMOTE").hasSize(4);
        CanaryWindow last = windows.get(windows.size() - 1);
        assertThat(promote.getSnapshot()).isEqualTo(last);
        assertThat(last.getStep()).isEqualTo(3);
        assertThat(last.getWeightPercent()).isEqualTo(50);
        assertThat(last.getCanary().getTasks()).isEqualTo(1000);
        assertThat(alertsOut.isEmpty()).isTrue();

        RolloutProgress progress = progress();
        assertThat(progress.getStatus()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(progress.getStep()).isEqualTo(3);
        assertThat(progress.getLastDecision()).startsWith("PROMOTE PLAN_COMPLETE");

        // And nothing follows a promotion
        pipe(cand.next(promoteAt.plusSeconds(1)));
        tickAt(promoteAt.plusSeconds(10));
        assertThat(commandsOut.isEmpty()).isTrue();
        assertThat(metricsOut.isEmpty()).isTrue();
    }

    // ---- 7. hold ----

    @Test
    void a_step_reaching_its_max_time_without_enough_data_holds_once_with_an_alert() {
        // Given a step needing 30 tasks per arm within 30 minutes, which gets only 10
        List<RolloutStep> plan = List.of(step(5, 30, Duration.ofMinutes(5), Duration.ofMinutes(30)),
                step(25, 30, Duration.ofMinutes(5), Duration.ofHours(1)), promotion());
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-hold", plan, guardrails(), budgets()), T0);
        SplittableRandom random = new SplittableRandom(11);
        pipeBoth(new Traffic(random, "b-", baseline, 0.9, 0.05, 0.02),
                new Traffic(random, "c-", candidate, 0.9, 0.05, 0.02), 10, T0.plusSeconds(1));
        tickAt(T0.plusSeconds(30));
        CanaryWindow data = single(metricsOut.readValuesToList());
        tickAt(T0.plus(Duration.ofMinutes(30)).minusSeconds(1));
        assertThat(commandsOut.isEmpty()).isTrue();

        // When the max time passes
        Instant holdAt = T0.plus(Duration.ofMinutes(30));
        tickAt(holdAt);

        // Then one HOLD command and one HOLD alert, both with the window
        RolloutCommand hold = single(commandsOut.readValuesToList());
        assertCommand(hold, "r-hold", 0, CommandType.HOLD, null, holdAt);
        assertThat(hold.getReason()).startsWith("step 1/2 (5%) reached its max time without enough data");
        CanaryWindow window = single(metricsOut.readValuesToList());
        assertThat(hold.getSnapshot()).isEqualTo(window);
        assertThat(window.getCanary()).isEqualTo(data.getCanary());
        assertThat(window.getWindowEnd()).isEqualTo(holdAt);

        Alert alert = single(alertsOut.readValuesToList());
        assertThat(alert.getReason()).isEqualTo(AlertReason.HOLD);
        assertThat(alert.getSeverity()).isEqualTo(Severity.WARNING);
        assertThat(alert.getRolloutId()).isEqualTo("r-hold");
        assertThat(alert.getMessage()).isEqualTo(hold.getReason());
        assertThat(alert.getMetrics()).isEqualTo(window);
        assertThat(alert.getDiff().getChangedParts()).containsExactly(PartKind.PROMPTS);
        assertThat(alert.getRaisedAt()).isEqualTo(holdAt);

        RolloutProgress progress = progress();
        assertThat(progress.getStatus()).isEqualTo(RolloutStatus.HELD);
        assertThat(progress.getHoldRaised()).isTrue();
        assertThat(progress.getStep()).isZero();
        assertThat(progress.getLastDecision()).startsWith("HOLD STEP_TIMED_OUT");

        // And later ticks (and a late run) repeat neither
        tickAt(holdAt.plusSeconds(1));
        pipe(run("c-late", candidate, RunOutcome.SUCCEEDED, false, 0.02, 100, holdAt.plusSeconds(2)));
        tickAt(holdAt.plus(Duration.ofMinutes(15)));
        tickAt(holdAt.plus(Duration.ofHours(2)));
        assertThat(commandsOut.isEmpty()).isTrue();
        assertThat(alertsOut.isEmpty()).isTrue();
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.HELD);
        assertThat(progress().getCanary().getTasks()).isEqualTo(11);
    }

    @Test
    void a_hold_publishes_its_window_once() {
        // Given a step that gets a few runs and no tick before its max time
        List<RolloutStep> plan = List.of(step(5, 30, Duration.ofMinutes(5), Duration.ofMinutes(30)), promotion());
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-hold-window", plan, guardrails(), budgets()), T0);
        pipe(run("b-1", baseline, RunOutcome.SUCCEEDED, false, 0.02, 100, T0.plusSeconds(5)));
        pipe(run("c-1", candidate, RunOutcome.SUCCEEDED, false, 0.02, 100, T0.plusSeconds(6)));

        // When the first tick comes at the max time
        tickAt(T0.plus(Duration.ofMinutes(30)));

        // Then HOLD, and the window it was decided on is published once, as RAMP, PROMOTE and ABORT do
        RolloutCommand hold = single(commandsOut.readValuesToList());
        assertThat(hold.getType()).isEqualTo(CommandType.HOLD);
        single(alertsOut.readValuesToList());
        assertThat(metricsOut.readValuesToList()).containsExactly(hold.getSnapshot());
        assertThat(progress().getWindowDirty()).isFalse();
    }

    @Test
    void a_held_step_records_its_hold_once_not_on_every_tick() {
        // Given a step held at its max time
        List<RolloutStep> plan = List.of(step(5, 30, Duration.ofMinutes(5), Duration.ofMinutes(30)), promotion());
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-held", plan, guardrails(), budgets()), T0);
        pipe(run("c-1", candidate, RunOutcome.SUCCEEDED, false, 0.02, 100, T0.plusSeconds(5)));
        tickAt(T0.plus(Duration.ofMinutes(30)));
        assertThat(single(commandsOut.readValuesToList()).getType()).isEqualTo(CommandType.HOLD);
        RolloutProgress held = progress();

        // When later ticks find the step still without enough data
        tickAt(T0.plus(Duration.ofMinutes(30)).plusSeconds(1));
        tickAt(T0.plus(Duration.ofMinutes(45)));

        // Then no new decision is recorded: the store keeps the HOLD as it was taken
        assertThat(commandsOut.isEmpty()).isTrue();
        assertThat(progress().getLastDecision()).isEqualTo(held.getLastDecision());
        assertThat(progress()).isEqualTo(held);
    }

    // ---- 8. operator commands ----

    @Test
    void pause_stops_decisions_even_when_a_breaker_would_trip_and_resume_restarts_them() {
        // Given a running rollout with a $0.50 per-task ceiling
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-pause", slowPlan(), guardrails(), budgets(100.0, 0.50, null, null)), T0);

        // When a PAUSE for another rollout arrives, it is ignored; the operator's PAUSE for this one applies
        commandsIn.pipeInput(DEPLOYMENT, operator("op-0", "r-older", CommandType.PAUSE, T0.plusSeconds(5)), T0.plusSeconds(5));
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.RUNNING);
        commandsIn.pipeInput(DEPLOYMENT, operator("op-1", "r-pause", CommandType.PAUSE, T0.plusSeconds(10)), T0.plusSeconds(10));
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.PAUSED);

        // When a candidate task goes over its ceiling while paused, and ticks pass
        pipe(run("c-1", candidate, RunOutcome.SUCCEEDED, false, 0.90, 100, T0.plusSeconds(20)));
        tickAt(T0.plusSeconds(25));
        tickAt(T0.plusSeconds(30));

        // Then no decision: the run is still tallied and published, the rollout stays paused
        assertThat(commandsOut.isEmpty()).isTrue();
        assertThat(alertsOut.isEmpty()).isTrue();
        assertArm(single(metricsOut.readValuesToList()).getCanary(), candidate, 1, 1, 0, 0, 0, 0.90, 0.81);
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(progress().getLargestTaskSpendUsd()).isEqualTo(0.90);
        assertThat(progress().getLastDecision()).isNull();

        // When the operator resumes
        commandsIn.pipeInput(DEPLOYMENT, operator("op-2", "r-pause", CommandType.RESUME, T0.plusSeconds(40)),
                T0.plusSeconds(40));
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.RUNNING);
        Instant abortAt = T0.plusSeconds(41);
        tickAt(abortAt);

        // Then the next tick judges again and the breaker trips
        RolloutCommand abort = single(commandsOut.readValuesToList());
        assertCommand(abort, "r-pause", 0, CommandType.ABORT, null, abortAt);
        assertThat(abort.getReason()).contains("one task spent $0.9000, over the per-task ceiling $0.5000");
        CanaryWindow window = single(metricsOut.readValuesToList());
        assertBreakerAlert(single(alertsOut.readValuesToList()), "r-pause", window, abortAt);
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.ABORTED);
    }

    @Test
    void a_rollback_finishes_the_rollout_and_later_runs_are_ignored() {
        // Given a running rollout with some runs
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-rollback", slowPlan(), guardrails(), budgets(100.0, 0.50, null, null)),
                T0);
        pipe(run("b-1", baseline, RunOutcome.SUCCEEDED, false, 0.10, 100, T0.plusSeconds(1)));
        pipe(run("c-1", candidate, RunOutcome.FAILED, true, 0.10, 100, T0.plusSeconds(2)));
        pipe(run("c-2", candidate, RunOutcome.PENDING, null, 0.10, 100, T0.plusSeconds(3)));
        tickAt(T0.plusSeconds(5));
        metricsOut.readValuesToList();
        RolloutProgress before = progress();

        // When an operator rolls back (no rollout id: whatever is running)
        commandsIn.pipeInput(DEPLOYMENT, operator("op-1", null, CommandType.ROLLBACK, T0.plusSeconds(10)), T0.plusSeconds(10));

        // Then the rollout is finished
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.ROLLED_BACK);

        // When runs (one over every ceiling), feedback and ticks follow
        pipe(run("c-3", candidate, RunOutcome.ERROR, true, 99.0, 100, T0.plusSeconds(20)));
        pipe(run("b-2", baseline, RunOutcome.SUCCEEDED, false, 0.10, 100, T0.plusSeconds(21)));
        feedbackIn.pipeInput(DEPLOYMENT, feedback("c-2", true, false, T0.plusSeconds(22)), T0.plusSeconds(22));
        tickAt(T0.plusSeconds(30));
        tickAt(T0.plus(Duration.ofHours(3)));

        // Then they are ignored: no tally, no window, no command, no alert
        RolloutProgress after = progress();
        assertThat(after.getStatus()).isEqualTo(RolloutStatus.ROLLED_BACK);
        assertThat(after.getBaseline()).isEqualTo(before.getBaseline());
        assertThat(after.getCanary()).isEqualTo(before.getCanary());
        assertThat(after.getCandidateSpendUsd()).isEqualTo(before.getCandidateSpendUsd());
        assertThat(after.getLastDecision()).isNull();
        assertThat(pendingStore.get("c-3")).isNull();
        assertThat(metricsOut.isEmpty()).isTrue();
        assertThat(commandsOut.isEmpty()).isTrue();
        assertThat(alertsOut.isEmpty()).isTrue();
    }

    // ---- 9. no repeated decision ----

    @Test
    void after_an_abort_further_runs_and_ticks_produce_no_further_decision() {
        // Given a rollout aborted by its per-task ceiling
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-once", slowPlan(), guardrails(), budgets(100.0, 0.50, null, null)), T0);
        pipe(run("c-1", candidate, RunOutcome.SUCCEEDED, false, 0.80, 100, T0.plusSeconds(1)));
        RolloutCommand abort = single(commandsOut.readValuesToList());
        assertThat(abort.getType()).isEqualTo(CommandType.ABORT);
        single(alertsOut.readValuesToList());
        metricsOut.readValuesToList();
        RolloutProgress aborted = progress();

        // When more runs arrive, each over the ceilings, with feedback and ticks
        for (int i = 2; i <= 50; i++) {
            pipe(run("c-" + i, candidate, RunOutcome.ERROR, true, 5.0, 100, T0.plusSeconds(i)));
            pipe(run("b-" + i, baseline, RunOutcome.SUCCEEDED, false, 0.10, 100, T0.plusSeconds(i)));
        }
        tickAt(T0.plusSeconds(60));
        tickAt(T0.plus(Duration.ofHours(3)));

        // Then no further command, alert or window; the progress is as the abort left it
        assertThat(commandsOut.isEmpty()).isTrue();
        assertThat(alertsOut.isEmpty()).isTrue();
        assertThat(metricsOut.isEmpty()).isTrue();
        assertThat(progress()).isEqualTo(aborted);
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.ABORTED);
    }

    @Test
    void an_aborted_candidate_retried_as_a_fresh_rollout_is_judged_from_fresh_tallies() {
        // Given a rollout of the candidate aborted by its per-task ceiling after a few runs
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-first", slowPlan(), guardrails(), budgets(100.0, 0.50, null, null)), T0);
        pipe(run("b-1", baseline, RunOutcome.SUCCEEDED, false, 0.10, 100, T0.plusSeconds(1)));
        pipe(run("c-1", candidate, RunOutcome.SUCCEEDED, false, 0.80, 100, T0.plusSeconds(2)));
        assertThat(single(commandsOut.readValuesToList()).getType()).isEqualTo(CommandType.ABORT);
        alertsOut.readValuesToList();
        metricsOut.readValuesToList();

        // When the same candidate is started again, as a new rollout with higher ceilings
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-retry", slowPlan(), guardrails(), budgets()), T0.plusSeconds(60));
        pipe(run("c-2", candidate, RunOutcome.SUCCEEDED, false, 0.80, 100, T0.plusSeconds(61)));
        tickAt(T0.plusSeconds(62));

        // Then it is judged afresh: running, its own tallies and spend only, no decision carried over
        RolloutProgress retry = progress();
        assertThat(retry.getRolloutId()).isEqualTo("r-retry");
        assertThat(retry.getStatus()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(retry.getStep()).isZero();
        assertThat(retry.getCanary().getTasks()).isEqualTo(1);
        assertThat(retry.getBaseline().getTasks()).isZero();
        assertThat(retry.getCandidateSpendUsd()).isCloseTo(0.80, within(1e-9));
        assertThat(commandsOut.isEmpty()).isTrue();
    }

    // ---- after the verdict: freeze instead of abort ----

    @Test
    void a_rollout_that_asked_to_freeze_holds_at_its_weight_and_pages_once_instead_of_aborting() {
        List<RolloutStep> plan = List.of(step(50, 1000, Duration.ofHours(1), Duration.ofHours(2)), promotion());
        rolloutsIn.pipeInput(DEPLOYMENT, RolloutStarted.newBuilder(rollout("r-freeze", plan, guardrails(), budgets()))
                .setOnRegression(dev.slipway.events.RegressionPolicy.FREEZE).build(), T0);
        Instant at = successRegression();
        tickAt(at.plusSeconds(5));

        // Then one HOLD (the route keeps its weight), one critical page naming the regression, and no ABORT
        RolloutCommand hold = single(commandsOut.readValuesToList());
        assertThat(hold.getType()).isEqualTo(CommandType.HOLD);
        assertThat(hold.getReason()).startsWith("frozen at the current weight instead of aborting")
                .contains("regression: success rate canary");
        Alert page = single(alertsOut.readValuesToList());
        assertThat(page.getReason()).isEqualTo(AlertReason.REGRESSION);
        assertThat(page.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.HELD);
        assertThat(progress().getLastDecision()).startsWith("HOLD (frozen instead of ABORT) SUCCESS_REGRESSION");
    }

    @Test
    void a_frozen_rollout_still_aborts_on_a_spend_breaker() {
        rolloutsIn.pipeInput(DEPLOYMENT, RolloutStarted.newBuilder(rollout("r-freeze-spend", slowPlan(), guardrails(),
                budgets(100.0, 0.50, null, null))).setOnRegression(dev.slipway.events.RegressionPolicy.FREEZE).build(), T0);

        pipe(run("c-1", candidate, RunOutcome.SUCCEEDED, false, 0.80, 100, T0.plusSeconds(1)));

        assertThat(single(commandsOut.readValuesToList()).getType()).as("money is never frozen").isEqualTo(CommandType.ABORT);
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.ABORTED);
    }

    // ---- after the verdict: the bake ----

    /** A one-step plan promoted on 1,000 equal tasks per arm; returns when the PROMOTE was decided. */
    private Instant promotedWithBake(String rolloutId) throws IOException {
        driver.close();
        start(Duration.ofMinutes(10));
        List<RolloutStep> plan = List.of(step(50, 300, Duration.ofMinutes(5), Duration.ofHours(1)), promotion());
        rolloutsIn.pipeInput(DEPLOYMENT, rollout(rolloutId, plan, guardrails(), budgets()), T0);
        SplittableRandom random = new SplittableRandom(7);
        pipeBoth(new Traffic(random, "b-", baseline, 0.99, 0.01, 0.02), new Traffic(random, "c-", candidate, 0.99, 0.01,
                0.02), 1000, T0.plusSeconds(1));
        Instant promoteAt = T0.plus(Duration.ofMinutes(5));
        tickAt(promoteAt);
        assertThat(single(commandsOut.readValuesToList()).getType()).isEqualTo(CommandType.PROMOTE);
        metricsOut.readValuesToList();
        return promoteAt;
    }

    @Test
    void after_a_promotion_the_bake_watches_the_new_stable_and_ends_promoted_when_nothing_trips() throws IOException {
        Instant promoteAt = promotedWithBake("r-bake-ok");
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.BAKING);
        // Our own PROMOTE read back does not end the bake
        commandsIn.pipeInput(DEPLOYMENT, RolloutCommand.newBuilder().setCommandId("echo").setDeployment(DEPLOYMENT)
                .setRolloutId("r-bake-ok").setType(CommandType.PROMOTE).setIssuedBy("canary-service")
                .setIssuedAt(promoteAt).build(), promoteAt.plusSeconds(1));
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.BAKING);

        for (int i = 0; i < 100; i++) {
            pipe(run("s-" + i, candidate, RunOutcome.SUCCEEDED, false, 0.02, 100, promoteAt.plusSeconds(10 + i)));
        }
        tickAt(promoteAt.plus(Duration.ofMinutes(9)));
        assertThat(progress().getStatus()).as("still baking at 9 minutes").isEqualTo(RolloutStatus.BAKING);
        assertThat(progress().getCanary().getTasks()).isEqualTo(100);

        tickAt(promoteAt.plus(Duration.ofMinutes(10)));
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.PROMOTED);
        assertThat(progress().getLastDecision()).startsWith("PROMOTE BAKED");
        assertThat(commandsOut.isEmpty()).isTrue();
        assertThat(alertsOut.isEmpty()).isTrue();
    }

    @Test
    void a_breaker_tripping_during_the_bake_rolls_back_to_last_good_with_a_page() throws IOException {
        Instant promoteAt = promotedWithBake("r-bake-trip");

        // The new stable fails at 100 % where it did not at 50 %: 12 errors in 40 tasks, over the 20 % limit
        for (int i = 0; i < 40; i++) {
            pipe(run("s-" + i, candidate, i < 12 ? RunOutcome.ERROR : RunOutcome.SUCCEEDED, false, 0.02, 100,
                    promoteAt.plusSeconds(10 + i)));
        }

        RolloutCommand rollback = single(commandsOut.readValuesToList());
        assertThat(rollback.getType()).isEqualTo(CommandType.ROLLBACK);
        assertThat(rollback.getRolloutId()).isEqualTo("r-bake-trip");
        assertThat(rollback.getReason()).contains("bake breaker", "error rate", "rolling back to last-good");
        Alert page = single(alertsOut.readValuesToList());
        assertThat(page.getReason()).isEqualTo(AlertReason.ROLLBACK);
        assertThat(page.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(progress().getStatus()).isEqualTo(RolloutStatus.ROLLED_BACK);

        // And nothing more comes of later runs or ticks
        pipe(run("s-99", candidate, RunOutcome.ERROR, false, 0.02, 100, promoteAt.plusSeconds(99)));
        tickAt(promoteAt.plus(Duration.ofMinutes(11)));
        assertThat(commandsOut.isEmpty()).isTrue();
    }

    // ---- bad input ----

    @Test
    void a_rollout_the_judge_cannot_run_does_not_stop_the_judging_of_other_deployments() {
        // Given a rollout with alpha 0.6, which the judge cannot run (it needs (0, 0.5))
        String other = "other-agent/prod";
        rolloutsIn.pipeInput(other, RolloutStarted.newBuilder(rollout("r-bad", slowPlan(),
                Guardrails.newBuilder().setAlpha(0.6).build(), budgets())).setDeployment(other).build(), T0);
        // And a healthy rollout on this deployment, with a run to publish
        rolloutsIn.pipeInput(DEPLOYMENT, rollout("r-good", slowPlan(), guardrails(), budgets()), T0);
        pipe(run("c-1", candidate, RunOutcome.SUCCEEDED, false, 0.02, 100, T0.plusSeconds(5)));

        // When the tick fires
        assertThatCode(() -> tickAt(T0.plusSeconds(10))).doesNotThrowAnyException();

        // Then the healthy deployment is still judged and published
        assertThat(metricsOut.readValuesToList()).extracting(CanaryWindow::getDeployment).contains(DEPLOYMENT);
        // and the bad rollout is not left running unjudged: its candidate is taken out and operators are told why
        RolloutProgress bad = progressStore.get(other);
        assertThat(bad.getStatus()).isEqualTo(RolloutStatus.ERROR);
        assertThat(commandsOut.readValuesToList()).filteredOn(c -> c.getDeployment().equals(other))
                .extracting(RolloutCommand::getType).containsExactly(CommandType.ABORT);
        assertThat(alertsOut.readValuesToList()).filteredOn(a -> a.getDeployment().equals(other))
                .extracting(Alert::getReason).containsExactly(AlertReason.ERROR);
    }

    // ---- fixtures ----

    /** Seeded traffic of one arm: success and intervention drawn at fixed rates, cost log-normal around a median. */
    private static final class Traffic {
        private final SplittableRandom random;
        private final String prefix;
        private final String digest;
        private final double successRate;
        private final double interventionRate;
        private final double medianCost;
        private int count;

        Traffic(SplittableRandom random, String prefix, String digest, double successRate, double interventionRate,
                double medianCost) {
            this.random = random;
            this.prefix = prefix;
            this.digest = digest;
            this.successRate = successRate;
            this.interventionRate = interventionRate;
            this.medianCost = medianCost;
        }

        RunCompleted next(Instant completedAt) {
            count++;
            boolean success = random.nextDouble() < successRate;
            boolean intervention = random.nextDouble() < interventionRate;
            double cost = medianCost * Math.exp(0.3 * random.nextGaussian());
            long latency = 500 + random.nextInt(1500);
            return run(prefix + count, digest, success ? RunOutcome.SUCCEEDED : RunOutcome.FAILED, intervention, cost,
                    latency, completedAt);
        }
    }

    /** {@code perArm} runs of each arm, alternating, 100 ms apart from {@code from}. */
    private void pipeBoth(Traffic base, Traffic cand, int perArm, Instant from) {
        Instant at = from;
        for (int i = 0; i < perArm; i++) {
            pipe(base.next(at));
            at = at.plusMillis(50);
            pipe(cand.next(at));
            at = at.plusMillis(50);
        }
    }

    /** 300 interleaved runs per arm, the baseline succeeding 95 % of the time and the candidate 60 %; the last run's time. */
    private Instant successRegression() {
        SplittableRandom random = new SplittableRandom(42);
        Traffic base = new Traffic(random, "b-", baseline, 0.95, 0.0, 0.02);
        Traffic cand = new Traffic(random, "c-", candidate, 0.60, 0.0, 0.02);
        Instant at = T0;
        for (int i = 0; i < 300; i++) {
            at = at.plusMillis(500);
            pipe(base.next(at));
            at = at.plusMillis(500);
            pipe(cand.next(at));
        }
        return at;
    }

    private void pipe(RunCompleted run) {
        runsIn.pipeInput(run.getDeployment(), run, run.getCompletedAt());
    }

    /** Moves the driver's wall clock to {@code at}, firing the tick punctuation once. */
    private void tickAt(Instant at) {
        Duration advance = Duration.between(wallClock, at);
        assertThat(advance).as("the wall clock only moves forward").isPositive();
        driver.advanceWallClockTime(advance);
        wallClock = at;
    }

    private RolloutProgress progress() {
        return progressStore.get(DEPLOYMENT);
    }

    private static RunCompleted run(String runId, String digest, RunOutcome outcome, Boolean intervention, double cost,
            long latencyMs, Instant completedAt) {
        return RunCompleted.newBuilder()
                .setRunId(runId)
                .setDeployment(DEPLOYMENT)
                .setDigest(digest)
                .setArm(digest.equals(candidate) ? Arm.CANARY : Arm.BASELINE)
                .setEpoch(2)
                .setTaskKey("task-" + runId)
                .setInputDigest("sha256:" + "a".repeat(64))
                .setWorkerId("worker-1")
                .setOutcome(outcome)
                .setHumanIntervention(intervention)
                .setCostUsd(cost)
                .setLatencyMs(latencyMs)
                .setStartedAt(completedAt.minusMillis(500))
                .setCompletedAt(completedAt)
                .build();
    }

    private static RunFeedback feedback(String runId, Boolean success, Boolean intervention, Instant at) {
        return RunFeedback.newBuilder()
                .setFeedbackId("fb-" + runId + "-" + at.toEpochMilli())
                .setRunId(runId)
                .setDeployment(DEPLOYMENT)
                .setSuccess(success)
                .setHumanIntervention(intervention)
                .setSource("helpdesk")
                .setOccurredAt(at)
                .build();
    }

    private static RolloutCommand operator(String commandId, String rolloutId, CommandType type, Instant at) {
        return RolloutCommand.newBuilder()
                .setCommandId(commandId)
                .setDeployment(DEPLOYMENT)
                .setRolloutId(rolloutId)
                .setType(type)
                .setReason("operator")
                .setIssuedBy("alice")
                .setIssuedAt(at)
                .build();
    }

    private static RolloutStarted rollout(String rolloutId, List<RolloutStep> plan, Guardrails guardrails,
            Budgets budgets) {
        return RolloutStarted.newBuilder()
                .setRolloutId(rolloutId)
                .setDeployment(DEPLOYMENT)
                .setCandidate(candidate)
                .setBaseline(baseline)
                .setPlan(plan)
                .setGuardrails(guardrails)
                .setBudgets(budgets)
                .setStartedBy("bob")
                .setStartedAt(T0)
                .build();
    }

    /** A plan whose first step can neither pass (1000 tasks, 1 h) nor time out (1 day) within a test. */
    private static List<RolloutStep> slowPlan() {
        return List.of(step(5, 1000, Duration.ofHours(1), Duration.ofDays(1)),
                step(25, 1000, Duration.ofHours(1), Duration.ofDays(1)), promotion());
    }

    private static RolloutStep step(int weight, int minTasks, Duration min, Duration max) {
        return RolloutStep.newBuilder()
                .setWeightPercent(weight)
                .setMinTasks(minTasks)
                .setMinDurationMs(min.toMillis())
                .setMaxDurationMs(max.toMillis())
                .build();
    }

    private static RolloutStep promotion() {
        return step(100, 0, Duration.ZERO, Duration.ZERO);
    }

    /** The schema's defaults: alpha 1 %, tolerances 2 points / 2 points / ×1.1, error limit 20 %, intervention 50 %. */
    private static Guardrails guardrails() {
        return Guardrails.newBuilder().build();
    }

    /** Ceilings no test reaches unless it means to. */
    private static Budgets budgets() {
        return budgets(1000.0, 100.0, null, null);
    }

    private static Budgets budgets(double maxCandidateSpend, double maxTaskSpend, Double maxTasksPerMinute,
            Double maxSpendPerMinute) {
        return Budgets.newBuilder()
                .setMaxCandidateSpendUsd(maxCandidateSpend)
                .setMaxTaskSpendUsd(maxTaskSpend)
                .setMaxTasksPerMinute(maxTasksPerMinute)
                .setMaxSpendUsdPerMinute(maxSpendPerMinute)
                .build();
    }

    private static String commandId(String rolloutId, int step, CommandType type) {
        return UUID.nameUUIDFromBytes((rolloutId + "/" + step + "/" + type).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static <T> T single(List<T> values) {
        assertThat(values).hasSize(1);
        return values.get(0);
    }

    private static void assertCommand(RolloutCommand command, String rolloutId, int step, CommandType type,
            Integer weight, Instant at) {
        assertThat(command.getType()).isEqualTo(type);
        assertThat(command.getCommandId()).as("derived from rollout, step and decision")
                .isEqualTo(commandId(rolloutId, step, type));
        assertThat(command.getDeployment()).isEqualTo(DEPLOYMENT);
        assertThat(command.getRolloutId()).isEqualTo(rolloutId);
        assertThat(command.getWeightPercent()).isEqualTo(weight);
        assertThat(command.getIssuedBy()).isEqualTo("canary-service");
        assertThat(command.getIssuedAt()).isEqualTo(at);
        assertThat(command.getSnapshot()).isNotNull();
        assertThat(command.getSnapshot().getStep()).isEqualTo(step);
    }

    private static void assertBreakerAlert(Alert alert, String rolloutId, CanaryWindow window, Instant at) {
        assertThat(alert.getReason()).isEqualTo(AlertReason.BREAKER_TRIPPED);
        assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.getDeployment()).isEqualTo(DEPLOYMENT);
        assertThat(alert.getRolloutId()).isEqualTo(rolloutId);
        assertThat(alert.getMessage()).startsWith("breaker: ");
        assertThat(alert.getMetrics()).isEqualTo(window);
        assertThat(alert.getRaisedAt()).isEqualTo(at);
        assertThat(alert.getDiff().getFromDigest()).isEqualTo(baseline);
        assertThat(alert.getDiff().getToDigest()).isEqualTo(candidate);
        assertThat(alert.getDiff().getChangedParts()).containsExactly(PartKind.PROMPTS);
        assertThat(alert.getDiff().getText()).contains("under 60 characters");
    }

    private static void assertArm(ArmMetrics arm, String digest, long tasks, long successes, long interventions,
            long errors, long pending, double costSum, double costSumSquares) {
        assertThat(arm.getDigest()).isEqualTo(digest);
        assertThat(arm.getTasks()).as("tasks").isEqualTo(tasks);
        assertThat(arm.getSuccesses()).as("successes").isEqualTo(successes);
        assertThat(arm.getInterventions()).as("interventions").isEqualTo(interventions);
        assertThat(arm.getErrors()).as("errors").isEqualTo(errors);
        assertThat(arm.getFeedbackPending()).as("feedbackPending").isEqualTo(pending);
        assertThat(arm.getCostSum()).as("costSum").isCloseTo(costSum, within(1e-9));
        assertThat(arm.getCostSumSquares()).as("costSumSquares").isCloseTo(costSumSquares, within(1e-9));
    }
}
