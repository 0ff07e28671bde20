package dev.slipway.lineage.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.Route;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunFeedback;
import dev.slipway.lineage.store.LineageKeys;
import dev.slipway.lineage.store.LineageKeys.Index;

/**
 * Answers lineage questions from the lineage stores (read in place: interactive queries on the service, the
 * TopologyTestDriver's stores in tests). Views are plain records, what the HTTP API returns as JSON.
 */
public final class LineageQueries {

    /** The largest page a caller may ask for. */
    public static final int MAX_PAGE = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stores queried (a composite of every local partition on the service). */
    public record Stores(ReadOnlyKeyValueStore<String, RunCompleted> runs,
            ReadOnlyKeyValueStore<String, RunFeedback> feedback, ReadOnlyKeyValueStore<String, String> index,
            ReadOnlyKeyValueStore<String, Route> routes, ReadOnlyKeyValueStore<String, String> flags,
            ReadOnlyKeyValueStore<String, ReleaseBuilt> releases) {
    }

    public record ToolCallView(String tool, String status, long latencyMs) {
    }

    public record ModelCallView(String provider, String region, String model, long inputTokens, long outputTokens,
            double costUsd, long latencyMs, String status) {
    }

    public record FeedbackView(String feedbackId, Boolean success, Boolean humanIntervention, String source,
            Instant occurredAt) {
    }

    /** Whether the run traces back to a release its route could have picked (see RunTraceability). */
    public record TraceabilityView(boolean flagged, String verdict, String explanation) {
    }

    /** The release that ran it: who built it, when, and its whole resolved manifest. */
    public record ReleaseView(String digest, String agent, String builtBy, Instant builtAt, JsonNode manifest) {
    }

    public record RunView(String runId, String deployment, String digest, String arm, long epoch, String taskKey,
            String inputDigest, String workerId, List<String> retrievalDocs, List<ToolCallView> toolCalls,
            List<ModelCallView> modelCalls, String outcome, Boolean humanIntervention, String stoppedBy,
            double costUsd, long latencyMs, Instant startedAt, Instant completedAt, List<FeedbackView> feedback,
            TraceabilityView traceability, ReleaseView release) {
    }

    public record RunSummary(String runId, String deployment, String digest, String taskKey, String inputDigest,
            String outcome, double costUsd, Instant completedAt) {
    }

    /** One page, oldest first; {@code next} is the cursor of the following page, null on the last. */
    public record Page(List<RunSummary> items, String next) {
    }

    public record RouteVersion(long epoch, String stable, String canary, int canaryWeightPercent, String lastGood,
            String state, String rolloutId, String lastCommandId, Instant from, Instant until) {
    }

    public record FlaggedRun(String runId, String deployment, String digest, String verdict, String explanation,
            Instant completedAt) {
    }

    private final Stores stores;
    private final java.util.function.Function<String, Optional<ReleaseView>> releaseViews;

    public LineageQueries(Stores stores) {
        this.stores = stores;
        this.releaseViews = this::readRelease;
    }

    /**
     * @param releaseCache views of releases already read: a release never changes under its digest, and reading one
     *                     means decoding its whole content and parsing its manifest, most of a point look-up's cost
     */
    public LineageQueries(Stores stores, com.github.benmanes.caffeine.cache.Cache<String, Optional<ReleaseView>> releaseCache) {
        this.stores = stores;
        this.releaseViews = digest -> {
            Optional<ReleaseView> known = releaseCache.getIfPresent(digest);
            if (known != null) {
                return known;
            }
            Optional<ReleaseView> read = readRelease(digest);
            if (read.isPresent()) {
                releaseCache.put(digest, read); // an unknown digest may be published later: not remembered
            }
            return read;
        };
    }

    public Optional<RunView> run(String runId) {
        RunCompleted run = stores.runs().get(runId);
        if (run == null) {
            return Optional.empty();
        }
        List<FeedbackView> outcomes = new ArrayList<>();
        try (KeyValueIterator<String, RunFeedback> it = stores.feedback().prefixScan(LineageKeys.feedbackPrefix(runId),
                new StringSerializer())) {
            it.forEachRemaining(kv -> outcomes.add(new FeedbackView(kv.value.getFeedbackId(), kv.value.getSuccess(),
                    kv.value.getHumanIntervention(), kv.value.getSource(), kv.value.getOccurredAt())));
        }
        String flag = stores.flags().get(runId);
        TraceabilityView traceability = flag == null
                ? new TraceabilityView(false, "TRACEABLE", null)
                : new TraceabilityView(true, flag.substring(0, flag.indexOf(": ")), flag.substring(flag.indexOf(": ") + 2));
        return Optional.of(new RunView(run.getRunId(), run.getDeployment(), run.getDigest(), run.getArm().name(),
                run.getEpoch(), run.getTaskKey(), run.getInputDigest(), run.getWorkerId(), List.copyOf(run.getRetrievalDocs()),
                run.getToolCalls().stream().map(c -> new ToolCallView(c.getTool(), c.getStatus().name(), c.getLatencyMs()))
                        .toList(),
                run.getModelCalls().stream().map(c -> new ModelCallView(c.getProvider(), c.getRegion(), c.getModel(),
                        c.getInputTokens(), c.getOutputTokens(), c.getCostUsd(), c.getLatencyMs(), c.getStatus().name()))
                        .toList(),
                run.getOutcome().name(), run.getHumanIntervention(), run.getStoppedBy(), run.getCostUsd(),
                run.getLatencyMs(), run.getStartedAt(), run.getCompletedAt(), outcomes, traceability,
                release(run.getDigest()).orElse(null)));
    }

    public Optional<ReleaseView> release(String digest) {
        return releaseViews.apply(digest);
    }

    private Optional<ReleaseView> readRelease(String digest) {
        ReleaseBuilt release = stores.releases().get(digest);
        if (release == null) {
            return Optional.empty();
        }
        JsonNode manifest;
        try {
            manifest = JSON.readTree(release.getContent());
        } catch (java.io.IOException e) {
            manifest = JSON.getNodeFactory().textNode(release.getContent());
        }
        return Optional.of(new ReleaseView(release.getDigest(), release.getAgent(), release.getBuiltBy(),
                release.getBuiltAt(), manifest));
    }

    /** Whether any run names this value in this index (a release with no runs yet has none). */
    public boolean anyRun(Index index, String value) {
        try (KeyValueIterator<String, String> it = stores.index().prefixScan(LineageKeys.prefix(index, value),
                new StringSerializer())) {
            return it.hasNext();
        }
    }

    /**
     * The runs one index value names, completed within [{@code from}, {@code to}], oldest first.
     *
     * @param after the cursor a previous page returned as {@code next}, or null for the first page
     */
    public Page runs(Index index, String value, Instant from, Instant to, int limit, String after) {
        String cursor = after == null ? null : decodeCursor(after);
        if (cursor != null && !cursor.startsWith(LineageKeys.prefix(index, value))) {
            throw new IllegalArgumentException("the cursor belongs to another query");
        }
        String start = cursor == null ? LineageKeys.from(index, value, from) : cursor + "\u0000";
        String end = LineageKeys.until(index, value, to);
        List<RunSummary> items = new ArrayList<>();
        String last = null;
        boolean more = false;
        if (start.compareTo(end) < 0) {
            try (KeyValueIterator<String, String> it = stores.index().range(start, end)) {
                while (it.hasNext()) {
                    KeyValue<String, String> kv = it.next();
                    if (kv.key.compareTo(end) >= 0) {
                        break; // range's upper bound is inclusive; the bound itself is never a key, but be exact
                    }
                    if (items.size() == limit) {
                        more = true;
                        break;
                    }
                    RunCompleted run = stores.runs().get(LineageKeys.runIdOf(kv.key));
                    if (run != null) {
                        items.add(new RunSummary(run.getRunId(), run.getDeployment(), run.getDigest(), run.getTaskKey(),
                                run.getInputDigest(), run.getOutcome().name(), run.getCostUsd(), run.getCompletedAt()));
                        last = kv.key;
                    }
                }
            }
        }
        return new Page(items, more && last != null ? encodeCursor(last) : null);
    }

    /** Every route the deployment had, oldest first, each with the time it took effect and the time it was replaced. */
    public List<RouteVersion> routeHistory(String deployment) {
        List<Route> history = new ArrayList<>();
        try (KeyValueIterator<String, Route> it = stores.routes().prefixScan(LineageKeys.routePrefix(deployment),
                new StringSerializer())) {
            it.forEachRemaining(kv -> history.add(kv.value));
        }
        List<RouteVersion> versions = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Route r = history.get(i);
            Instant until = i + 1 < history.size() ? history.get(i + 1).getUpdatedAt() : null;
            versions.add(new RouteVersion(r.getEpoch(), r.getStable(), r.getCanary(), r.getCanaryWeightPercent(),
                    r.getLastGood(), r.getState().name(), r.getRolloutId(), r.getLastCommandId(), r.getUpdatedAt(),
                    until));
        }
        return versions;
    }

    /** The route in force at {@code at}: the last one published at or before it. */
    public Optional<RouteVersion> servingAt(String deployment, Instant at) {
        RouteVersion serving = null;
        for (RouteVersion v : routeHistory(deployment)) {
            if (v.from().isAfter(at)) {
                break;
            }
            serving = v;
        }
        return Optional.ofNullable(serving);
    }

    /** Runs flagged as untraceable, newest first, at most {@code limit}. */
    public List<FlaggedRun> flagged(int limit) {
        List<FlaggedRun> all = new ArrayList<>();
        try (KeyValueIterator<String, String> it = stores.flags().all()) {
            while (it.hasNext()) {
                KeyValue<String, String> kv = it.next();
                RunCompleted run = stores.runs().get(kv.key);
                if (run == null) {
                    continue;
                }
                int split = kv.value.indexOf(": ");
                all.add(new FlaggedRun(kv.key, run.getDeployment(), run.getDigest(), kv.value.substring(0, split),
                        kv.value.substring(split + 2), run.getCompletedAt()));
            }
        }
        all.sort(java.util.Comparator.comparing(FlaggedRun::completedAt).reversed());
        return all.subList(0, Math.min(limit, all.size()));
    }

    /** How many runs are flagged, by verdict (the completeness gauge). */
    public java.util.Map<String, Long> flaggedByVerdict() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        try (KeyValueIterator<String, String> it = stores.flags().all()) {
            it.forEachRemaining(kv -> counts.merge(kv.value.substring(0, kv.value.indexOf(": ")), 1L, Long::sum));
        }
        return counts;
    }

    /** A cursor is the last index key of a page, opaque to callers. */
    static String encodeCursor(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor this service returned: " + cursor, e);
        }
    }
}
