package dev.slipway.canary;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.slipway.events.ArmMetrics;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.Topics;

/**
 * Reads {@code slipway.runs} and keeps, per deployment and release digest, the running {@link ArmMetrics} in the
 * store {@value #ARM_METRICS_STORE} (key {@code deployment|digest}). The judge and the side-by-side windows build on
 * this store.
 */
public final class RunMetricsTopology {

    public static final String ARM_METRICS_STORE = "arm-metrics";

    private RunMetricsTopology() {
    }

    public static Topology build(Serde<RunCompleted> runSerde, Serde<ArmMetrics> metricsSerde) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.RUNS.name(), Consumed.with(Serdes.String(), runSerde))
                // Re-keying within the deployment's partition: every run of a deployment is already co-located.
                .groupBy((deployment, run) -> armKey(run.getDeployment(), run.getDigest()),
                        Grouped.with(Serdes.String(), runSerde))
                .aggregate(() -> null,
                        (key, run, metrics) -> ArmTally.add(metrics == null ? ArmTally.empty(run.getDigest()) : metrics, run),
                        Materialized.<String, ArmMetrics, KeyValueStore<Bytes, byte[]>>as(ARM_METRICS_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(metricsSerde));
        return builder.build();
    }

    public static String armKey(String deployment, String digest) {
        return deployment + "|" + digest;
    }
}
