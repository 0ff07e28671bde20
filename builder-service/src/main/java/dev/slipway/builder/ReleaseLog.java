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

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.ReleaseLabelBound;
import dev.slipway.events.Topic;
import dev.slipway.events.TopicProvisioner;
import dev.slipway.events.Topics;
import dev.slipway.service.RegistrySerdes;
import dev.slipway.service.intake.Intake;
import dev.slipway.service.intake.TopicView;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;

/**
 * The builder's log: writes {@code slipway.releases} (key digest) and {@code slipway.release-labels} (key
 * agent@label), and reads both back from the beginning into the {@link ReleaseCatalog} through a {@link dev.slipway.service.intake.TopicReader}
 * ({@code builder.release-log}), so the query state is a function of the topics alone: no consumer group, no
 * committed offsets, the whole state rebuilt at every start, the service ready only once it has read up to the end
 * offsets it saw at start-up. A record that breaks its topic's contract is dead-lettered (once) and skipped; a
 * tombstone withdraws a release or unbinds a label, as compaction will.
 */
@Startup
@ApplicationScoped
public class ReleaseLog {

    private static final Logger LOG = Logger.getLogger(ReleaseLog.class);

    private final ReleaseCatalog catalog;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final Duration sendTimeout;

    @Inject
    public ReleaseLog(ReleaseCatalog catalog, Intake intake,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "apicurio.registry.url") String registryUrl,
            @ConfigProperty(name = "slipway.topics.partitions", defaultValue = "3") int partitions,
            @ConfigProperty(name = "slipway.topics.replication-factor", defaultValue = "1") short replicationFactor,
            @ConfigProperty(name = "slipway.kafka.send-timeout", defaultValue = "PT15S") Duration sendTimeout) {
        this.catalog = catalog;
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

        intake.read("release-log", reader -> reader
                .read(intake.gate(Topics.RELEASES), TopicView.of((digest, release) -> catalog.add(release),
                        catalog::withdraw))
                .read(intake.gate(Topics.RELEASE_LABELS), TopicView.of((label, binding) -> catalog.bind(binding),
                        catalog::unbind)));
    }

    /**
     * The encoded size of a release record against the record limit of {@code slipway.releases}: a release that
     * passed the release-core limits fits by design; this is checked before publishing so that a release that does not
     * is refused (413), never sent to fail on the broker.
     *
     * @throws ProblemException 413 naming the record limit
     */
    public static void requireFits(ReleaseBuilt release) {
        long size;
        try {
            // The registry's framing (magic byte and a content id) and the key are small beside the slack left here.
            size = release.toByteBuffer().remaining() + release.getDigest().length() + RECORD_FRAMING_BYTES;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        int limit = Topics.RELEASES.recordLimit();
        if (size > limit) {
            throw new ProblemException(413, "release-too-large", "Release too large",
                    "the release encodes to " + size + " bytes, over the release record limit of "
                            + dev.slipway.release.ReleaseLimits.inWords(limit) + " on " + Topics.RELEASES.name(),
                    List.of(new dev.slipway.service.Problem.Violation("release", "encodes to " + size
                            + " bytes; the limit is " + dev.slipway.release.ReleaseLimits.inWords(limit))));
        }
    }

    private static final int RECORD_FRAMING_BYTES = 1024;

    /** Publishes a release and waits for the broker's acknowledgement before the catalog shows it. */
    public void publish(ReleaseBuilt release) {
        send(Topics.RELEASES, release.getDigest(), release);
        catalog.add(release);
    }

    /** Publishes a label binding and waits for the broker's acknowledgement before the catalog shows it. */
    public void publish(ReleaseLabelBound binding) {
        send(Topics.RELEASE_LABELS, ReleaseCatalog.labelKey(binding.getAgent(), binding.getLabel()), binding);
        catalog.bind(binding);
    }

    private void send(Topic<?> topic, String key, SpecificRecord value) {
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
