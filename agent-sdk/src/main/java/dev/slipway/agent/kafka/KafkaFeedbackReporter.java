package dev.slipway.agent.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.slipway.events.RunFeedback;
import dev.slipway.events.Topics;

/**
 * Late outcomes for runs, on {@code slipway.run-feedback}: what the customer's side learned after the worker answered
 * (the triage was right, a person had to step in). The canary judge joins them to their runs by run id.
 */
public final class KafkaFeedbackReporter implements AutoCloseable {

    private final KafkaProducer<String, RunFeedback> producer;
    private final String source;

    public KafkaFeedbackReporter(String bootstrap, String registryUrl, String source) {
        this.producer = KafkaClients.producer(bootstrap, registryUrl, "slipway-feedback-" + source, Map.of());
        this.source = source;
    }

    /** Sends the outcome of a run; asynchronous, delivered in order per deployment. */
    public void report(String runId, String deployment, boolean success, boolean humanIntervention) {
        producer.send(new ProducerRecord<>(Topics.RUN_FEEDBACK.name(), deployment, RunFeedback.newBuilder()
                .setFeedbackId(UUID.randomUUID().toString())
                .setRunId(runId)
                .setDeployment(deployment)
                .setSuccess(success)
                .setHumanIntervention(humanIntervention)
                .setSource(source)
                .setOccurredAt(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .build()));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
