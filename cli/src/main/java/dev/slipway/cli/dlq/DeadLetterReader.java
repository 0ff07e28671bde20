package dev.slipway.cli.dlq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.events.DeadLetterHeaders;
import dev.slipway.events.Topics;

/** Reads {@code slipway.dead-letter} from the beginning to its end now, committed records only; no consumer group. */
public class DeadLetterReader {

    /** How long reading the whole topic may take. */
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** How long the broker may take to answer at all: an operator waits for this when it is down. */
    private static final Duration ANSWER = Duration.ofSeconds(5);

    private final String bootstrap;

    public DeadLetterReader(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    /** The reader a command works through (a test's, when it put one in), reading the CLI's broker. */
    public static DeadLetterReader of(dev.slipway.cli.CliContext ctx) {
        return ctx.service(DeadLetterReader.class, c -> new DeadLetterReader(c.kafkaBootstrap()));
    }

    public List<DeadLetter> readAll() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "slipway-cli-dlq",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ANSWER.toMillis(),
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ANSWER.toMillis(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.DEAD_LETTER);
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<DeadLetter> letters = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new CliException(ExitCodes.FAILED, "could not read " + Topics.DEAD_LETTER + " to its end within "
                            + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    letters.add(letter(r));
                }
            }
            return letters;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "Kafka at " + bootstrap + " did not answer; is the stack up "
                    + "(bin/slipway status)? Name another broker with --bootstrap-server.");
        } catch (KafkaException e) {
            throw new CliException(ExitCodes.FAILED, "could not read " + Topics.DEAD_LETTER + ": " + e.getMessage(), e);
        }
    }

    static DeadLetter letter(ConsumerRecord<byte[], byte[]> r) {
        return new DeadLetter(Instant.ofEpochMilli(r.timestamp()), header(r, DeadLetterHeaders.CONSUMER, "?"),
                header(r, DeadLetterHeaders.TOPIC, "?"), parseInt(header(r, DeadLetterHeaders.PARTITION, "-1")),
                parseLong(header(r, DeadLetterHeaders.OFFSET, "-1")), header(r, DeadLetterHeaders.REASON, "(no reason)"),
                r.key(), r.value(), header(r, DeadLetterHeaders.VALUE_SIZE,
                        r.value() == null ? "null" : Integer.toString(r.value().length)));
    }

    private static String header(ConsumerRecord<?, ?> r, String name, String otherwise) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? otherwise : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
