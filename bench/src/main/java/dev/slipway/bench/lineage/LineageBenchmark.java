package dev.slipway.bench.lineage;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import dev.slipway.bench.lookups.OpenLoopLoad;
import dev.slipway.bench.stack.Logging;
import dev.slipway.bench.throughput.ThroughputBenchmark;
import dev.slipway.events.Alert;
import dev.slipway.events.AlertReason;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.Route;
import dev.slipway.events.RouteState;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.Severity;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.SampleReleases;
import dev.slipway.testkit.TestTokens;
import dev.slipway.testkit.stack.Http;
import dev.slipway.testkit.stack.Stack;
import dev.slipway.testkit.stack.Wait;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.config.SerdeConfig;

/**
 * The lineage store and alert delivery, against the packaged lineage-service on a real broker and registry:
 * <ol>
 * <li><b>ingest</b>: N runs (the throughput benchmark's 547-byte runs, ids {@code run-<n>}) produced to
 * {@code slipway.runs} as fast as the producer goes while lineage reads them; runs/s from the first run produced to
 * lineage's committed position reaching the end of the topic (exactly-once: committed means stored and indexed);</li>
 * <li><b>point look-ups</b> with all N stored: {@code GET /api/v1/lineage/runs/run-<k>} for k spread at random over
 * the N, open loop ({@link OpenLoopLoad}, its own JVM) at the given rate; p50 / p99 / max from each request's due
 * time;</li>
 * <li><b>alert → page</b>: alerts raised now, one every 50 ms, to a webhook receiver in this JVM; from the alert's
 * {@code raisedAt} to the page arriving, p50 / p99 / max.</li>
 * </ol>
 * Usage: {@code LineageBenchmark [--runs N] [--lookup-rate R] [--lookup-seconds S] [--alerts K] [--settle S]}
 * ({@code --settle}: seconds to wait between the ingest and the look-ups); run with
 * {@code bench/lineage.sh}. The last line: {@code lineage: <r> runs/s ingested; point look-up p99 <ms> ms with <N>
 * runs; alert to page p99 <ms> ms}.
 */
public final class LineageBenchmark {

    private static final String BEARER = "Bearer " + TestTokens.everyone("bench");
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Logging.warningsOnly();
        int runs = 1_000_000;
        int lookupRate = 1_000;
        int lookupSeconds = 20;
        int alerts = 200;
        int settle = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--lookup-rate" -> lookupRate = Integer.parseInt(args[++i]);
                case "--lookup-seconds" -> lookupSeconds = Integer.parseInt(args[++i]);
                case "--alerts" -> alerts = Integer.parseInt(args[++i]);
                case "--settle" -> settle = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: LineageBenchmark [--runs N] [--lookup-rate R] [--lookup-seconds S] "
                            + "[--alerts K] [--settle S]");
                    System.exit(2);
                }
            }
        }
        Map<String, Long> pageLatencyMs = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            long now = System.currentTimeMillis();
            JsonNode page = JSON.readTree(ex.getRequestBody().readAllBytes());
            pageLatencyMs.putIfAbsent(page.path("alertId").asText(),
                    now - Instant.parse(page.path("raisedAt").asText()).toEpochMilli());
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        try (Stack stack = Stack.start(Stack.repoRoot().resolve("bench/target"), "lineage", false, Map.of(
                "slipway.alerts.sinks", "hook", "slipway.alerts.sink.hook.kind", "webhook",
                "slipway.alerts.sink.hook.url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"))) {
            stack.addLineage();
            ReleaseBuilt v1 = SampleReleases.signed(SampleReleases.bundle());
            ReleaseBuilt v2 = SampleReleases.signed(SampleReleases.editedTriageLine());
            for (ReleaseBuilt r : List.of(v1, v2)) {
                AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.RELEASES.name(), r.getDigest(), r);
            }
            // The runs name epoch 2: a route with v1 stable and v2 canary, so every run traces back.
            AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.ROUTES.name(), ThroughputBenchmark.DEPLOYMENT,
                    Route.newBuilder().setDeployment(ThroughputBenchmark.DEPLOYMENT).setStable(v1.getDigest())
                            .setCanary(v2.getDigest()).setCanaryWeightPercent(50).setEpoch(2)
                            .setState(RouteState.CANARY).setUpdatedAt(Instant.now().minusSeconds(60)).build());

            double ingest = ingest(stack, runs, v1.getDigest(), v2.getDigest());
            if (settle > 0) {
                System.out.printf("letting the store settle (RocksDB compactions) for %d s%n", settle);
                Thread.sleep(settle * 1000L); // a fixed pause by design: the store at rest, not a condition to await
            }
            String lineage = stack.lineage().url("");
            JsonNode sample = Http.get(stack.lineage().url("/api/v1/lineage/runs/run-" + (runs / 2))).body();
            if (!sample.path("runId").asText().equals("run-" + (runs / 2)) || sample.path("traceability").path("flagged")
                    .asBoolean()) {
                throw new IllegalStateException("run-" + (runs / 2) + " not answered as expected: " + sample);
            }
            URI base = URI.create(lineage);
            List<OpenLoopLoad.Result> lookups = OpenLoopLoad.inJvmOfItsOwn(base.getHost(), base.getPort(),
                    "/api/v1/lineage/runs/run-", runs, BEARER, 16, 5, lookupSeconds, new int[] {lookupRate});
            OpenLoopLoad.Result lookup = lookups.get(0);
            System.out.printf(Locale.ROOT, "point look-ups, %,d runs stored, open loop at %,d/s for %d s: p50 %.2f ms, "
                    + "p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; %d requests, %d errors%n", runs,
                    lookupRate, lookupSeconds, lookup.p50Ms(), lookup.p90Ms(), lookup.p99Ms(), lookup.p999Ms(),
                    lookup.maxMs(), lookup.requests(), lookup.errors());

            long[] pages = pages(stack, alerts, pageLatencyMs);
            System.out.printf(Locale.ROOT, "alert → page (%d alerts, one every 50 ms, webhook sink): p50 %d ms, p99 %d ms, "
                    + "max %d ms%n", pages.length, rank(pages, 50), rank(pages, 99), pages[pages.length - 1]);
            System.out.printf(Locale.ROOT, "lineage: %.0f runs/s ingested; point look-up p99 %.2f ms with %d runs; "
                    + "alert to page p99 %d ms%n", ingest, lookup.p99Ms(), runs, rank(pages, 99));
        } finally {
            receiver.stop(0);
        }
    }

    /** Produces the runs and waits for lineage's committed position to reach the end; runs/s over that time. */
    private static double ingest(Stack stack, int runs, String baseline, String candidate) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                SerdeConfig.REGISTRY_URL, stack.registryUrl(),
                SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        long start = System.nanoTime();
        AtomicLong failed = new AtomicLong();
        Instant t0 = Instant.now();
        try (KafkaProducer<String, RunCompleted> producer = new KafkaProducer<>(config)) {
            for (int i = 0; i < runs; i++) {
                RunCompleted run = RunCompleted.newBuilder(ThroughputBenchmark.run(i, baseline, candidate,
                        t0.plusMillis(i / 100))).setRunId("run-" + i).build();
                producer.send(new ProducerRecord<>(Topics.RUNS.name(), run.getDeployment(), run), (m, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " runs not written");
        }
        double produced = (System.nanoTime() - start) / 1e9;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap()))) {
            Map<TopicPartition, Long> end = new java.util.HashMap<>();
            for (int p = 0; p < Stack.PARTITIONS; p++) {
                TopicPartition tp = new TopicPartition(Topics.RUNS.name(), p);
                end.put(tp, admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset());
            }
            // Another process's committed offsets: polled (testkit Wait), as nothing here is told when they move.
            Wait.until("lineage's committed position at the end of " + Topics.RUNS.name(), Duration.ofMinutes(15),
                    Duration.ofMillis(200), () -> {
                        try {
                            Map<TopicPartition, OffsetAndMetadata> committed = admin
                                    .listConsumerGroupOffsets("slipway-lineage").partitionsToOffsetAndMetadata().get();
                            return end.entrySet().stream().allMatch(e -> e.getValue() == 0
                                    || (committed.get(e.getKey()) != null
                                            && committed.get(e.getKey()).offset() >= e.getValue()));
                        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                            throw new IllegalStateException(e);
                        }
                    });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = runs / seconds;
        System.out.printf(Locale.ROOT, "ingest: %,d runs produced in %.1f s; stored, indexed and committed by lineage "
                + "%.1f s after the first: %,.0f runs/s%n", runs, produced, seconds, rate);
        return rate;
    }

    private static long[] pages(Stack stack, int alerts, Map<String, Long> latencies) throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < alerts; i++) {
            String id = "bench-alert-" + i;
            ids.add(id);
            Alert alert = Alert.newBuilder().setAlertId(id).setDeployment(ThroughputBenchmark.DEPLOYMENT)
                    .setReason(AlertReason.REGRESSION).setSeverity(Severity.CRITICAL).setMessage("ABORT " + i)
                    .setRaisedAt(Instant.now()).build();
            AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.ALERTS.name(), alert.getDeployment(), alert);
            Thread.sleep(50); // the alerts' pace
        }
        Wait.until("every page at the webhook", Duration.ofSeconds(120), Duration.ofMillis(100),
                () -> latencies.keySet().containsAll(ids));
        long[] sorted = ids.stream().mapToLong(latencies::get).sorted().toArray();
        return sorted;
    }

    private static long rank(long[] sorted, double p) {
        int r = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, r - 1))];
    }

    private LineageBenchmark() {
    }
}
