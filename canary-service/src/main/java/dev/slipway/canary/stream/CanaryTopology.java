package dev.slipway.canary.stream;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import dev.slipway.events.Alert;
import dev.slipway.events.CanaryWindow;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.RolloutProgress;
import dev.slipway.events.RolloutStarted;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunFeedback;
import dev.slipway.events.Topics;
import dev.slipway.service.intake.DeadLetterSink;
import dev.slipway.service.intake.GatedStreams;

/**
 * The canary judge's topology. Reads, keyed by deployment so every event of a deployment is on one partition in
 * order: {@code slipway.rollouts}, {@code slipway.runs}, {@code slipway.run-feedback} and
 * {@code slipway.rollout-commands} (operators' PAUSE / RESUME / ROLLBACK); {@code slipway.releases} is a global store
 * for the artifact diff of alerts. Writes {@code slipway.canary-metrics} (CanaryWindow), {@code slipway.rollout-commands}
 * (RAMP / PROMOTE / ABORT / HOLD) and {@code slipway.alerts}. Under exactly_once_v2 the rollout definitions, the
 * progress store, the pending runs and the outputs commit together: a restart neither loses nor double-counts a run, nor repeats a decision.
 */
public final class CanaryTopology {

    /** Per deployment: the current rollout's definition, as started (RolloutStarted), written once per rollout. */
    public static final String DEFINITIONS_STORE = "rollout-definitions";
    /** Per deployment: step, status and both arms' tallies (RolloutProgress), rewritten on every counted run. */
    public static final String PROGRESS_STORE = "rollout-state";
    public static final String PENDING_STORE = "pending-runs";
    public static final String RELEASES_STORE = "releases";

    /** How dead letters name this topology's reading of its sources. */
    public static final String CONSUMER = "canary.judge";

    static final String JUDGE = "judge";
    static final String METRICS_SINK = "metrics-sink";
    static final String COMMANDS_SINK = "commands-sink";
    static final String ALERTS_SINK = "alerts-sink";

    private CanaryTopology() {
    }

    public record CanarySerdes(Serde<RolloutStarted> rollouts, Serde<RunCompleted> runs, Serde<RunFeedback> feedback,
            Serde<RolloutCommand> commands, Serde<CanaryWindow> windows, Serde<Alert> alerts,
            Serde<ReleaseBuilt> releases, Serde<RolloutStarted> definitions, Serde<RolloutProgress> progress,
            Serde<RunCompleted> pendingRuns) {
    }

    /**
     * @param tick           how often wall-clock time is judged (min and max step durations) and windows published
     * @param feedbackWindow how long a run waits for its late outcome before it is dropped (never counted as failed)
     * @param deadLetters    where records that break their topic's contract go
     */
    public static Topology build(CanarySerdes serdes, Duration tick, Duration feedbackWindow,
            DeadLetterSink deadLetters) {
        return build(serdes, tick, feedbackWindow, Duration.ZERO, deadLetters);
    }

    /**
     * @param bake how long the hard breakers keep watching a promoted release before the rollout is over (zero: none)
     */
    public static Topology build(CanarySerdes serdes, Duration tick, Duration feedbackWindow, Duration bake,
            DeadLetterSink deadLetters) {
        Topology topology = new Topology();
        // Every source reads bytes through its topic's gate: bad records are dead-lettered once, as canary.judge.
        GatedStreams.addGlobalStore(topology, RELEASES_STORE, Topics.RELEASES, serdes.releases(), CONSUMER,
                deadLetters);
        String rollouts = GatedStreams.addSource(topology, "rollouts", Topics.ROLLOUTS, serdes.rollouts(), CONSUMER,
                deadLetters);
        String runs = GatedStreams.addSource(topology, "runs", Topics.RUNS, serdes.runs(), CONSUMER, deadLetters);
        String feedback = GatedStreams.addSource(topology, "feedback", Topics.RUN_FEEDBACK, serdes.feedback(), CONSUMER,
                deadLetters);
        String commands = GatedStreams.addSource(topology, "commands", Topics.ROLLOUT_COMMANDS, serdes.commands(),
                CONSUMER, deadLetters);
        topology.addProcessor(JUDGE, () -> new RolloutProcessor(tick, feedbackWindow, bake), rollouts, runs, feedback,
                commands);
        // Caching on: a store written on every run sends its changelog record and writes RocksDB once per key and
        // commit, not once per run (the Processor API leaves caching off unless asked; docs/benchmarks.md).
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DEFINITIONS_STORE),
                Serdes.String(), serdes.definitions()).withCachingEnabled(), JUDGE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PROGRESS_STORE),
                Serdes.String(), serdes.progress()).withCachingEnabled(), JUDGE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE),
                Serdes.String(), serdes.pendingRuns()).withCachingEnabled(), JUDGE);
        topology.addSink(METRICS_SINK, Topics.CANARY_METRICS.name(), Serdes.String().serializer(),
                serdes.windows().serializer(), JUDGE);
        topology.addSink(COMMANDS_SINK, Topics.ROLLOUT_COMMANDS.name(), Serdes.String().serializer(),
                serdes.commands().serializer(), JUDGE);
        topology.addSink(ALERTS_SINK, Topics.ALERTS.name(), Serdes.String().serializer(), serdes.alerts().serializer(),
                JUDGE);
        return topology;
    }
}
