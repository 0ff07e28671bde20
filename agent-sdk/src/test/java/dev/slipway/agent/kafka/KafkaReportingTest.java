package dev.slipway.agent.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slipway.agent.RunRecord;
import dev.slipway.agent.TaskCeilings;
import dev.slipway.agent.TaskContext;
import dev.slipway.agent.model.ModelCallRecord;
import dev.slipway.agent.model.ProviderFailure;
import dev.slipway.events.CallStatus;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunOutcome;
import dev.slipway.events.TopicProvisioner;
import dev.slipway.events.Topics;
import dev.slipway.events.WorkerHeartbeat;
import dev.slipway.testkit.ApicurioRegistry;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.EmbeddedKafkaBroker;
import dev.slipway.testkit.Ports;

/** Run reports and heartbeats through a real broker and registry, and what happens while the broker is away. */
class KafkaReportingTest {

    static EmbeddedKafkaBroker broker;
    static ApicurioRegistry registry;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafkaBroker.builder().dataDir(EmbeddedKafkaBroker.freshTargetDir()).start();
        registry = ApicurioRegistry.shared();
        TopicProvisioner.ensureAll(broker.bootstrapServers(), 1, (short) 1);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void everyRunArrivesOnTheRunsTopicWithWhatTheTaskDid() {
        RunRecord stopped = run("run-1", RunRecord.Outcome.FAILED, TaskCeilings.Ceiling.SPEND);
        RunRecord fine = run("run-2", RunRecord.Outcome.SUCCEEDED, null);
        try (KafkaRunReporter reporter = new KafkaRunReporter(broker.bootstrapServers(), registry.url(), "w1", 100,
                Duration.ofSeconds(30))) {
            reporter.report(stopped);
            reporter.report(fine);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> reporter.sent() == 2);
            assertThat(reporter.lost()).isZero();
        }
        List<ConsumerRecord<String, RunCompleted>> runs = AvroTopics.readAll(broker.bootstrapServers(), registry.url(),
                Topics.RUNS.name());
        assertThat(runs).extracting(r -> r.value().getRunId()).contains("run-1", "run-2");
        RunCompleted first = runs.stream().filter(r -> r.value().getRunId().equals("run-1")).findFirst().orElseThrow().value();
        assertThat(runs.get(0).key()).isEqualTo("support-triage/prod");
        assertThat(first.getStoppedBy()).isEqualTo("SPEND");
        assertThat(first.getOutcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(first.getModelCalls()).extracting(c -> c.getProvider() + "/" + c.getRegion() + " " + c.getStatus())
                .containsExactly("anthropic/us-east-1 FAILED", "bedrock/eu-west-1 OK");
        assertThat(first.getModelCalls().get(1).getCostUsd()).isEqualTo(0.0066);
        assertThat(first.getToolCalls()).singleElement().satisfies(t -> assertThat(t.getStatus()).isEqualTo(CallStatus.DENIED));
        assertThat(first.getRetrievalDocs()).containsExactly("kb-1");
    }

    @Test
    void withTheBrokerAwayRunsAreBufferedWithinTheBoundAndTheRestCountedLost() {
        int port = Ports.free();
        try (KafkaRunReporter reporter = new KafkaRunReporter("127.0.0.1:" + port, registry.url(), "w2", 3,
                Duration.ofMinutes(2))) {
            for (int i = 0; i < 6; i++) {
                reporter.report(run("away-" + i, RunRecord.Outcome.SUCCEEDED, null));
            }
            // Reporting returned at once; the sender holds at most one run beside the three buffered.
            assertThat(reporter.lost()).isBetween(2L, 3L);
            assertThat(reporter.pending() + reporter.lost()).isEqualTo(6);

            EmbeddedKafkaBroker late = EmbeddedKafkaBroker.builder().dataDir(EmbeddedKafkaBroker.freshTargetDir())
                    .port(port).start();
            try {
                TopicProvisioner.ensureAll(late.bootstrapServers(), 1, (short) 1);
                long buffered = reporter.pending();
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> reporter.sent() == buffered);
                assertThat(AvroTopics.readAll(late.bootstrapServers(), registry.url(), Topics.RUNS.name()))
                        .hasSize((int) buffered);
            } finally {
                late.close();
            }
        }
    }

    @Test
    void closingWithRunsStillPendingCountsThemLost() {
        KafkaRunReporter reporter = new KafkaRunReporter("127.0.0.1:" + Ports.free(), registry.url(), "w3", 10,
                Duration.ofMinutes(2));
        reporter.report(run("never-1", RunRecord.Outcome.SUCCEEDED, null));
        reporter.report(run("never-2", RunRecord.Outcome.SUCCEEDED, null));
        reporter.close(Duration.ofMillis(500));
        assertThat(reporter.lost()).isEqualTo(2);
        assertThat(reporter.pending()).isZero();
        reporter.report(run("after-close", RunRecord.Outcome.SUCCEEDED, null));
        assertThat(reporter.lost()).isEqualTo(3);
    }

    @Test
    void aWorkerBeatsWhileItRunsAndDeregistersWhenItCloses() {
        KafkaHeartbeats.Worker worker = new KafkaHeartbeats.Worker("worker-7", "support-triage/prod",
                "sha256:" + "ab".repeat(32), "http://127.0.0.1:9999", "local", 4);
        try (KafkaHeartbeats beats = new KafkaHeartbeats(broker.bootstrapServers(), registry.url(), worker, () -> 2,
                Duration.ofMillis(200), Clock.systemUTC())) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> heartbeats("worker-7").size() >= 2);
        }
        List<ConsumerRecord<String, WorkerHeartbeat>> seen = heartbeats("worker-7");
        WorkerHeartbeat first = seen.get(0).value();
        assertThat(first.getDigest()).isEqualTo(worker.digest());
        assertThat(first.getCapacity()).isEqualTo(4);
        assertThat(first.getInFlight()).isEqualTo(2);
        assertThat(first.getEndpoint()).isEqualTo("http://127.0.0.1:9999");
        assertThat(seen.get(seen.size() - 1).value()).as("deregistered by a tombstone").isNull();
    }

    private static List<ConsumerRecord<String, WorkerHeartbeat>> heartbeats(String workerId) {
        List<ConsumerRecord<String, WorkerHeartbeat>> all = AvroTopics.readAll(broker.bootstrapServers(), registry.url(),
                Topics.WORKERS.name());
        return all.stream().filter(r -> r.key().equals(workerId)).toList();
    }

    private static RunRecord run(String id, RunRecord.Outcome outcome, TaskCeilings.Ceiling stoppedBy) {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");
        return new RunRecord(id, "support-triage/prod", "sha256:" + "ab".repeat(32), TaskContext.Arm.CANARY, 3,
                "ticket-1", "sha256:" + "cd".repeat(32), "w", List.of("kb-1"),
                List.of(new RunRecord.ToolCallRecord("refund", RunRecord.ToolCallRecord.Status.DENIED, 0, "not granted")),
                List.of(new RunRecord.PricedModelCall(new ModelCallRecord("anthropic", "us-east-1", "claude-sonnet-4", 0, 0, 12,
                                ProviderFailure.Kind.SERVER_ERROR), 0),
                        new RunRecord.PricedModelCall(new ModelCallRecord("bedrock", "eu-west-1", "claude-sonnet-4", 1000, 200, 340,
                                null), 0.0066)),
                outcome, stoppedBy, false, 0.0066, 400, now, now.plusMillis(400));
    }
}
