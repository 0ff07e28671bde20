package dev.slipway.events;

import java.util.Objects;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;

/**
 * One Kafka topic of Slipway and its contract with every consumer: its name, what its key is (and how to derive the
 * key a value must be written under), the Avro record of its values and whether it is compacted. Serdes are chosen
 * where the topic is used (registry-backed in services, registry-free in topology tests).
 *
 * <p>A record breaks the contract, and is dead-lettered by whoever reads it, when its key is missing, is not UTF-8 or
 * differs from {@link #expectedKey(SpecificRecord)} of its value, when its value cannot be decoded into
 * {@link #valueType()}, or when its value is null on a topic that does not take tombstones
 * ({@link #nullValue()}).
 *
 * @param keyOf          the key a value must be written under (a deployment id, a digest, ...): the key decides the
 *                       partition and so which instance owns the value's state, so a value under another key is refused
 * @param maxRecordBytes the largest record the topic takes ({@code max.message.bytes} at creation, and the producer's
 *                       {@code max.request.size}); 0 for the broker's default of about 1 MiB
 */
public record Topic<V extends SpecificRecord>(String name, String keyDescription, Class<V> valueType, boolean compacted,
        Function<V, String> keyOf, int maxRecordBytes) {

    /** Kafka's own default record limit, which every topic without {@link #maxRecordBytes()} keeps. */
    public static final int BROKER_DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

    /** A topic with the broker's default record limit. */
    public Topic(String name, String keyDescription, Class<V> valueType, boolean compacted, Function<V, String> keyOf) {
        this(name, keyDescription, valueType, compacted, keyOf, 0);
    }

    /** What a record with a null value means on a topic. */
    public enum NullValue {
        /** Compacted topics: the key's entry is deleted, in every consumer's view as in the log after compaction. */
        TOMBSTONE,
        /** Other topics: nothing to apply; a bad record like any other. */
        INVALID
    }

    public Topic {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(keyOf, "keyOf");
        if (maxRecordBytes < 0) {
            throw new IllegalArgumentException("maxRecordBytes must be 0 (broker default) or positive");
        }
    }

    /** The record limit that applies on this topic, stated or the broker's default. */
    public int recordLimit() {
        return maxRecordBytes > 0 ? maxRecordBytes : BROKER_DEFAULT_MAX_RECORD_BYTES;
    }

    /**
     * The topic's {@code max.message.bytes} (a limit on the batch, compressed): the record limit plus room for the
     * batch and record headers, so any record the producer accepts is accepted by the broker.
     */
    public int maxMessageBytes() {
        return recordLimit() + 64 * 1024;
    }

    /** The Kafka {@code cleanup.policy} of this topic. */
    public String cleanupPolicy() {
        return compacted ? "compact" : "delete";
    }

    /**
     * A tombstone deletes on a compacted topic, because compaction deletes it from the log too: a consumer that
     * ignored it would hold state that the next consumer to read the topic from the start never sees.
     */
    public NullValue nullValue() {
        return compacted ? NullValue.TOMBSTONE : NullValue.INVALID;
    }

    /** The key {@code value} must be written under. */
    public String expectedKey(V value) {
        return keyOf.apply(value);
    }
}
