package dev.slipway.bench.throughput;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import dev.slipway.bench.stack.Logging;
import dev.slipway.testkit.SampleReleases;
import dev.slipway.canary.stream.CanaryTopology;
import dev.slipway.events.Arm;
import dev.slipway.events.ArmMetrics;
import dev.slipway.events.Budgets;
import dev.slipway.events.CallStatus;
import dev.slipway.events.Guardrails;
import dev.slipway.events.ModelCall;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.RolloutProgress;
import dev.slipway.events.RolloutStarted;
import dev.slipway.events.RolloutStep;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunOutcome;
import dev.slipway.events.ToolCall;
import dev.slipway.events.TopicProvisioner;
import dev.slipway.events.Topics;
import dev.slipway.service.RegistrySerdes;
import dev.slipway.service.SingleObjectAvroSerde;
import dev.slipway.testkit.ApicurioRegistry;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.RecordingDeadLetters;
import dev.slipway.testkit.EmbeddedKafkaBroker;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;

/**
 * Streams throughput: how fast the canary topology ({@link CanaryTopology}, run in this JVM with
 * {@code new KafkaStreams(...)} and the service's settings) aggregates runs, against a plain {@code KafkaConsumer}
 * that only reads and decodes the same records.
 *
 * <p>An in-process broker and a registry; N {@code RunCompleted} records (registry Avro, realistic: two tool calls,
 * two model calls, three retrieval documents) for one deployment, after a {@code RolloutStarted} so every run is
 * tallied. Runs alternate baseline and candidate, pair by pair identical (same outcome, intervention, cost), with
 * 5 % FAILED, 2 % ERROR and 4 % interventions: the judge sees two equal arms, never a regression or a breaker. The
 * plan's min tasks (10⁹) is above N and its max duration a week, so the judge never ramps, promotes or holds; the
 * budgets are far above the spend.
 *
 * <ul>
 * <li><b>plain consumer</b>: {@code KafkaConsumer} with Apicurio's {@code AvroKafkaDeserializer} (specific reader)
 * with Apicurio's default settings (the reference), from the beginning until it has N records; timed from its first
 * poll. Also reported: the same configured as every Slipway client ({@link RegistrySerdes#clientConfig}, the
 * topology's own deserializer), a stricter comparison.</li>
 * <li><b>canary topology</b>: exactly_once_v2, commit.interval.ms 100, session timeout 10 s (the canary service's
 * application.properties), one stream thread, fresh application id and state directory, the serdes as the service's
 * TopologyProducer builds them ({@link RegistrySerdes} for topics, {@link SingleObjectAvroSerde} for the stores);
 * done when the {@code rollout-state} store's tasks for the deployment (baseline + canary + pending) reach N,
 * read every 20 ms through interactive queries. Timed from the RUNNING state (also reported: from
 * {@code start()}, and until the committed position reaches the end of the topic).</li>
 * </ul>
 *
 * <p>A warm-up pass of each (uncounted), then {@code --repeat} alternations of both; medians. Options: {@code --records N} (default
 * 1,000,000: shorter passes are dominated by warm-up), {@code --repeat N} (default 3), {@code --profile} (a JFR recording of the Streams passes, summarised per
 * thread and per phase at the end). The last line is the median throughput ratio Streams / plain consumer. Run with
 * {@code bench/throughput.sh}.
 */
public final class ThroughputBenchmark {

    public static final String DEPLOYMENT = "support-triage/prod";

    private final String bootstrap;
    private final String registryUrl;
    private final Path dir;
    private final int records;

    private ThroughputBenchmark(String bootstrap, String registryUrl, Path dir, int records) {
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        this.dir = dir;
        this.records = records;
    }

    /** @param streamThreadBusy the stream thread's CPU time over the wall time from RUNNING to done */
    record StreamsPass(double fromRunningS, double fromStartS, double startupS, double committedS,
            double streamThreadBusy) {
    }

    public static void main(String[] args) throws Exception {
        Logging.warningsOnly();
        int records = 1_000_000;
        int repeat = 3;
        boolean profile = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--profile" -> profile = true;
                default -> {
                    System.err.println("usage: ThroughputBenchmark [--records N] [--repeat N] [--profile]");
                    System.exit(2);
                }
            }
        }
        Path dir = Files.createDirectories(Path.of(System.getProperty("slipway.repo.root", "."), "bench", "target",
                "throughput-" + UUID.randomUUID()));
        long t = System.nanoTime();
        String last;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).build().start();
                ApicurioRegistry registry = ApicurioRegistry.builder().logFile(dir.resolve("registry.log")).build().start()) {
            // One partition per topic: every event of one deployment is on one partition anyway.
            TopicProvisioner.ensureAll(broker.bootstrapServers(), 1, (short) 1);
            System.out.printf(Locale.ROOT, "broker %s and registry %s up in %.1f s; data in %s%n",
                    broker.bootstrapServers(), registry.url(), (System.nanoTime() - t) / 1e9, dir);
            ThroughputBenchmark bench = new ThroughputBenchmark(broker.bootstrapServers(), registry.url(), dir, records);
            last = bench.run(repeat, profile);
        }
        // The broker's data and the state directories take ~100 MB per pass; the logs and recordings stay.
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().equals("kafka")
                    || p.getFileName().toString().startsWith("state-")).toList()) {
                deleteTree(p);
            }
        }
        // Last, after the broker's shutdown messages.
        System.out.println(last);
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** How the plain consumer decodes: as every Slipway client does, or with Apicurio's defaults. */
    enum PlainDecoder {
        /** {@link RegistrySerdes#clientConfig}: the deserializer the canary topology uses; the stricter comparison. */
        SLIPWAY,
        /**
         * Apicurio's deserializer as configured out of the box (it fingerprints the schema on every record): the
         * reference of the ratio, as since this benchmark was written.
         */
        APICURIO_DEFAULT
    }

    /** Runs the passes and prints their figures; returns the last line. */
    private String run(int repeat, boolean profile) throws Exception {
        ReleaseBuilt v1 = SampleReleases.signed(SampleReleases.bundle());
        ReleaseBuilt v2 = SampleReleases.signed(SampleReleases.withTriageLine("Always ask for the customer's account id before escalating."));
        for (ReleaseBuilt release : List.of(v1, v2)) {
            AvroTopics.send(bootstrap, registryUrl, Topics.RELEASES.name(), release.getDigest(), release);
        }
        AvroTopics.send(bootstrap, registryUrl, Topics.ROLLOUTS.name(), DEPLOYMENT, rollout(v1, v2));
        Thread.sleep(5); // every run starts strictly after the rollout's record time
        produce(v1.getDigest(), v2.getDigest());

        // Warm-up, uncounted: one pass of each, so all are measured with the same JIT-compiled code paths.
        for (PlainDecoder decoder : PlainDecoder.values()) {
            double warm = plainConsumer(decoder);
            System.out.printf(Locale.ROOT, "warm-up plain consumer (%s):  %6.2f s, %8.0f records/s%n", decoder, warm,
                    records / warm);
        }
        double warmStreams = canaryTopology("warm-up").fromRunningS();
        System.out.printf(Locale.ROOT, "warm-up canary topology: %6.2f s, %8.0f records/s%n", warmStreams,
                records / warmStreams);
        double[] plain = new double[repeat];
        double[] plainDefault = new double[repeat];
        StreamsPass[] streams = new StreamsPass[repeat];
        Profiler profiler = profile ? new Profiler(dir.resolve("streams.jfr")) : null;
        for (int i = 0; i < repeat; i++) {
            plain[i] = plainConsumer(PlainDecoder.SLIPWAY);
            plainDefault[i] = plainConsumer(PlainDecoder.APICURIO_DEFAULT);
            System.out.printf(Locale.ROOT, "pass %d plain consumer:  %6.2f s, %8.0f records/s (Apicurio defaults: %8.0f)%n",
                    i + 1, plain[i], records / plain[i], records / plainDefault[i]);
            if (profiler != null) {
                profiler.start();
            }
            streams[i] = canaryTopology("pass" + (i + 1));
            if (profiler != null) {
                profiler.stop();
            }
            System.out.printf(Locale.ROOT, "pass %d canary topology: %6.2f s, %8.0f records/s from RUNNING "
                    + "(start-up %.2f s; %.0f records/s from start(); committed to the end %.2f s after RUNNING; "
                    + "stream thread on CPU %.0f %% of the time)%n",
                    i + 1, streams[i].fromRunningS(), records / streams[i].fromRunningS(), streams[i].startupS(),
                    records / streams[i].fromStartS(), streams[i].committedS(), 100 * streams[i].streamThreadBusy());
        }
        double plainMedian = median(plain);
        double plainDefaultMedian = median(plainDefault);
        double streamsMedian = median(Arrays.stream(streams).mapToDouble(StreamsPass::fromRunningS).toArray());
        double streamsFromStart = median(Arrays.stream(streams).mapToDouble(StreamsPass::fromStartS).toArray());
        double streamsCommitted = median(Arrays.stream(streams).mapToDouble(StreamsPass::committedS).toArray());
        System.out.println();
        System.out.printf(Locale.ROOT, "%,d records; medians of %d passes:%n", records, repeat);
        System.out.printf(Locale.ROOT, "  plain consumer, Slipway's deserializer   %8.0f records/s (%.2f s)%n",
                records / plainMedian, plainMedian);
        System.out.printf(Locale.ROOT, "  plain consumer, Apicurio's defaults      %8.0f records/s (%.2f s)%n",
                records / plainDefaultMedian, plainDefaultMedian);
        System.out.printf(Locale.ROOT, "  canary topology, from RUNNING            %8.0f records/s (%.2f s)%n",
                records / streamsMedian, streamsMedian);
        System.out.printf(Locale.ROOT, "  canary topology, from start()            %8.0f records/s (%.2f s)%n",
                records / streamsFromStart, streamsFromStart);
        System.out.printf(Locale.ROOT, "  canary topology, until committed         %8.0f records/s (%.2f s)%n",
                records / streamsCommitted, streamsCommitted);
        if (profiler != null) {
            profiler.summarise();
        }
        return String.format(Locale.ROOT, "streams/plain-consumer throughput ratio: %.2f (target >= 0.5); "
                + "%.2f against a plain consumer with Slipway's deserializer", plainDefaultMedian / streamsMedian,
                plainMedian / streamsMedian);
    }

    private <T extends org.apache.avro.specific.SpecificRecord> Serde<T> serde() {
        return RegistrySerdes.specific(registryUrl);
    }

    static RolloutStarted rollout(ReleaseBuilt baseline, ReleaseBuilt candidate) {
        long week = Duration.ofDays(7).toMillis();
        return RolloutStarted.newBuilder()
                .setRolloutId(UUID.randomUUID().toString())
                .setDeployment(DEPLOYMENT)
                .setCandidate(candidate.getDigest())
                .setBaseline(baseline.getDigest())
                // min tasks above N: the judge never ramps; max a week: it never holds
                .setPlan(List.of(
                        RolloutStep.newBuilder().setWeightPercent(50).setMinTasks(1_000_000_000).setMinDurationMs(0)
                                .setMaxDurationMs(week).build(),
                        RolloutStep.newBuilder().setWeightPercent(100).setMinTasks(1_000_000_000).setMinDurationMs(0)
                                .setMaxDurationMs(week).build()))
                .setGuardrails(Guardrails.newBuilder().build())
                .setBudgets(Budgets.newBuilder().setMaxCandidateSpendUsd(1e12).setMaxTaskSpendUsd(1e6).build())
                .setStartedBy("bench")
                .setStartedAt(Instant.now())
                .build();
    }

    /** Run {@code index}: pairs (baseline, candidate) with identical outcomes. */
    public static RunCompleted run(int index, String baseline, String candidate, Instant startedAt) {
        int pair = index / 2;
        boolean canary = index % 2 == 1;
        RunOutcome outcome = pair % 50 == 13 ? RunOutcome.ERROR : pair % 20 == 7 ? RunOutcome.FAILED : RunOutcome.SUCCEEDED;
        double modelCost = 0.0021 + 0.0001 * (pair % 37);
        long latency = 600 + 7L * (pair % 300);
        return RunCompleted.newBuilder()
                .setRunId(UUID.nameUUIDFromBytes(("run-" + index).getBytes(StandardCharsets.UTF_8)).toString())
                .setDeployment(DEPLOYMENT)
                .setDigest(canary ? candidate : baseline)
                .setArm(canary ? Arm.CANARY : Arm.BASELINE)
                .setEpoch(2)
                .setTaskKey(DEPLOYMENT + "-task-" + index)
                .setInputDigest("sha256:" + String.format(Locale.ROOT, "%064x", pair))
                .setWorkerId(canary ? "worker-canary-1" : "worker-stable-1")
                .setRetrievalDocs(List.of("kb-" + (pair % 997), "kb-" + (pair * 7 % 997), "kb-" + (pair * 13 % 997)))
                .setToolCalls(List.of(
                        ToolCall.newBuilder().setTool("search_kb").setStatus(CallStatus.OK).setLatencyMs(120).build(),
                        ToolCall.newBuilder().setTool("create_ticket").setStatus(CallStatus.OK).setLatencyMs(85).build()))
                .setModelCalls(List.of(
                        ModelCall.newBuilder().setProvider("anthropic").setRegion("us-east-1").setModel("claude-sonnet-4")
                                .setInputTokens(1800).setOutputTokens(220).setCostUsd(modelCost / 2)
                                .setLatencyMs(latency / 2).setStatus(CallStatus.OK).build(),
                        ModelCall.newBuilder().setProvider("anthropic").setRegion("us-east-1").setModel("claude-sonnet-4")
                                .setInputTokens(2100).setOutputTokens(160).setCostUsd(modelCost / 2)
                                .setLatencyMs(latency / 2).setStatus(CallStatus.OK).build()))
                .setOutcome(outcome)
                .setHumanIntervention(pair % 25 == 3)
                .setCostUsd(modelCost)
                .setLatencyMs(latency)
                .setStartedAt(startedAt)
                .setCompletedAt(startedAt.plusMillis(latency))
                .build();
    }

    private void produce(String baseline, String candidate) throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroKafkaSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                SerdeConfig.REGISTRY_URL, registryUrl,
                SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        long t = System.nanoTime();
        double recordSize;
        try (KafkaProducer<String, RunCompleted> producer = new KafkaProducer<>(config)) {
            AtomicLong failed = new AtomicLong();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(Topics.RUNS.name(), DEPLOYMENT, run(i, baseline, candidate, Instant.now())),
                        (m, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " runs not written");
            }
            recordSize = metric(producer.metrics(), "record-size-avg");
        }
        System.out.printf(Locale.ROOT, "produced %,d RunCompleted records (%.0f bytes each on average, registry Avro) for %s "
                + "in %.1f s%n", records, recordSize, DEPLOYMENT, (System.nanoTime() - t) / 1e9);
    }

    private static double metric(Map<org.apache.kafka.common.MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).findFirst().orElse(Double.NaN);
    }

    /** Seconds for a plain consumer to read and decode all the runs from the beginning. */
    private double plainConsumer(PlainDecoder decoder) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroKafkaDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        if (decoder == PlainDecoder.SLIPWAY) {
            config.putAll(RegistrySerdes.clientConfig(registryUrl));
        } else {
            config.put(SerdeConfig.REGISTRY_URL, registryUrl);
            config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        }
        try (KafkaConsumer<String, RunCompleted> consumer = new KafkaConsumer<>(config)) {
            TopicPartition runs = new TopicPartition(Topics.RUNS.name(), 0);
            consumer.assign(List.of(runs));
            consumer.seekToBeginning(List.of(runs));
            long count = 0;
            double cost = 0;
            long t = System.nanoTime();
            while (count < records) {
                for (ConsumerRecord<String, RunCompleted> r : consumer.poll(Duration.ofMillis(500))) {
                    count++;
                    cost += r.value().getCostUsd();
                }
                if (System.nanoTime() - t > TimeUnit.MINUTES.toNanos(3)) {
                    throw new IllegalStateException("plain consumer read only " + count + " of " + records);
                }
            }
            double s = (System.nanoTime() - t) / 1e9;
            if (!(cost > 0)) {
                throw new IllegalStateException("no cost read");
            }
            return s;
        }
    }

    /** One pass of the canary topology over all runs, from a fresh application id and state directory. */
    private StreamsPass canaryTopology(String pass) throws Exception {
        String applicationId = "bench-canary-" + pass + "-" + UUID.randomUUID();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state-" + pass)).toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
        // Experiments only: -Dbench.streams.<streams config>=<value> overrides a setting (docs/benchmarks.md).
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.streams."))
                .forEach(k -> props.put(k.substring("bench.streams.".length()), System.getProperty(k)));
        // As the canary service's TopologyProducer builds them: registry serdes for the topics, single-object Avro
        // for the internal stores. Keep in step with TopologyProducer.
        CanaryTopology.CanarySerdes serdes = new CanaryTopology.CanarySerdes(serde(), serde(), serde(), serde(),
                serde(), serde(), serde(),
                SingleObjectAvroSerde.of(RolloutStarted.class), SingleObjectAvroSerde.of(RolloutProgress.class),
                SingleObjectAvroSerde.of(RunCompleted.class));
        AtomicLong running = new AtomicLong();
        AtomicLong streamThread = new AtomicLong(-1);
        AtomicLong cpuAtRunning = new AtomicLong();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try (KafkaStreams streams = new KafkaStreams(
                CanaryTopology.build(serdes, Duration.ofSeconds(1), Duration.ofMinutes(30), new RecordingDeadLetters()), props);
                Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            streams.setStateListener((next, previous) -> {
                // One stream thread, which makes this transition itself: its CPU time from here on is the work.
                if (next == KafkaStreams.State.RUNNING && running.compareAndSet(0, System.nanoTime())
                        && Thread.currentThread().getName().contains("-StreamThread-")) {
                    streamThread.set(Thread.currentThread().getId());
                    cpuAtRunning.set(threads.getCurrentThreadCpuTime());
                }
            });
            long start = System.nanoTime();
            streams.start();
            long deadline = start + TimeUnit.MINUTES.toNanos(4);
            long done = 0;
            double busy = Double.NaN;
            while (done == 0) {
                if (tallied(streams) >= records) {
                    done = System.nanoTime();
                    busy = streamThread.get() < 0 ? Double.NaN : (threads.getThreadCpuTime(streamThread.get()) - cpuAtRunning.get()) / (double) (done - running.get());
                } else if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("canary topology tallied " + tallied(streams) + " of " + records
                            + " runs; state " + streams.state());
                } else {
                    Thread.sleep(20);
                }
            }
            long end = admin.listOffsets(Map.of(new TopicPartition(Topics.RUNS.name(), 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get().values().iterator().next().offset();
            long committed;
            while (true) {
                OffsetAndMetadata position = admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                        .get().get(new TopicPartition(Topics.RUNS.name(), 0));
                if (position != null && position.offset() >= end) {
                    committed = System.nanoTime();
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("canary topology did not commit up to " + end);
                }
                Thread.sleep(10);
            }
            long r = running.get();
            return new StreamsPass((done - r) / 1e9, (done - start) / 1e9, (r - start) / 1e9, (committed - r) / 1e9,
                    busy);
        }
    }

    /** Tasks of the deployment in the progress store: baseline + canary + feedback pending. */
    private static long tallied(KafkaStreams streams) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return 0;
        }
        try {
            ReadOnlyKeyValueStore<String, RolloutProgress> store = streams.store(StoreQueryParameters.fromNameAndType(
                    CanaryTopology.PROGRESS_STORE, QueryableStoreTypes.keyValueStore()));
            RolloutProgress progress = store.get(DEPLOYMENT);
            if (progress == null) {
                return 0;
            }
            ArmMetrics b = progress.getBaseline();
            ArmMetrics c = progress.getCanary();
            return b.getTasks() + c.getTasks() + b.getFeedbackPending() + c.getFeedbackPending();
        } catch (InvalidStateStoreException e) {
            return 0;
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
