package dev.slipway.service.intake;

/** Where a {@link TopicReader} applies the records of one topic: the latest value per key, or every event. */
public interface TopicView<V> {

    /** A well-formed value under the key it names. */
    void put(String key, V value);

    /** A tombstone on a compacted topic (never called for other topics: a null value there is a bad record). */
    void delete(String key);

    /** A view of a compacted topic: {@code put} for values, {@code delete} for tombstones. */
    static <V> TopicView<V> of(java.util.function.BiConsumer<String, V> put, java.util.function.Consumer<String> delete) {
        return new TopicView<>() {
            @Override
            public void put(String key, V value) {
                put.accept(key, value);
            }

            @Override
            public void delete(String key) {
                delete.accept(key);
            }
        };
    }

    /** A view of a topic without tombstones. */
    static <V> TopicView<V> events(java.util.function.Consumer<V> apply) {
        return new TopicView<>() {
            @Override
            public void put(String key, V value) {
                apply.accept(value);
            }

            @Override
            public void delete(String key) {
                throw new IllegalStateException("no tombstones here: key " + key);
            }
        };
    }
}
