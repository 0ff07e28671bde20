package dev.slipway.events;

/**
 * The headers of a record on {@link Topics#DEAD_LETTER}, all UTF-8 text. Its key is the original key's bytes; its
 * value the original value's bytes, cut to {@link #VALUE_PREFIX_BYTES} when longer; the original headers follow.
 */
public final class DeadLetterHeaders {

    /** Who could not take the record: {@code <service>.<reader>}, e.g. {@code builder.release-log}. */
    public static final String CONSUMER = "dead-letter-consumer";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    /** What was wrong, in words: "undecodable value (12 bytes): …", "key 'a/prod' but the value's deployment is …". */
    public static final String REASON = "dead-letter-reason";
    /** The original record's timestamp, epoch milliseconds. */
    public static final String TIMESTAMP = "dead-letter-timestamp";
    /** The original value's length in bytes ("null" for a null value); longer than the value kept when cut. */
    public static final String VALUE_SIZE = "dead-letter-value-size";

    /** The most of a bad value that is kept: the dead-letter record must fit where the original did. */
    public static final int VALUE_PREFIX_BYTES = 256 * 1024;
    /** The most of a bad key that is kept. */
    public static final int KEY_PREFIX_BYTES = 16 * 1024;

    private DeadLetterHeaders() {
    }
}
