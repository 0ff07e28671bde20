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
import dev.slipway.service.LatestValueLoader;

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
     * @param trusted whether a published release verifies (content digest, signature, trusted key)
     */
    public static Topology build(RouterSerdes serdes, Predicate<ReleaseBuilt> trusted) {
        Topology topology = new Topology();
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RELEASES_STORE), Serdes.String(), serdes.releases())
                        .withLoggingDisabled(),
                "releases-source",
                Serdes.String().deserializer(), serdes.releases().deserializer(),
                Topics.RELEASES.name(),
                "releases-loader",
                () -> new LatestValueLoader<>(RELEASES_STORE));

        topology.addSource(ROLLOUTS_SOURCE, Serdes.String().deserializer(), serdes.rollouts().deserializer(),
                Topics.ROLLOUTS.name());
        topology.addSource(COMMANDS_SOURCE, Serdes.String().deserializer(), serdes.commands().deserializer(),
                Topics.ROLLOUT_COMMANDS.name());
        // The latest side-by-side window of each deployment, so a rollback alert carries both arms' metrics.
        topology.addSource(WINDOWS_SOURCE, Serdes.String().deserializer(), serdes.windows().deserializer(),
                Topics.CANARY_METRICS.name());
        topology.addProcessor(POINTER, () -> new PointerProcessor(trusted), ROLLOUTS_SOURCE, COMMANDS_SOURCE,
                WINDOWS_SOURCE);
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
