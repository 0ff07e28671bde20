package dev.slipway.service.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads topics from the beginning into in-memory views, at every start, on a thread of its own: the way a service
 * rebuilds query state that is a function of the topics alone (the builder's releases and labels, the router's
 * routes and rollout board, lineage). No consumer group and no committed offsets, so nothing is skipped; read
 * committed, so only what a transaction committed is seen.
 *
 * <p>Every record passes its topic's {@link RecordGate}; a bad one goes to the {@link DeadLetterSink} (once per
 * consumer, however often it is re-read) and the reader moves on. When the registry does not answer, or the
 * dead-letter topic cannot be written, the reader stays on that record of that partition, says so in
 * {@link #problem()} and tries again after a pause: it never moves past a record it has not dealt with.
 */
public final class TopicReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicReader.class);
    private static final long FIRST_PAUSE_MS = 100;
    private static final long LONGEST_PAUSE_MS = 2_000;

    private final String consumerName;
    private final Map<String, Route<?>> routes;
    private final DeadLetterSink deadLetters;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean caughtUp = new AtomicBoolean();
    private final AtomicReference<String> problem = new AtomicReference<>();
    private final Thread thread;
    private long pauseMs = FIRST_PAUSE_MS;
    private final Object pause = new Object();

    private TopicReader(String consumerName, Map<String, Object> kafka, Map<String, Route<?>> routes,
            DeadLetterSink deadLetters) {
        this.consumerName = consumerName;
        this.routes = Map.copyOf(routes);
        this.deadLetters = deadLetters;
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, consumerName);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(config);
        this.thread = new Thread(this::readForever, "topic-reader-" + consumerName);
        this.thread.setDaemon(true);
    }

    /**
     * @param consumerName who reads, as dead letters name it: {@code <service>.<reader>}, e.g. {@code router.routes}
     * @param kafka        client settings: bootstrap servers and, in a secured cluster, its security settings
     */
    public static Builder builder(String consumerName, Map<String, Object> kafka, DeadLetterSink deadLetters) {
        return new Builder(consumerName, kafka, deadLetters);
    }

    public String consumerName() {
        return consumerName;
    }

    /** True once everything that was in the topics when the reader started has been applied. */
    public boolean isCaughtUp() {
        return caughtUp.get();
    }

    /** What keeps the reader on a record now (registry or dead-letter topic unavailable), if anything. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem.get());
    }

    private TopicReader start() {
        thread.start();
        return this;
    }

    private void readForever() {
        try {
            Map<TopicPartition, Long> endAtStart = null;
            while (running.get() && endAtStart == null) {
                try {
                    deadLetters.register(consumerName);
                    List<TopicPartition> partitions = new ArrayList<>();
                    for (String topic : routes.keySet()) {
                        var found = consumer.partitionsFor(topic);
                        if (found == null || found.isEmpty()) {
                            // The service creates its topics at start, maybe a moment after this thread asked.
                            throw new org.apache.kafka.common.errors.TimeoutException("topic " + topic + " does not exist yet");
                        }
                        found.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                    }
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    endAtStart = consumer.endOffsets(partitions);
                    problem.set(null);
                    pauseMs = FIRST_PAUSE_MS;
                } catch (DeadLetterUnavailableException | org.apache.kafka.common.errors.TimeoutException e) {
                    stuck("could not start: " + e.getMessage());
                }
            }
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                boolean stuck = false;
                for (TopicPartition tp : records.partitions()) {
                    for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                        try {
                            apply(record);
                        } catch (RegistryUnavailableException | DeadLetterUnavailableException e) {
                            consumer.seek(tp, record.offset());
                            problem.set(e.getMessage());
                            stuck = true;
                            break;
                        }
                    }
                }
                if (stuck) {
                    stuck(problem.get());
                    continue;
                }
                problem.set(null);
                pauseMs = FIRST_PAUSE_MS;
                if (!caughtUp.get() && endAtStart.entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.set(true);
                    LOG.infof("%s read %s up to their offsets at start", consumerName, routes.keySet());
                }
            }
        } catch (WakeupException | InterruptException e) {
            if (running.get()) {
                problem.set("stopped: " + e);
            }
        } catch (RuntimeException e) {
            // A bug, not a record: say so loudly; the service's readiness shows it.
            problem.set("reader stopped: " + e);
            LOG.errorf(e, "%s stopped", consumerName);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        Route<?> route = routes.get(record.topic());
        route.apply(record, consumerName, deadLetters);
    }

    /** Waits before trying the same record (or the start) again: 100 ms, doubling up to 2 s. */
    private void stuck(String why) {
        if (pauseMs >= LONGEST_PAUSE_MS) {
            LOG.warnf("%s: %s; trying again in %d ms", consumerName, why, pauseMs);
        }
        problem.set(why);
        try {
            synchronized (pause) {
                if (running.get()) {
                    pause.wait(pauseMs); // close() ends the pause at once
                }
            }
            pauseMs = Math.min(pauseMs * 2, LONGEST_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        synchronized (pause) {
            pause.notifyAll();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One topic's gate and the view its records go to. */
    private record Route<V extends SpecificRecord>(RecordGate<V> gate, TopicView<V> view) {
        void apply(ConsumerRecord<byte[], byte[]> record, String consumerName, DeadLetterSink deadLetters) {
            Admission<V> admission = gate.admit(record);
            if (admission instanceof Admission.Accepted<V> accepted) {
                view.put(accepted.key(), accepted.value());
            } else if (admission instanceof Admission.Tombstone<V> tombstone) {
                view.delete(tombstone.key());
            } else if (admission instanceof Admission.Rejected<V> rejected) {
                deadLetters.deadLetter(consumerName, record, rejected.reason());
            }
        }
    }

    public static final class Builder {
        private final String consumerName;
        private final Map<String, Object> kafka;
        private final DeadLetterSink deadLetters;
        private final Map<String, Route<?>> routes = new LinkedHashMap<>();

        private Builder(String consumerName, Map<String, Object> kafka, DeadLetterSink deadLetters) {
            this.consumerName = consumerName;
            this.kafka = kafka;
            this.deadLetters = deadLetters;
        }

        /** Applies the records of {@code gate}'s topic to {@code view}. */
        public <V extends SpecificRecord> Builder read(RecordGate<V> gate, TopicView<V> view) {
            routes.put(gate.topic().name(), new Route<>(gate, view));
            return this;
        }

        /** Starts reading on a thread of its own. */
        public TopicReader start() {
            if (routes.isEmpty()) {
                throw new IllegalStateException(consumerName + " reads no topic");
            }
            return new TopicReader(consumerName, kafka, routes, deadLetters).start();
        }
    }
}
