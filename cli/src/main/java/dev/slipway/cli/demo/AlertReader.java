package dev.slipway.cli.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import dev.slipway.events.Alert;
import dev.slipway.events.Topics;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;

/** The alerts of one deployment on {@code slipway.alerts}, read from the beginning without a consumer group. */
final class AlertReader {

    private AlertReader() {
    }

    static Optional<Alert> latest(String bootstrap, String registryUrl, String deployment) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(SerdeConfig.REGISTRY_URL, registryUrl);
        config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        Alert latest = null;
        try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ALERTS.name(), Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(200))) {
                    if (deployment.equals(r.key()) && r.value() != null) {
                        latest = r.value();
                    }
                }
            }
        } catch (RuntimeException e) {
            return Optional.empty(); // a record the reader cannot decode: the alert is shown by the services' logs instead
        }
        return Optional.ofNullable(latest);
    }
}
