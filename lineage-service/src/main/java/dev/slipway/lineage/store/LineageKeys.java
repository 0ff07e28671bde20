package dev.slipway.lineage.store;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The keys of the lineage stores. RocksDB keeps keys in byte order and a String key is its UTF-8 bytes, so a key made
 * of {@code <kind>|<value>|<time>|<id>} with the time zero-padded to a fixed width lists one value's entries oldest
 * first, and a prefix or range scan reads exactly them. A value is URL-encoded first, so a {@code |} in a task key
 * or a deployment can never be taken for a separator. Plain Java.
 */
public final class LineageKeys {

    /**
     * Index kinds: a release's runs, the runs that saw one input, the runs of one task key, and every run by
     * completion time (value {@link #ALL}: what the retention sweep reads).
     */
    public enum Index {
        RELEASE("release"), INPUT("input"), TASK("task"), COMPLETED("completed");

        private final String tag;

        Index(String tag) {
            this.tag = tag;
        }
    }

    private static final String SEPARATOR = "|";

    /** The one value of {@link Index#COMPLETED}. */
    public static final String ALL = "";

    private LineageKeys() {
    }

    /** All entries of one index value, e.g. every run of a release. */
    public static String prefix(Index index, String value) {
        return index.tag + SEPARATOR + encode(value) + SEPARATOR;
    }

    public static String indexKey(Index index, String value, Instant at, String runId) {
        return prefix(index, value) + time(at) + SEPARATOR + runId;
    }

    /** The first key at or after {@code at} among one value's entries (a range's inclusive start). */
    public static String from(Index index, String value, Instant at) {
        return prefix(index, value) + time(at);
    }

    /** The key just after every entry of {@code at} (a range's exclusive end): the next millisecond's first. */
    public static String until(Index index, String value, Instant at) {
        return prefix(index, value) + time(at.plusMillis(1));
    }

    /** The run id at the end of an index key. */
    public static String runIdOf(String indexKey) {
        return indexKey.substring(indexKey.lastIndexOf(SEPARATOR) + 1);
    }

    /** A deployment's route history, in epoch order (epochs only grow). */
    public static String routeKey(String deployment, long epoch) {
        return routePrefix(deployment) + String.format("%019d", epoch);
    }

    public static String routePrefix(String deployment) {
        return encode(deployment) + SEPARATOR;
    }

    /** A run's late outcomes, in the order their ids sort. */
    public static String feedbackKey(String runId, String feedbackId) {
        return feedbackPrefix(runId) + feedbackId;
    }

    public static String feedbackPrefix(String runId) {
        return encode(runId) + SEPARATOR;
    }

    private static String time(Instant at) {
        return String.format("%013d", Math.max(0, at.toEpochMilli()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
