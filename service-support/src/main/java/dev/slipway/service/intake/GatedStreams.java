package dev.slipway.service.intake;

import java.time.Duration;
import java.util.Optional;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

import dev.slipway.events.Topic;

/**
 * Kafka Streams sources that read bytes and pass every record through its topic's {@link RecordGate}: a stream
 * source forwards well-formed values (and tombstones, as null values) under their key; a global store keeps the
 * latest value per key and deletes on a tombstone. Bad records go to the {@link DeadLetterSink}, once per consumer:
 * a task replayed after a crash, or a global store rebuilt from the beginning, does not dead-letter them again.
 */
public final class GatedStreams {

    /** How long a gate waits for the registry or the dead-letter topic before the stream thread gives up. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Logger LOG = Logger.getLogger(GatedStreams.class);

    private GatedStreams() {
    }

    /**
     * Adds {@code <name>} (bytes) and {@code <name>-gate} reading {@code topic}; returns the gate's name, the parent
     * to give the processors that take the topic's values.
     *
     * @param consumer as dead letters name it, e.g. {@code canary.judge}
     */
    public static <V extends SpecificRecord> String addSource(Topology topology, String name, Topic<V> topic,
            Serde<V> values, String consumer, DeadLetterSink deadLetters) {
        String gate = name + "-gate";
        topology.addSource(name, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), topic.name());
        RecordGate<V> recordGate = new RecordGate<>(topic, values.deserializer());
        topology.addProcessor(gate, () -> new GateProcessor<>(recordGate, consumer, deadLetters), name);
        return gate;
    }

    /**
     * Adds a global store {@code storeName} holding the latest value per key of the compacted {@code topic}.
     */
    public static <V extends SpecificRecord> void addGlobalStore(Topology topology, String storeName, Topic<V> topic,
            Serde<V> values, String consumer, DeadLetterSink deadLetters) {
        RecordGate<V> recordGate = new RecordGate<>(topic, values.deserializer());
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName), Serdes.String(), values)
                        .withLoggingDisabled(),
                storeName + "-source", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                topic.name(), storeName + "-loader",
                () -> new GatedLoader<>(recordGate, storeName, consumer, deadLetters));
    }

    private static <V> Admission<V> admit(RecordGate<?> gate, ConsumerRecord<byte[], byte[]> raw, String consumer,
            DeadLetterSink deadLetters) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long pause = 250;
        while (true) {
            try {
                @SuppressWarnings("unchecked")
                Admission<V> admission = (Admission<V>) gate.admit(raw);
                if (admission instanceof Admission.Rejected<V> rejected) {
                    deadLetters.deadLetter(consumer, raw, rejected.reason());
                }
                return admission;
            } catch (RegistryUnavailableException | DeadLetterUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    // The stream thread stops here; the record is read again when it is replaced or restarted.
                    throw e;
                }
                LOG.warnf("%s: %s; trying again in %d ms", consumer, e.getMessage(), pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, 5_000);
            }
        }
    }

    private static ConsumerRecord<byte[], byte[]> raw(Optional<RecordMetadata> metadata, Record<byte[], byte[]> record) {
        RecordMetadata m = metadata.orElseThrow(() -> new IllegalStateException("a gate runs only on source records"));
        return new ConsumerRecord<>(m.topic(), m.partition(), m.offset(), record.timestamp(), TimestampType.CREATE_TIME,
                record.key() == null ? -1 : record.key().length, record.value() == null ? -1 : record.value().length,
                record.key(), record.value(), record.headers(), Optional.empty());
    }

    private static final class GateProcessor<V extends SpecificRecord> implements Processor<byte[], byte[], String, V> {
        private final RecordGate<V> gate;
        private final String consumer;
        private final DeadLetterSink deadLetters;
        private ProcessorContext<String, V> context;

        GateProcessor(RecordGate<V> gate, String consumer, DeadLetterSink deadLetters) {
            this.gate = gate;
            this.consumer = consumer;
            this.deadLetters = deadLetters;
        }

        @Override
        public void init(ProcessorContext<String, V> context) {
            this.context = context;
            deadLetters.register(consumer);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            Admission<V> admission = admit(gate, raw(context.recordMetadata(), record), consumer, deadLetters);
            if (admission instanceof Admission.Accepted<V> accepted) {
                context.forward(record.withKey(accepted.key()).withValue(accepted.value()));
            } else if (admission instanceof Admission.Tombstone<V> tombstone) {
                context.forward(record.withKey(tombstone.key()).withValue((V) null));
            }
        }
    }

    private static final class GatedLoader<V extends SpecificRecord> implements Processor<byte[], byte[], Void, Void> {
        private final RecordGate<V> gate;
        private final String storeName;
        private final String consumer;
        private final DeadLetterSink deadLetters;
        private ProcessorContext<Void, Void> context;
        private KeyValueStore<String, V> store;

        GatedLoader(RecordGate<V> gate, String storeName, String consumer, DeadLetterSink deadLetters) {
            this.gate = gate;
            this.storeName = storeName;
            this.consumer = consumer;
            this.deadLetters = deadLetters;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
            this.store = context.getStateStore(storeName);
            deadLetters.register(consumer);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            Admission<V> admission = admit(gate, raw(context.recordMetadata(), record), consumer, deadLetters);
            if (admission instanceof Admission.Accepted<V> accepted) {
                store.put(accepted.key(), accepted.value());
            } else if (admission instanceof Admission.Tombstone<V> tombstone) {
                store.delete(tombstone.key());
            }
        }
    }
}
