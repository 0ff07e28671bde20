package dev.slipway.service.intake;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads a topic as a consumer group, for work done once per record rather than state rebuilt from the topic (a page
 * sent, say): each record passes its topic's {@link RecordGate}; an accepted value goes to the handler and the
 * record's offset is committed only once the handler returned, so a crash hands it over again after the restart; a
 * bad record is dead-lettered once per consumer and committed; a tombstone is passed over. A failing session (the
 * broker unreachable, the handler throwing) is logged and started again after a pause, doubling to 30 s, from the
 * last committed record. Read committed; one thread.
 */
public final class GroupReader<V extends SpecificRecord> implements AutoCloseable {

    /** What to do with one accepted value; it must be safe to do again for the same value after a crash. */
    @FunctionalInterface
    public interface Handler<V> {
        void handle(V value) throws InterruptedException;
    }

    private static final Logger LOG = Logger.getLogger(GroupReader.class);

    private final String consumerName;
    private final Map<String, Object> config;
    private final RecordGate<V> gate;
    private final DeadLetterSink deadLetters;
    private final Handler<V> handler;
    private final BooleanSupplier startWhen;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    GroupReader(String consumerName, String groupId, Map<String, Object> kafka, RecordGate<V> gate,
            DeadLetterSink deadLetters, Handler<V> handler, BooleanSupplier startWhen) {
        this.consumerName = consumerName;
        this.gate = gate;
        this.deadLetters = deadLetters;
        this.handler = handler;
        this.startWhen = startWhen;
        Map<String, Object> c = new HashMap<>(kafka);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, consumerName);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 20);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.config = Map.copyOf(c);
        this.thread = new Thread(this::run, consumerName);
        this.thread.setDaemon(true);
    }

    GroupReader<V> start() {
        thread.start();
        return this;
    }

    private void run() {
        long pause = 1_000;
        while (running.get()) {
            try {
                session();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                LOG.errorf(e, "%s failed (%s); starting again in %d ms from the last committed record", consumerName,
                        e.getMessage(), pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = Math.min(pause * 2, 30_000);
            }
        }
    }

    private void session() throws InterruptedException {
        while (running.get() && !startWhen.getAsBoolean()) {
            Thread.sleep(50); // waiting for what the handler needs first (a ledger read to its end)
        }
        deadLetters.register(consumerName);
        try {
            consumer = new KafkaConsumer<>(config);
            consumer.subscribe(List.of(gate.topic().name()));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Admission<V> admission = gate.admit(record);
                    if (admission instanceof Admission.Accepted<V> accepted) {
                        handler.handle(accepted.value());
                    } else if (admission instanceof Admission.Rejected<V> rejected) {
                        deadLetters.deadLetter(consumerName, record, rejected.reason());
                    }
                    if (!running.get()) {
                        return; // stopping: what is not committed is handed over again after the restart
                    }
                    consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            KafkaConsumer<byte[], byte[]> c = consumer;
            consumer = null;
            if (c != null) {
                c.close(Duration.ofSeconds(5));
            }
        }
    }

    /** False once the reader is closing: a handler in a long retry may stop early (its record is not committed). */
    public boolean running() {
        return running.get();
    }

    @Override
    public void close() {
        running.set(false);
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
