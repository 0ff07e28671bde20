package dev.slipway.builder;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.ReleaseLabelBound;
import dev.slipway.events.Topic;
import dev.slipway.events.TopicProvisioner;
import dev.slipway.events.Topics;
import dev.slipway.service.RegistrySerdes;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.quarkus.runtime.Startup;
import io.smallrye.common.annotation.Identifier;

/**
 * The builder's log: writes {@code slipway.releases} (key digest) and {@code slipway.release-labels} (key
 * agent@label), and reads both back from the beginning into the {@link ReleaseCatalog}, so the query state is a
 * function of the topics alone. A plain consumer (no group, no committed offsets) is used on purpose: the state must
 * be rebuilt in full at every start, and the service reports ready only once it has read up to the end offsets it
 * saw at start-up.
 */
@Startup
@ApplicationScoped
public class ReleaseLog {

    private static final Logger LOG = Logger.getLogger(ReleaseLog.class);
    private static final List<Topic<?>> TOPICS = List.of(Topics.RELEASES, Topics.RELEASE_LABELS);

    private final ReleaseCatalog catalog;
    private final KafkaProducer<String, SpecificRecord> producer;
    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final AtomicBoolean caughtUp = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Throwable> readerFailure = new AtomicReference<>();
    private final Thread reader;
    private final Duration sendTimeout;

    @Inject
    public ReleaseLog(ReleaseCatalog catalog,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "apicurio.registry.url") String registryUrl,
            @ConfigProperty(name = "slipway.topics.partitions", defaultValue = "3") int partitions,
            @ConfigProperty(name = "slipway.topics.replication-factor", defaultValue = "1") short replicationFactor,
            @ConfigProperty(name = "slipway.kafka.send-timeout", defaultValue = "PT15S") Duration sendTimeout) {
        this.catalog = catalog;
        this.sendTimeout = sendTimeout;
        Map<String, Object> common = new HashMap<>();
        common.put("bootstrap.servers", kafka.get("bootstrap.servers"));
        common.putAll(RegistrySerdes.clientConfig(registryUrl));

        // Every service creates the whole catalogue when missing, so no consumer ever meets an auto-created
        // topic with the wrong cleanup policy, whatever the start order.
        List<String> created = TopicProvisioner.ensureAll(String.valueOf(kafka.get("bootstrap.servers")), partitions,
                replicationFactor);
        if (!created.isEmpty()) {
            LOG.infof("created topics %s", created);
        }

        Map<String, Object> producerConfig = new HashMap<>(common);
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class);
        this.producer = new KafkaProducer<>(producerConfig);

        Map<String, Object> consumerConfig = new HashMap<>(common);
        consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(consumerConfig);

        this.reader = new Thread(this::readForever, "release-log-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

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

    /** True once everything that was in the topics at start-up has been read into the catalog. */
    public boolean isCaughtUp() {
        return caughtUp.get();
    }

    public Throwable readerFailure() {
        return readerFailure.get();
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

    private void readForever() {
        try {
            List<TopicPartition> partitions = TOPICS.stream()
                    .flatMap(t -> consumer.partitionsFor(t.name()).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition())))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = consumer.endOffsets(partitions);
            while (running.get()) {
                for (ConsumerRecord<String, SpecificRecord> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record);
                }
                if (!caughtUp.get() && endAtStart.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.set(true);
                    LOG.infof("release log read up to start-up end offsets: %d releases", catalog.size());
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                readerFailure.set(e);
            }
        } catch (RuntimeException e) {
            readerFailure.set(e);
            LOG.error("release log reader stopped", e);
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, SpecificRecord> record) {
        if (record.value() instanceof ReleaseBuilt release) {
            catalog.add(release);
        } else if (record.value() instanceof ReleaseLabelBound binding) {
            catalog.bind(binding);
        } else if (record.value() != null) {
            LOG.warnf("ignoring %s at %s-%d@%d", record.value().getClass().getSimpleName(), record.topic(),
                    record.partition(), record.offset());
        }
    }

    @PreDestroy
    void close() {
        running.set(false);
        consumer.wakeup();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** The broker did not acknowledge a write in time: nothing was promised to the caller. */
    public static class LogUnavailableException extends RuntimeException {
        public LogUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
