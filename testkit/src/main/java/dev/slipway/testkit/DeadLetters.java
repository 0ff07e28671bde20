package dev.slipway.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.slipway.events.DeadLetterHeaders;
import dev.slipway.events.Topics;

/** Reads {@code slipway.dead-letter} as an operator would, for assertions. */
public final class DeadLetters {

    /** One dead-lettered record and its origin. */
    public record Letter(String consumer, String topic, int partition, long offset, String reason, byte[] key,
            byte[] value) {

        /** Who refused which record: the identity that must occur once. */
        public String origin() {
            return consumer + " " + topic + "-" + partition + "@" + offset;
        }
    }

    private DeadLetters() {
    }

    /** Every committed record of the dead-letter topic, from the beginning to the end offsets seen now. */
    public static List<Letter> readAll(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTER).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<Letter> letters = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + Topics.DEAD_LETTER + " up to " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    letters.add(new Letter(header(r, DeadLetterHeaders.CONSUMER), header(r, DeadLetterHeaders.TOPIC),
                            Integer.parseInt(header(r, DeadLetterHeaders.PARTITION)),
                            Long.parseLong(header(r, DeadLetterHeaders.OFFSET)), header(r, DeadLetterHeaders.REASON),
                            r.key(), r.value()));
                }
            }
            return letters;
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
