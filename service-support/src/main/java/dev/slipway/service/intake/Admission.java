package dev.slipway.service.intake;

/** What a consumer does with one record of a topic, as its contract ({@link dev.slipway.events.Topic}) decides. */
public sealed interface Admission<V> {

    /** A well-formed value under the key it names. */
    record Accepted<V>(String key, V value) implements Admission<V> {
    }

    /** A null value on a compacted topic: the key's entry is deleted. */
    record Tombstone<V>(String key) implements Admission<V> {
    }

    /** A record that breaks the contract: it goes to the dead-letter topic and the consumer moves on. */
    record Rejected<V>(String reason) implements Admission<V> {
    }
}
