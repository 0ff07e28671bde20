package dev.slipway.lineage.stream;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import dev.slipway.events.Alert;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.Route;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunFeedback;
import dev.slipway.events.Topics;
import dev.slipway.service.intake.DeadLetterSink;
import dev.slipway.service.intake.GatedStreams;

/**
 * The lineage store. Reads {@code slipway.runs}, {@code slipway.run-feedback} and {@code slipway.routes} (keyed by
 * deployment, so one deployment's runs and routes are in one task, in order) and {@code slipway.releases} as a global
 * store; keeps, in changelogged stores queried in place (interactive queries):
 * <ul>
 * <li>{@link #RUNS_STORE}: run id → the run as reported (release digest, arm, epoch, task key, input digest,
 * retrieval documents, tool calls, model calls with provider and region, outcome, cost);</li>
 * <li>{@link #FEEDBACK_STORE}: each run's late outcomes;</li>
 * <li>{@link #INDEX_STORE}: runs by release and time, by input digest and by task key
 * ({@link dev.slipway.lineage.store.LineageKeys});</li>
 * <li>{@link #ROUTES_STORE}: every route a deployment had, by epoch — {@code slipway.routes} is compacted to the
 * latest route, so this is where "which release was serving X at T" stays answerable;</li>
 * <li>{@link #FLAGS_STORE}: runs that do not trace back to a release the route could have picked
 * ({@link dev.slipway.lineage.store.RunTraceability}); the first such run of a deployment, release and verdict
 * raises an {@link Alert} on {@code slipway.alerts}.</li>
 * </ul>
 * Under exactly_once_v2 a run, its index entries, its flag and its alert commit together. Runs older than the
 * retention are dropped with their feedback and index entries.
 */
public final class LineageTopology {

    public static final String RUNS_STORE = "lineage-runs";
    public static final String FEEDBACK_STORE = "lineage-feedback";
    public static final String INDEX_STORE = "lineage-run-index";
    public static final String ROUTES_STORE = "lineage-route-history";
    public static final String FLAGS_STORE = "lineage-flags";
    /** Runs naming a route epoch not seen yet, judged when it arrives or after the grace period (wall-clock ms). */
    public static final String AWAITING_STORE = "lineage-awaiting-route";
    /** Deployment, release and verdict already alerted on: one alert each, not one per run. */
    public static final String ALERTED_STORE = "lineage-alerted";
    public static final String RELEASES_STORE = "lineage-releases";

    /** How dead letters name this topology's reading of its sources. */
    public static final String CONSUMER = "lineage.store";

    static final String PROCESSOR = "lineage";
    static final String ALERTS_SINK = "alerts-sink";

    private LineageTopology() {
    }

    public record LineageSerdes(Serde<RunCompleted> runs, Serde<RunFeedback> feedback, Serde<Route> routes,
            Serde<ReleaseBuilt> releases, Serde<Alert> alerts, Serde<RunCompleted> storedRuns,
            Serde<RunFeedback> storedFeedback, Serde<Route> storedRoutes) {
    }

    /**
     * @param retention how long a run stays queryable after it completed
     * @param sweep     how often (wall-clock) runs past the retention are removed
     */
    public static Topology build(LineageSerdes serdes, Duration retention, Duration sweep, DeadLetterSink deadLetters) {
        return build(serdes, retention, sweep, Duration.ofMinutes(2), deadLetters);
    }

    /**
     * @param routeGrace how long a run naming a route epoch not seen yet waits for that route before it is judged
     *                   without it
     */
    public static Topology build(LineageSerdes serdes, Duration retention, Duration sweep, Duration routeGrace,
            DeadLetterSink deadLetters) {
        Topology topology = new Topology();
        GatedStreams.addGlobalStore(topology, RELEASES_STORE, Topics.RELEASES, serdes.releases(), CONSUMER,
                deadLetters);
        String runs = GatedStreams.addSource(topology, "runs", Topics.RUNS, serdes.runs(), CONSUMER, deadLetters);
        String feedback = GatedStreams.addSource(topology, "feedback", Topics.RUN_FEEDBACK, serdes.feedback(),
                CONSUMER, deadLetters);
        String routes = GatedStreams.addSource(topology, "routes", Topics.ROUTES, serdes.routes(), CONSUMER,
                deadLetters);
        topology.addProcessor(PROCESSOR, () -> new LineageProcessor(retention, sweep, routeGrace), runs, feedback, routes);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RUNS_STORE),
                Serdes.String(), serdes.storedRuns()).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FEEDBACK_STORE),
                Serdes.String(), serdes.storedFeedback()).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(INDEX_STORE),
                Serdes.String(), Serdes.String()).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ROUTES_STORE),
                Serdes.String(), serdes.storedRoutes()).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(FLAGS_STORE),
                Serdes.String(), Serdes.String()).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AWAITING_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERTED_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), PROCESSOR);
        topology.addSink(ALERTS_SINK, Topics.ALERTS.name(), Serdes.String().serializer(), serdes.alerts().serializer(),
                PROCESSOR);
        return topology;
    }
}
