package dev.slipway.builder;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.slipway.events.Topic;
import dev.slipway.events.TopicProvisioner;
import dev.slipway.events.Topics;
import dev.slipway.service.RegistrySerdes;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.smallrye.common.annotation.Identifier;

/**
 * The builder's one producer: every event it writes ({@code slipway.releases}, {@code slipway.release-labels},
 * {@code slipway.promotions}) goes through {@link #send}, which returns only once the broker acknowledged it, so
 * nothing is shown or promised before it is in the log. Creates the topic catalogue when missing, before anything is
 * written or read.
 */
@ApplicationScoped
public class EventWriter {

    private static final Logger LOG = Logger.getLogger(EventWriter.class);

    private final KafkaProducer<String, SpecificRecord> producer;
    private final Duration sendTimeout;

    @Inject
    public EventWriter(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "apicurio.registry.url") String registryUrl,
            @ConfigProperty(name = "slipway.topics.partitions", defaultValue = "3") int partitions,
            @ConfigProperty(name = "slipway.topics.replication-factor", defaultValue = "1") short replicationFactor,
            @ConfigProperty(name = "slipway.kafka.send-timeout", defaultValue = "PT15S") Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
        // Every service creates the whole catalogue when missing, so no consumer ever meets an auto-created
        // topic with the wrong cleanup policy, whatever the start order.
        List<String> created = TopicProvisioner.ensureAll(String.valueOf(kafka.get("bootstrap.servers")), partitions,
                replicationFactor);
        if (!created.isEmpty()) {
            LOG.infof("created topics %s", created);
        }
        Map<String, Object> producerConfig = new HashMap<>(RegistrySerdes.clientConfig(registryUrl));
        producerConfig.put("bootstrap.servers", kafka.get("bootstrap.servers"));
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        // A release record carries every prompt inline: sized by the topic's contract, not the 1 MiB default.
        producerConfig.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.RELEASES.recordLimit());
        producerConfig.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * Topics.RELEASES.recordLimit());
        producerConfig.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        this.producer = new KafkaProducer<>(producerConfig);
    }

    /**
     * Writes one event and waits for the broker's acknowledgement.
     *
     * @throws LogUnavailableException when the broker did not acknowledge in time: nothing was promised
     */
    public void send(Topic<?> topic, String key, SpecificRecord value) {
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, value)).get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while publishing to " + topic.name(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new LogUnavailableException("could not publish to " + topic.name() + ": " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** The broker did not acknowledge a write in time: nothing was promised to the caller. */
    public static class LogUnavailableException extends RuntimeException {
        public LogUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
