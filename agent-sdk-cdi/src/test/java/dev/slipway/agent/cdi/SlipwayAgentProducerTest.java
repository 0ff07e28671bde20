package dev.slipway.agent.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.slipway.agent.AgentRuntime;
import dev.slipway.agent.PinnedRelease;
import dev.slipway.agent.RunRecord;
import dev.slipway.agent.TaskContext;
import dev.slipway.agent.TaskRun;
import dev.slipway.agent.model.ModelReply;
import dev.slipway.agent.model.ModelRequest;
import dev.slipway.events.Topics;
import dev.slipway.testkit.SlipwayStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A Quarkus app injecting the SDK: the verified release, tasks through it, runs and heartbeats on the real broker. */
@QuarkusTest
@WithTestResource(SlipwayStackTestResource.class)
@WithTestResource(SignedReleaseAndProviderResource.class)
class SlipwayAgentProducerTest {

    @Inject
    AgentRuntime runtime;

    @Inject
    PinnedRelease release;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    List<ConsumerRecord<String, String>> records(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(java.util.Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> out = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(new ConsumerRecord<>(topic, r.partition(), r.offset(), r.key(),
                            r.value() == null ? "" : new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)));
                }
            }
            return out;
        }
    }

    @Test
    void theAppRunsTheVerifiedReleaseAndItsRunsAndHeartbeatsReachKafka() {
        assertThat(release.digest()).isEqualTo(SignedReleaseAndProviderResource.SAMPLE.digest());
        assertThat(runtime.release()).isSameAs(release);

        TaskRun task = runtime.begin(new TaskContext("support-triage/cdi", TaskContext.Arm.STABLE, 0, "cdi-1",
                "{\"subject\":\"Charged twice\"}".getBytes()));
        assertThat(runtime.inFlight()).isEqualTo(1);
        ModelReply reply = task.chat(new ModelRequest(List.of(new ModelRequest.Message("system", release.prompt("system")),
                new ModelRequest.Message("user", "Charged twice for May, please refund")), 256));
        RunRecord run = task.finish(RunRecord.Outcome.PENDING, null);

        assertThat(reply.content()).contains("billing");
        assertThat(runtime.inFlight()).isZero();
        // Read as bytes: this test app's class loading keeps the generated event classes apart from Quarkus's Avro;
        // Avro writes strings as UTF-8, so the ids are in the records' bytes.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(records(Topics.RUNS.name()))
                .anySatisfy(r -> {
                    assertThat(r.key()).isEqualTo("support-triage/cdi");
                    assertThat(r.value()).contains(run.runId(), release.digest(), runtime.workerId());
                }));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(records(Topics.WORKERS.name()))
                .anySatisfy(r -> {
                    assertThat(r.key()).isEqualTo(runtime.workerId());
                    assertThat(r.value()).contains(release.digest(), "http://127.0.0.1:9/tasks");
                }));
    }
}
