package dev.slipway.bench.throughput;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

import dev.slipway.canary.stream.CanaryTopology;
import dev.slipway.events.Alert;
import dev.slipway.events.CanaryWindow;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.RolloutProgress;
import dev.slipway.events.RolloutStarted;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunFeedback;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTestSerde;
import dev.slipway.testkit.RecordingDeadLetters;

/**
 * The throughput benchmark's workload does what its harness claims: every run is tallied, the two arms are equal, and
 * the judge never decides anything (no command, no alert), however many runs arrive.
 */
class ThroughputWorkloadTest {

    private static final String V1 = "sha256:" + "1".repeat(64);
    private static final String V2 = "sha256:" + "2".repeat(64);

    @Test
    void everyRunIsTalliedAndTheJudgeNeverDecides() {
        CanaryTopology.CanarySerdes serdes = new CanaryTopology.CanarySerdes(AvroTestSerde.of(RolloutStarted.class),
                AvroTestSerde.of(RunCompleted.class), AvroTestSerde.of(RunFeedback.class),
                AvroTestSerde.of(RolloutCommand.class), AvroTestSerde.of(CanaryWindow.class),
                AvroTestSerde.of(Alert.class), AvroTestSerde.of(ReleaseBuilt.class),
                AvroTestSerde.of(RolloutStarted.class), AvroTestSerde.of(RolloutProgress.class),
                AvroTestSerde.of(RunCompleted.class));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "throughput-workload");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        Instant t0 = Instant.parse("2026-11-20T09:00:00Z");
        try (TopologyTestDriver driver = new TopologyTestDriver(
                CanaryTopology.build(serdes, Duration.ofSeconds(1), Duration.ofMinutes(30), new RecordingDeadLetters()), props, t0)) {
            TestInputTopic<String, RolloutStarted> rollouts = driver.createInputTopic(Topics.ROLLOUTS.name(),
                    Serdes.String().serializer(), serdes.rollouts().serializer());
            TestInputTopic<String, RunCompleted> runs = driver.createInputTopic(Topics.RUNS.name(),
                    Serdes.String().serializer(), serdes.runs().serializer());
            RolloutStarted rollout = ThroughputBenchmark.rollout(release(V1), release(V2));
            rollouts.pipeInput(ThroughputBenchmark.DEPLOYMENT, rollout, t0);
            int n = 3_000;
            for (int i = 0; i < n; i++) {
                Instant at = t0.plusMillis(1 + i);
                runs.pipeInput(ThroughputBenchmark.DEPLOYMENT, ThroughputBenchmark.run(i, V1, V2, at), at);
                if (i % 500 == 0) {
                    driver.advanceWallClockTime(Duration.ofSeconds(1));
                }
            }
            KeyValueStore<String, RolloutProgress> store = driver.getKeyValueStore(CanaryTopology.PROGRESS_STORE);
            RolloutProgress progress = store.get(ThroughputBenchmark.DEPLOYMENT);
            assertThat(progress.getBaseline().getTasks() + progress.getCanary().getTasks()).isEqualTo(n);
            assertThat(progress.getCanary().getErrors()).isEqualTo(progress.getBaseline().getErrors()).isPositive();
            assertThat(progress.getCanary().getSuccesses()).isEqualTo(progress.getBaseline().getSuccesses());
            assertThat(progress.getCanary().getCostSum()).isEqualTo(progress.getBaseline().getCostSum());
            assertThat(progress.getCanary().getInterventions()).isEqualTo(progress.getBaseline().getInterventions()).isPositive();
            assertThat(progress.getStep()).isZero();
            assertThat(progress.getStatus().name()).isEqualTo("RUNNING");
            assertThat(driver.createOutputTopic(Topics.ROLLOUT_COMMANDS.name(), Serdes.String().deserializer(),
                    serdes.commands().deserializer()).readValuesToList()).isEmpty();
            assertThat(driver.createOutputTopic(Topics.ALERTS.name(), Serdes.String().deserializer(),
                    serdes.alerts().deserializer()).readValuesToList()).isEmpty();
        }
    }

    private static ReleaseBuilt release(String digest) {
        ReleaseBuilt release = new ReleaseBuilt();
        release.setDigest(digest);
        return release;
    }
}
