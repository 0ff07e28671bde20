package dev.slipway.service.intake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import dev.slipway.events.DeadLetterHeaders;
import dev.slipway.events.Topics;

/**
 * The dead-letter topic with a ledger, so each bad record is written once per consumer. The ledger is Kafka's own
 * committed offsets: for consumer {@code c} the group {@code slipway.dead-letter.c} holds, per source partition, the
 * offset after the last record {@code c} dead-lettered there, and in its metadata how many it dead-lettered there.
 * A consumer reads each partition in order and dead-letters every bad record it meets, so a bad record below that
 * offset was dead-lettered before. The record and the ledger move in one Kafka transaction: a crash leaves both or
 * neither, never a record written twice or a ledger ahead of the topic.
 *
 * <p>Written here rather than taken from a library: the SmallRye connector's and Kafka Streams 4.2's dead-letter
 * queues write again whatever is read again, which is every start for a consumer that rebuilds its view from the
 * beginning of a compacted topic.
 */
public final class KafkaDeadLetters implements DeadLetterSink, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KafkaDeadLetters.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Map<String, Object> kafka;
    private final String transactionalId;
    private final Map<String, Ledger> ledgers = new ConcurrentHashMap<>();
    private Admin admin;
    private KafkaProducer<byte[], byte[]> producer;

    /**
     * @param kafka           client settings (bootstrap servers and, in a secured cluster, its security settings)
     * @param transactionalId this process's dead-letter writer; a restart with the same id fences the old one
     */
    public KafkaDeadLetters(Map<String, Object> kafka, String transactionalId) {
        this.kafka = Map.copyOf(kafka);
        this.transactionalId = transactionalId;
    }

    /** The consumer group that holds {@code consumer}'s ledger. */
    public static String ledgerGroup(String consumer) {
        return "slipway.dead-letter." + consumer;
    }

    @Override
    public void register(String consumer) {
        ledger(consumer);
    }

    @Override
    public synchronized boolean deadLetter(String consumer, ConsumerRecord<byte[], byte[]> record, String reason) {
        TopicPartition source = new TopicPartition(record.topic(), record.partition());
        Ledger ledger = ledger(consumer);
        if (record.offset() >= ledger.nextOffset(source)) {
            // Another instance may have taken this partition over and dead-lettered since the ledger was read (a
            // Streams rebalance): read it again. Bad records are rare, so this round trip is too.
            ledger.mergeFrom(loadLedger(consumer));
        }
        if (record.offset() < ledger.nextOffset(source)) {
            LOG.debugf("%s: %s@%d was dead-lettered before", consumer, source, record.offset());
            return false;
        }
        long countHere = ledger.count(source) + 1;
        KafkaProducer<byte[], byte[]> p = producer();
        try {
            p.beginTransaction();
            p.send(new ProducerRecord<>(Topics.DEAD_LETTER, null, record.timestamp(),
                    prefix(record.key(), DeadLetterHeaders.KEY_PREFIX_BYTES),
                    prefix(record.value(), DeadLetterHeaders.VALUE_PREFIX_BYTES),
                    headers(consumer, record, reason)));
            p.sendOffsetsToTransaction(
                    Map.of(source, new OffsetAndMetadata(record.offset() + 1, Long.toString(countHere))),
                    new ConsumerGroupMetadata(ledgerGroup(consumer)));
            p.commitTransaction();
        } catch (RuntimeException e) {
            discardProducer(p);
            throw new DeadLetterUnavailableException("could not dead-letter " + source + "@" + record.offset()
                    + " for " + consumer + ": " + e.getMessage(), e);
        }
        ledger.advance(source, record.offset() + 1, countHere);
        LOG.warnf("%s: bad record %s@%d sent to %s: %s", consumer, source, record.offset(), Topics.DEAD_LETTER, reason);
        return true;
    }

    @Override
    public Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        ledgers.forEach((consumer, ledger) -> counts.put(consumer, ledger.total()));
        return counts;
    }

    private Ledger ledger(String consumer) {
        Ledger known = ledgers.get(consumer);
        if (known != null) {
            return known;
        }
        synchronized (this) {
            return ledgers.computeIfAbsent(consumer, this::loadLedger);
        }
    }

    private Ledger loadLedger(String consumer) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin()
                    .listConsumerGroupOffsets(ledgerGroup(consumer), new ListConsumerGroupOffsetsOptions().requireStable(true))
                    .partitionsToOffsetAndMetadata()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Ledger ledger = new Ledger();
            committed.forEach((tp, om) -> {
                if (om != null) {
                    ledger.advance(tp, om.offset(), parseCount(om.metadata()));
                }
            });
            return ledger;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterUnavailableException("interrupted while reading the ledger of " + consumer, e);
        } catch (Exception e) {
            throw new DeadLetterUnavailableException("could not read what " + consumer + " dead-lettered before: "
                    + e.getMessage(), e);
        }
    }

    private static long parseCount(String metadata) {
        try {
            return metadata == null || metadata.isEmpty() ? 0 : Long.parseLong(metadata);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>(kafka);
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            admin = Admin.create(config);
        }
        return admin;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>(kafka);
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() * 2);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            KafkaProducer<byte[], byte[]> created = new KafkaProducer<>(config);
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw new DeadLetterUnavailableException("could not start the dead-letter writer: " + e.getMessage(), e);
            }
            producer = created;
        }
        return producer;
    }

    /** After any failure the transaction's outcome is unknown to us: a new producer aborts whatever was left open. */
    private void discardProducer(KafkaProducer<byte[], byte[]> p) {
        try {
            p.close(Duration.ofSeconds(1));
        } catch (RuntimeException ignored) {
            // closing a broken producer may fail too; a new one fences it either way
        }
        producer = null;
    }

    private static RecordHeaders headers(String consumer, ConsumerRecord<byte[], byte[]> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.CONSUMER, utf8(consumer));
        headers.add(DeadLetterHeaders.TOPIC, utf8(record.topic()));
        headers.add(DeadLetterHeaders.PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(DeadLetterHeaders.OFFSET, utf8(Long.toString(record.offset())));
        headers.add(DeadLetterHeaders.REASON, utf8(reason));
        headers.add(DeadLetterHeaders.TIMESTAMP, utf8(Long.toString(record.timestamp())));
        headers.add(DeadLetterHeaders.VALUE_SIZE,
                utf8(record.value() == null ? "null" : Integer.toString(record.value().length)));
        int room = DeadLetterHeaders.KEY_PREFIX_BYTES;
        for (Header h : record.headers()) {
            int size = h.key().length() + (h.value() == null ? 0 : h.value().length);
            if (size > room) {
                break;
            }
            room -= size;
            headers.add(h);
        }
        return headers;
    }

    private static byte[] prefix(byte[] bytes, int max) {
        return bytes == null || bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    /** One consumer's ledger: per source partition, the offset after its last dead letter and how many it wrote. */
    private static final class Ledger {
        private final Map<TopicPartition, long[]> byPartition = new ConcurrentHashMap<>();

        long nextOffset(TopicPartition tp) {
            long[] e = byPartition.get(tp);
            return e == null ? 0 : e[0];
        }

        long count(TopicPartition tp) {
            long[] e = byPartition.get(tp);
            return e == null ? 0 : e[1];
        }

        void advance(TopicPartition tp, long nextOffset, long count) {
            byPartition.put(tp, new long[] {nextOffset, count});
        }

        /**
         * Takes what {@code other} knows further than this one. Never moves back: a ledger read right after a commit
         * may not show it yet (transaction markers reach the offsets topic after the commit returns).
         */
        void mergeFrom(Ledger other) {
            other.byPartition.forEach((tp, entry) -> byPartition.merge(tp, entry,
                    (mine, theirs) -> theirs[0] > mine[0] ? theirs : mine));
        }

        long total() {
            return byPartition.values().stream().mapToLong(e -> e[1]).sum();
        }
    }
}
