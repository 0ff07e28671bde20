package dev.slipway.service.intake;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.events.Topic;
import dev.slipway.service.RegistrySerdes;
import io.smallrye.common.annotation.Identifier;

/**
 * How a Slipway service reads Kafka: every topic through its {@link RecordGate}, bad records to the one
 * {@link DeadLetterSink} of the service, views rebuilt by {@link TopicReader}s it keeps track of for the readiness
 * check. A new consumer takes its gate, reader or dead-letter sink from here, so it cannot forget any of it.
 */
@ApplicationScoped
public class Intake {

    private final String service;
    private final String registryUrl;
    private final Map<String, Object> kafka;
    private final KafkaDeadLetters deadLetters;
    private final List<TopicReader> readers = new CopyOnWriteArrayList<>();

    @Inject
    public Intake(@Identifier("default-kafka-broker") Map<String, Object> kafkaClient,
            @ConfigProperty(name = "quarkus.application.name") String application,
            @ConfigProperty(name = "apicurio.registry.url") String registryUrl,
            @ConfigProperty(name = "slipway.instance-id", defaultValue = "0") String instanceId) {
        this.service = application.startsWith("slipway-") ? application.substring("slipway-".length()) : application;
        this.registryUrl = registryUrl;
        this.kafka = clientSettings(kafkaClient);
        // One dead-letter writer per service instance: a restart of the same instance fences the one before it.
        this.deadLetters = new KafkaDeadLetters(kafka, "slipway.dead-letter." + service + "." + instanceId);
    }

    /** Bootstrap servers and the security settings, without the extension's own keys. */
    private static Map<String, Object> clientSettings(Map<String, Object> kafkaClient) {
        Map<String, Object> settings = new HashMap<>();
        kafkaClient.forEach((key, value) -> {
            if (key.equals("bootstrap.servers") || key.startsWith("security.") || key.startsWith("sasl.")
                    || key.startsWith("ssl.")) {
                settings.put(key, value);
            }
        });
        return settings;
    }

    /** The name dead letters give a reader of this service: {@code <service>.<reader>}. */
    public String consumerName(String reader) {
        return service + "." + reader;
    }

    /** Bootstrap servers and security settings, for a client of the service's own (a producer, a group consumer). */
    public Map<String, Object> kafkaSettings() {
        return Map.copyOf(kafka);
    }

    /** The schema registry the gates decode through. */
    public String registryUrl() {
        return registryUrl;
    }

    public DeadLetterSink deadLetters() {
        return deadLetters;
    }

    /** The gate of {@code topic}, decoding values through the schema registry. */
    public <V extends SpecificRecord> RecordGate<V> gate(Topic<V> topic) {
        return new RecordGate<>(topic, RegistrySerdes.<V>specific(registryUrl).deserializer());
    }

    /** Starts a reader named {@code reader} of the topics {@code topics} adds, tracked by the readiness check. */
    public TopicReader read(String reader, UnaryOperator<TopicReader.Builder> topics) {
        TopicReader started = topics.apply(TopicReader.builder(consumerName(reader), kafka, deadLetters)).start();
        readers.add(started);
        return started;
    }

    /**
     * Starts a consumer-group reader named {@code reader} of {@code topic}: each accepted value to {@code handler},
     * its offset committed after; nothing is read before {@code startWhen} holds.
     */
    public <V extends SpecificRecord> GroupReader<V> consume(String reader, String groupId, Topic<V> topic,
            GroupReader.Handler<V> handler, java.util.function.BooleanSupplier startWhen) {
        return new GroupReader<>(consumerName(reader), groupId, kafka, gate(topic), deadLetters, handler, startWhen)
                .start();
    }

    public List<TopicReader> readers() {
        return List.copyOf(readers);
    }

    @PreDestroy
    void close() {
        readers.forEach(TopicReader::close);
        deadLetters.close();
    }
}
