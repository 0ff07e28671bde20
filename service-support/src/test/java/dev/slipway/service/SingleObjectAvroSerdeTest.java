package dev.slipway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import dev.slipway.events.ArmMetrics;
import dev.slipway.events.RolloutProgress;
import dev.slipway.events.RolloutStatus;
import dev.slipway.events.RunFeedback;

/** {@link SingleObjectAvroSerde}: Avro's single-object encoding, byte for byte, for the services' state stores. */
class SingleObjectAvroSerdeTest {

    private static RunFeedback feedback(int i) {
        return RunFeedback.newBuilder()
                .setFeedbackId("fb-" + i)
                .setRunId("run-" + i)
                .setDeployment("support-triage/prod")
                .setSuccess(i % 2 == 0)
                .setHumanIntervention(i % 3 == 0 ? null : Boolean.TRUE)
                .setSource("helpdesk")
                .setOccurredAt(Instant.ofEpochMilli(1_700_000_000_000L + i))
                .build();
    }

    @Test
    void writes_exactly_what_avros_single_object_encoder_writes() throws Exception {
        Serde<RunFeedback> serde = SingleObjectAvroSerde.of(RunFeedback.class);
        BinaryMessageEncoder<RunFeedback> avro = new BinaryMessageEncoder<>(SpecificData.get(), RunFeedback.getClassSchema());

        for (int i = 0; i < 5; i++) {
            ByteBuffer expected = avro.encode(feedback(i));
            byte[] expectedBytes = new byte[expected.remaining()];
            expected.get(expectedBytes);

            assertThat(serde.serializer().serialize("store-changelog", feedback(i))).isEqualTo(expectedBytes);
        }
    }

    @Test
    void a_record_with_its_own_generated_encoder_is_written_exactly_as_avro_writes_it() throws Exception {
        // RolloutProgress (no logical types) and the ArmMetrics inside it are written by their generated customEncode.
        Serde<RolloutProgress> serde = SingleObjectAvroSerde.of(RolloutProgress.class);
        BinaryMessageEncoder<RolloutProgress> avro = new BinaryMessageEncoder<>(SpecificData.get(),
                RolloutProgress.getClassSchema());
        RolloutProgress progress = RolloutProgress.newBuilder()
                .setRolloutId("r-1").setStatus(RolloutStatus.RUNNING).setStep(2)
                .setStepStartedAt(1_700_000_000_000L).setRateWindowStart(1_700_000_060_000L)
                .setBaseline(arm("sha256:" + "a".repeat(64), 1_000)).setCanary(arm("sha256:" + "b".repeat(64), 50))
                .setCandidateSpendUsd(0.25).setLastDecision("RAMP to 25 %")
                .build();

        ByteBuffer expected = avro.encode(progress);
        byte[] expectedBytes = new byte[expected.remaining()];
        expected.get(expectedBytes);

        assertThat(serde.serializer().serialize("rollout-state-changelog", progress)).isEqualTo(expectedBytes);
        assertThat(serde.deserializer().deserialize("rollout-state-changelog", expectedBytes)).isEqualTo(progress);
    }

    private static ArmMetrics arm(String digest, long tasks) {
        return ArmMetrics.newBuilder().setDigest(digest).setTasks(tasks).setSuccesses(tasks * 9 / 10)
                .setInterventions(tasks / 20).setErrors(tasks / 50).setCostSum(tasks * 0.004)
                .setCostSumSquares(tasks * 0.00002).setLogCostSum(-5.5 * tasks).setLogCostSumSquares(30.5 * tasks)
                .setLatencySumMs(tasks * 800).setLatencyMaxMs(4_000).build();
    }

    @Test
    void reads_back_what_it_wrote_and_passes_null_through() {
        Serde<RunFeedback> serde = SingleObjectAvroSerde.of(RunFeedback.class);

        byte[] bytes = serde.serializer().serialize("t", feedback(7));

        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(feedback(7));
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void a_record_larger_than_the_initial_buffer_is_written_whole() {
        Serde<RunFeedback> serde = SingleObjectAvroSerde.of(RunFeedback.class);
        RunFeedback large = RunFeedback.newBuilder(feedback(1)).setSource("x".repeat(100_000)).build();

        byte[] bytes = serde.serializer().serialize("t", large);
        byte[] small = serde.serializer().serialize("t", feedback(2));

        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(large);
        assertThat(serde.deserializer().deserialize("t", small)).as("the reused buffer holds no rest of the large one")
                .isEqualTo(feedback(2));
    }

    @Test
    void threads_sharing_one_serde_do_not_mix_their_records() throws Exception {
        Serde<RunFeedback> serde = SingleObjectAvroSerde.of(RunFeedback.class);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        RunFeedback value = feedback(thread * 100_000 + i);
                        if (!serde.deserializer().deserialize("t", serde.serializer().serialize("t", value)).equals(value)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_record_written_with_an_earlier_schema_is_read_when_that_schema_is_declared() {
        // An earlier ArmMetrics: only the digest and the task count.
        Schema earlier = SchemaBuilder.record("ArmMetrics").namespace("dev.slipway.events").fields()
                .requiredString("digest").requiredLong("tasks").endRecord();
        org.apache.avro.generic.GenericData.Record old = new org.apache.avro.generic.GenericData.Record(earlier);
        old.put("digest", "sha256:" + "a".repeat(64));
        old.put("tasks", 42L);
        byte[] bytes = encodeGeneric(earlier, old);

        ArmMetrics read = SingleObjectAvroSerde.of(ArmMetrics.class, earlier).deserializer().deserialize("t", bytes);

        assertThat(read.getDigest()).isEqualTo("sha256:" + "a".repeat(64));
        assertThat(read.getTasks()).isEqualTo(42L);
        assertThat(read.getSuccesses()).as("a field added later takes its default").isZero();
        assertThatThrownBy(() -> SingleObjectAvroSerde.of(ArmMetrics.class).deserializer().deserialize("t", bytes))
                .as("an undeclared earlier schema is refused, not misread")
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void a_state_record_written_by_an_earlier_release_restores_without_declaring_anything() throws Exception {
        // A rollout definition as the previous release stored it: RolloutStarted v2, before `entry` was added.
        dev.slipway.events.RolloutStarted current = dev.slipway.events.RolloutStarted.newBuilder()
                .setRolloutId("r-1").setDeployment("support-triage/prod").setCandidate("sha256:" + "b".repeat(64))
                .setBaseline("sha256:" + "a".repeat(64)).setPlan(java.util.List.of())
                .setGuardrails(dev.slipway.events.Guardrails.newBuilder().build())
                .setBudgets(dev.slipway.events.Budgets.newBuilder().setMaxCandidateSpendUsd(10).setMaxTaskSpendUsd(1).build())
                .setStartedBy("alice").setStartedAt(java.time.Instant.parse("2026-12-01T10:00:00Z")).build();
        java.util.List<Schema> recorded = dev.slipway.events.RecordedSchemas.earlierThan(current.getSchema());
        assertThat(recorded).as("v1, v2, v3 … are recorded before the current version").hasSizeGreaterThanOrEqualTo(3);
        Schema v2 = recorded.get(1);
        assertThat(v2.getField("entry")).isNull();
        org.apache.avro.generic.GenericData.Record old = new org.apache.avro.generic.GenericData.Record(v2);
        v2.getFields().forEach(f -> old.put(f.name(), current.get(f.name())));
        ByteBuffer buffer = new BinaryMessageEncoder<Object>(org.apache.avro.specific.SpecificData.get(), v2).encode(old);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);

        dev.slipway.events.RolloutStarted read = SingleObjectAvroSerde.of(dev.slipway.events.RolloutStarted.class)
                .deserializer().deserialize("rollout-definitions-changelog", bytes);

        assertThat(read.getRolloutId()).isEqualTo("r-1");
        assertThat(read.getStartedBy()).isEqualTo("alice");
        assertThat(read.getEntry()).as("the field added since takes its default").isEqualTo(dev.slipway.events.RolloutEntry.CANARY);
        assertThat(read.getPromotionId()).as("as does the one added after it").isNull();
    }

    private static byte[] encodeGeneric(Schema schema, Object record) {
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<Object>(org.apache.avro.generic.GenericData.get(), schema)
                    .encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
