package dev.slipway.events;

import org.apache.avro.specific.SpecificRecord;

/**
 * One Kafka topic of Slipway: its name, what its key is, the Avro record of its values and whether it is compacted.
 * Serdes are chosen where the topic is used (registry-backed in services, registry-free in topology tests).
 */
public record Topic<V extends SpecificRecord>(String name, String keyDescription, Class<V> valueType, boolean compacted) {

    public Topic {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
    }

    /** The Kafka {@code cleanup.policy} of this topic. */
    public String cleanupPolicy() {
        return compacted ? "compact" : "delete";
    }
}
