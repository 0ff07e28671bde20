package dev.slipway.canary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.slipway.events.Arm;
import dev.slipway.events.ArmMetrics;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunOutcome;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTestSerde;

class RunMetricsTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String DEPLOYMENT = "support-triage/prod";
    private static final String BASELINE = "sha256:" + "a".repeat(64);
    private static final String CANDIDATE = "sha256:" + "b".repeat(64);

    private TopologyTestDriver driver;
    private TestInputTopic<String, RunCompleted> runs;
    private KeyValueStore<String, ArmMetrics> store;

    @BeforeEach
    void setUp() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "canary-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, "target/streams-" + java.util.UUID.randomUUID());
        driver = new TopologyTestDriver(
                RunMetricsTopology.build(AvroTestSerde.of(RunCompleted.class), AvroTestSerde.of(ArmMetrics.class)), props);
        runs = driver.createInputTopic(Topics.RUNS.name(), Serdes.String().serializer(),
                AvroTestSerde.of(RunCompleted.class).serializer());
        store = driver.getKeyValueStore(RunMetricsTopology.ARM_METRICS_STORE);
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void aggregates_runs_per_release_side_by_side() {
        runs.pipeInput(DEPLOYMENT, run("r1", BASELINE, RunOutcome.SUCCEEDED, 0.10, false), T0);
        runs.pipeInput(DEPLOYMENT, run("r2", BASELINE, RunOutcome.FAILED, 0.30, true), T0.plusSeconds(1));
        runs.pipeInput(DEPLOYMENT, run("r3", CANDIDATE, RunOutcome.ERROR, 0.20, false), T0.plusSeconds(2));
        runs.pipeInput(DEPLOYMENT, run("r4", BASELINE, RunOutcome.PENDING, 0.40, false), T0.plusSeconds(3));

        ArmMetrics baseline = store.get(RunMetricsTopology.armKey(DEPLOYMENT, BASELINE));
        assertThat(baseline.getTasks()).isEqualTo(3);
        assertThat(baseline.getSuccesses()).isEqualTo(1);
        assertThat(baseline.getInterventions()).isEqualTo(1);
        assertThat(baseline.getFeedbackPending()).isEqualTo(1);
        assertThat(baseline.getCostSum()).isCloseTo(0.80, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(baseline.getCostSumSquares()).isCloseTo(0.01 + 0.09 + 0.16, org.assertj.core.data.Offset.offset(1e-9));

        ArmMetrics candidate = store.get(RunMetricsTopology.armKey(DEPLOYMENT, CANDIDATE));
        assertThat(candidate.getTasks()).isEqualTo(1);
        assertThat(candidate.getErrors()).isEqualTo(1);
        assertThat(candidate.getSuccesses()).isZero();
    }

    private static RunCompleted run(String id, String digest, RunOutcome outcome, double cost, boolean intervention) {
        return RunCompleted.newBuilder()
                .setRunId(id)
                .setDeployment(DEPLOYMENT)
                .setDigest(digest)
                .setArm(digest.equals(BASELINE) ? Arm.BASELINE : Arm.CANARY)
                .setEpoch(1)
                .setTaskKey("task-" + id)
                .setInputDigest("sha256:" + "c".repeat(64))
                .setWorkerId("worker-1")
                .setOutcome(outcome)
                .setHumanIntervention(intervention)
                .setCostUsd(cost)
                .setLatencyMs(1200)
                .setStartedAt(T0)
                .setCompletedAt(T0.plusMillis(1200))
                .build();
    }
}
