package dev.slipway.router.stream;

import java.util.function.Predicate;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;


import dev.slipway.events.Alert;
import dev.slipway.events.CanaryWindow;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.RolloutStarted;
import dev.slipway.events.Route;
import dev.slipway.events.Topics;
import dev.slipway.service.intake.DeadLetterSink;
import dev.slipway.service.intake.GatedStreams;

/**
 * The pointer's single writer. Reads {@code slipway.rollouts} (RolloutStarted) and {@code slipway.rollout-commands}
 * (RolloutCommand), both keyed by deployment (and {@code slipway.canary-metrics}, only to attach the latest windows to
 * alerts), applies each to the deployment's route with {@link PointerProcessor},
 * and writes {@code slipway.routes} (Route) and {@code slipway.alerts} (Alert). {@code slipway.releases} is a global
 * store so a rollout naming an unknown or unverifiable release is refused. Run with exactly_once_v2: the route store,
 * the applied-instruction ids and the output records commit together, so a restart neither loses nor repeats a move.
 */
public final class RouterTopology {

    public static final String ROUTES_STORE = "routes";
    public static final String APPLIED_STORE = "applied-instructions";
    public static final String RELEASES_STORE = "releases";
    public static final String WINDOWS_STORE = "latest-windows";

    /** How dead letters name this topology's reading of its sources. */
    public static final String CONSUMER = "router.pointer";

    static final String ROLLOUTS_SOURCE = "rollouts";
    static final String COMMANDS_SOURCE = "rollout-commands";
    static final String WINDOWS_SOURCE = "canary-metrics";
    static final String POINTER = "pointer";
    static final String ROUTES_SINK = "routes-sink";
    static final String ALERTS_SINK = "alerts-sink";

    private RouterTopology() {
    }

    public record RouterSerdes(Serde<RolloutStarted> rollouts, Serde<RolloutCommand> commands, Serde<Route> routes,
            Serde<Alert> alerts, Serde<ReleaseBuilt> releases, Serde<CanaryWindow> windows) {
    }

    /**
     * @param trusted     whether a published release verifies (content digest, signature, trusted key)
     * @param deadLetters where records that break their topic's contract go
     */
    public static Topology build(RouterSerdes serdes, Predicate<ReleaseBuilt> trusted, DeadLetterSink deadLetters) {
        return build(serdes, trusted, deadLetters, DEFAULT_APPLIED_RETENTION);
    }

    /** How long the ids of applied instructions are remembered (see {@code PointerProcessor}). */
    public static final java.time.Duration DEFAULT_APPLIED_RETENTION = java.time.Duration.ofDays(7);

    /**
     * @param appliedRetention how long an applied instruction's id guards against the same instruction sent again
     */
    public static Topology build(RouterSerdes serdes, Predicate<ReleaseBuilt> trusted, DeadLetterSink deadLetters,
            java.time.Duration appliedRetention) {
        Topology topology = new Topology();
        // Every source reads bytes through its topic's gate: bad records are dead-lettered once, as router.pointer.
        GatedStreams.addGlobalStore(topology, RELEASES_STORE, Topics.RELEASES, serdes.releases(), CONSUMER,
                deadLetters);
        String rollouts = GatedStreams.addSource(topology, ROLLOUTS_SOURCE, Topics.ROLLOUTS, serdes.rollouts(),
                CONSUMER, deadLetters);
        String commands = GatedStreams.addSource(topology, COMMANDS_SOURCE, Topics.ROLLOUT_COMMANDS, serdes.commands(),
                CONSUMER, deadLetters);
        // The latest side-by-side window of each deployment, so a rollback alert carries both arms' metrics.
        String windows = GatedStreams.addSource(topology, WINDOWS_SOURCE, Topics.CANARY_METRICS, serdes.windows(),
                CONSUMER, deadLetters);
        topology.addProcessor(POINTER, () -> new PointerProcessor(trusted, appliedRetention), rollouts, commands, windows);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOWS_STORE),
                Serdes.String(), serdes.windows()), POINTER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ROUTES_STORE),
                Serdes.String(), serdes.routes()), POINTER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(APPLIED_STORE),
                Serdes.String(), Serdes.Long()), POINTER);
        topology.addSink(ROUTES_SINK, Topics.ROUTES.name(), Serdes.String().serializer(), serdes.routes().serializer(),
                POINTER);
        topology.addSink(ALERTS_SINK, Topics.ALERTS.name(), Serdes.String().serializer(), serdes.alerts().serializer(),
                POINTER);
        return topology;
    }
}
