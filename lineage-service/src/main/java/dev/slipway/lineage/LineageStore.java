package dev.slipway.lineage;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import dev.slipway.lineage.query.LineageQueries;
import dev.slipway.lineage.store.RunTraceability;
import dev.slipway.lineage.stream.LineageTopology;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;

/**
 * The lineage stores of this instance's Kafka Streams application, read in place, and the completeness gauge
 * {@code slipway_lineage_untraceable_runs{verdict}} (runs kept that do not trace back to a release their route
 * could have picked), read from the flags store when scraped.
 */
@Startup
@ApplicationScoped
public class LineageStore {

    /** The store is not queryable yet (restoring, rebalancing) or no longer (shutting down). */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaStreams streams;
    /** Releases never change under their digest: each is decoded and its manifest parsed once. */
    private final Cache<String, Optional<LineageQueries.ReleaseView>> releases = Caffeine.newBuilder()
            .maximumSize(1_000).build();
    /** The stores' handles, made once and again after the store moved or restored (InvalidStateStoreException). */
    private volatile LineageQueries queries;

    public LineageStore(KafkaStreams streams, MeterRegistry metrics) {
        this.streams = streams;
        for (RunTraceability.Verdict verdict : RunTraceability.Verdict.values()) {
            if (verdict.flagged()) {
                Gauge.builder("slipway.lineage.untraceable.runs", this, s -> s.untraceable(verdict.name()))
                        .description("Runs kept by lineage that do not trace back to a release their route could "
                                + "have picked, by verdict")
                        .tags(Tags.of("verdict", verdict.name()))
                        .register(metrics);
            }
        }
    }

    /** Queries over every partition this instance holds. */
    public LineageQueries queries() {
        LineageQueries current = queries;
        if (current != null && streams.state() == KafkaStreams.State.RUNNING) {
            return current;
        }
        try {
            current = new LineageQueries(new LineageQueries.Stores(store(LineageTopology.RUNS_STORE),
                    store(LineageTopology.FEEDBACK_STORE), store(LineageTopology.INDEX_STORE),
                    store(LineageTopology.ROUTES_STORE), store(LineageTopology.FLAGS_STORE),
                    store(LineageTopology.RELEASES_STORE)), releases);
            queries = current;
            return current;
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("the lineage store is not queryable now (" + streams.state() + ")", e);
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()));
    }

    /** Flagged runs of one verdict, read at scrape time; NaN while the store is not queryable. */
    private double untraceable(String verdict) {
        try {
            return queries().flaggedByVerdict().getOrDefault(verdict, 0L);
        } catch (Unavailable | InvalidStateStoreException e) {
            return Double.NaN;
        }
    }
}
