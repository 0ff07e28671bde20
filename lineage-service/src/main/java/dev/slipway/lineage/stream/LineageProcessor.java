package dev.slipway.lineage.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import dev.slipway.events.Alert;
import dev.slipway.events.AlertReason;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.Route;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunFeedback;
import dev.slipway.events.Severity;
import dev.slipway.lineage.store.LineageKeys;
import dev.slipway.lineage.store.LineageKeys.Index;
import dev.slipway.lineage.store.RunTraceability;

/**
 * Keeps each run with its index entries, each late outcome and each route; flags runs that do not trace back to a
 * release their route could have picked. The decision is {@link RunTraceability}'s; this class only keeps state.
 */
final class LineageProcessor implements Processor<String, SpecificRecord, String, Alert> {

    private static final Logger LOG = Logger.getLogger(LineageProcessor.class);

    /** How often runs waiting for their release or route are looked at again, at most. */
    private static final Duration AWAITING_CHECK = Duration.ofSeconds(10);

    private final Duration retention;
    private final Duration sweep;
    private final Duration routeGrace;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, RunCompleted> runs;
    private KeyValueStore<String, RunFeedback> feedback;
    private KeyValueStore<String, String> index;
    private KeyValueStore<String, Route> routes;
    private KeyValueStore<String, String> flags;
    private KeyValueStore<String, Long> alerted;
    private KeyValueStore<String, Long> awaiting;
    private KeyValueStore<String, ReleaseBuilt> releases;

    LineageProcessor(Duration retention, Duration sweep, Duration routeGrace) {
        this.retention = retention;
        this.sweep = sweep;
        this.routeGrace = routeGrace;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        runs = context.getStateStore(LineageTopology.RUNS_STORE);
        feedback = context.getStateStore(LineageTopology.FEEDBACK_STORE);
        index = context.getStateStore(LineageTopology.INDEX_STORE);
        routes = context.getStateStore(LineageTopology.ROUTES_STORE);
        flags = context.getStateStore(LineageTopology.FLAGS_STORE);
        alerted = context.getStateStore(LineageTopology.ALERTED_STORE);
        releases = context.getStateStore(LineageTopology.RELEASES_STORE);
        awaiting = context.getStateStore(LineageTopology.AWAITING_STORE);
        context.schedule(sweep, PunctuationType.WALL_CLOCK_TIME, now -> sweep(Instant.ofEpochMilli(now)));
        Duration check = routeGrace.compareTo(AWAITING_CHECK) < 0 ? routeGrace : AWAITING_CHECK;
        context.schedule(check.isZero() ? Duration.ofMillis(100) : check, PunctuationType.WALL_CLOCK_TIME,
                this::judgeAwaiting);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value instanceof RunCompleted run) {
            onRun(run);
        } else if (value instanceof RunFeedback outcome) {
            feedback.put(LineageKeys.feedbackKey(outcome.getRunId(), outcome.getFeedbackId()), outcome);
        } else if (value instanceof Route route) {
            routes.put(LineageKeys.routeKey(route.getDeployment(), route.getEpoch()), route);
            judgeAwaiting(route.getDeployment(), route.getEpoch());
        }
        // A tombstone on slipway.routes (a deployment removed) leaves its history: lineage is history.
    }

    private void onRun(RunCompleted run) {
        if (runs.get(run.getRunId()) != null) {
            return; // reported twice (a worker's retry): the first report stands
        }
        runs.put(run.getRunId(), run);
        Instant at = run.getCompletedAt();
        index.put(LineageKeys.indexKey(Index.RELEASE, run.getDigest(), at, run.getRunId()), run.getDeployment());
        index.put(LineageKeys.indexKey(Index.INPUT, run.getInputDigest(), at, run.getRunId()), run.getDeployment());
        index.put(LineageKeys.indexKey(Index.TASK, run.getTaskKey(), at, run.getRunId()), run.getDeployment());
        index.put(LineageKeys.indexKey(Index.COMPLETED, LineageKeys.ALL, at, run.getRunId()), run.getDeployment());
        trace(run, false);
    }

    /**
     * Judges whether the run traces back to a routed release; a run naming a release or an epoch not seen yet waits
     * (in the awaiting store) until {@code graceOver}: then it is judged on what is there.
     */
    private void trace(RunCompleted run, boolean graceOver) {
        String waitKey = LineageKeys.routePrefix(run.getDeployment()) + run.getRunId();
        RunTraceability.Finding finding = RunTraceability.judge(run.getDeployment(), run.getDigest(), run.getEpoch(),
                releases.get(run.getDigest()) != null, routeInForce(run.getDeployment(), run.getEpoch()),
                latestEpoch(run.getDeployment()), graceOver || routeGrace.isZero());
        if (finding.verdict() == RunTraceability.Verdict.AWAITING_ROUTE) {
            if (awaiting.get(waitKey) == null) {
                awaiting.put(waitKey, context.currentSystemTimeMs());
            }
            return;
        }
        awaiting.delete(waitKey);
        if (finding.flagged()) {
            flags.put(run.getRunId(), finding.verdict() + ": " + finding.explanation());
            alertOnce(run, finding);
        }
    }

    /** A route arrived: the deployment's runs that waited for an epoch up to it are judged now. */
    private void judgeAwaiting(String deployment, long epoch) {
        for (String runId : awaitingRuns(LineageKeys.routePrefix(deployment))) {
            RunCompleted run = runs.get(runId);
            if (run == null) {
                awaiting.delete(LineageKeys.routePrefix(deployment) + runId);
            } else if (run.getEpoch() <= epoch) {
                trace(run, false);
            }
        }
    }

    /**
     * Every waiting run is judged again (its release may have arrived on the global store meanwhile); one that has
     * waited the whole grace period is judged on what is there.
     */
    private void judgeAwaiting(long now) {
        Map<String, Long> waiting = new java.util.LinkedHashMap<>();
        try (KeyValueIterator<String, Long> it = awaiting.all()) {
            it.forEachRemaining(kv -> waiting.put(kv.key, kv.value));
        }
        waiting.forEach((key, since) -> {
            RunCompleted run = runs.get(key.substring(key.lastIndexOf('|') + 1));
            if (run == null) {
                awaiting.delete(key);
            } else {
                trace(run, now - since >= routeGrace.toMillis());
            }
        });
    }

    private List<String> awaitingRuns(String prefix) {
        List<String> ids = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = awaiting.prefixScan(prefix,
                new org.apache.kafka.common.serialization.StringSerializer())) {
            it.forEachRemaining(kv -> ids.add(kv.key.substring(prefix.length())));
        }
        return ids;
    }

    /** The newest epoch of the deployment's routes seen so far. */
    private java.util.OptionalLong latestEpoch(String deployment) {
        try (KeyValueIterator<String, Route> it = routes.reverseRange(LineageKeys.routeKey(deployment, 0),
                LineageKeys.routeKey(deployment, Long.MAX_VALUE))) {
            return it.hasNext() ? java.util.OptionalLong.of(it.next().value.getEpoch()) : java.util.OptionalLong.empty();
        }
    }

    /** The deployment's last route with an epoch at or below {@code epoch}. */
    private Optional<RunTraceability.RouteAt> routeInForce(String deployment, long epoch) {
        if (epoch <= 0) {
            return Optional.empty();
        }
        try (KeyValueIterator<String, Route> it = routes.reverseRange(LineageKeys.routeKey(deployment, 0),
                LineageKeys.routeKey(deployment, epoch))) {
            if (!it.hasNext()) {
                return Optional.empty();
            }
            Route r = it.next().value;
            return Optional.of(new RunTraceability.RouteAt(r.getEpoch(), r.getStable(), r.getCanary()));
        }
    }

    private void alertOnce(RunCompleted run, RunTraceability.Finding finding) {
        String key = run.getDeployment() + "|" + run.getDigest() + "|" + finding.verdict();
        if (alerted.get(key) != null) {
            return;
        }
        alerted.put(key, run.getCompletedAt().toEpochMilli());
        Alert alert = Alert.newBuilder()
                .setAlertId(UUID.nameUUIDFromBytes(("lineage/" + key).getBytes(StandardCharsets.UTF_8)).toString())
                .setDeployment(run.getDeployment())
                .setReason(AlertReason.UNTRACEABLE_RUN)
                .setSeverity(Severity.WARNING)
                .setMessage("run " + run.getRunId() + " on " + run.getDeployment() + " is untraceable ("
                        + finding.verdict() + "): " + finding.explanation()
                        + "; later runs of the same release and verdict are flagged without another alert")
                .setRaisedAt(run.getCompletedAt())
                .build();
        LOG.warnf("%s", alert.getMessage());
        context.forward(new Record<>(run.getDeployment(), alert, run.getCompletedAt().toEpochMilli()),
                LineageTopology.ALERTS_SINK);
    }

    /** Removes the runs that completed before {@code now - retention}, with their outcomes, flags and index entries. */
    private void sweep(Instant now) {
        List<String> expired = new ArrayList<>();
        String first = LineageKeys.prefix(Index.COMPLETED, LineageKeys.ALL);
        try (KeyValueIterator<String, String> it = index.range(first,
                LineageKeys.from(Index.COMPLETED, LineageKeys.ALL, now.minus(retention)))) {
            while (it.hasNext()) {
                expired.add(LineageKeys.runIdOf(it.next().key));
            }
        }
        for (String runId : expired) {
            forget(runId);
        }
        if (!expired.isEmpty()) {
            LOG.infof("lineage: %d runs past the retention of %s removed", expired.size(), retention);
        }
    }

    private void forget(String runId) {
        RunCompleted run = runs.get(runId);
        if (run == null) {
            return;
        }
        Instant at = run.getCompletedAt();
        index.delete(LineageKeys.indexKey(Index.RELEASE, run.getDigest(), at, runId));
        index.delete(LineageKeys.indexKey(Index.INPUT, run.getInputDigest(), at, runId));
        index.delete(LineageKeys.indexKey(Index.TASK, run.getTaskKey(), at, runId));
        index.delete(LineageKeys.indexKey(Index.COMPLETED, LineageKeys.ALL, at, runId));
        List<String> outcomes = new ArrayList<>();
        try (KeyValueIterator<String, RunFeedback> it = feedback.prefixScan(LineageKeys.feedbackPrefix(runId),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            it.forEachRemaining((KeyValue<String, RunFeedback> kv) -> outcomes.add(kv.key));
        }
        outcomes.forEach(feedback::delete);
        flags.delete(runId);
        awaiting.delete(LineageKeys.routePrefix(run.getDeployment()) + runId);
        runs.delete(runId);
    }
}
