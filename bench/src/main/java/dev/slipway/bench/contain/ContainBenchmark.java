package dev.slipway.bench.contain;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.testkit.stack.Http;
import dev.slipway.bench.stack.Logging;
import dev.slipway.testkit.SampleReleases;
import dev.slipway.testkit.stack.Stack;
import dev.slipway.testkit.stack.Wait;
import dev.slipway.events.Arm;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunOutcome;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTopics;

/**
 * Time to contain: from the moment the broker acknowledges ONE candidate run over the per-task spend ceiling (a hard
 * breaker) to the moment the router's look-up answers the baseline for the key that was on the canary.
 *
 * <p>Starts its own broker and registry and the packaged router and canary services as processes (production
 * settings: commit interval 100 ms for both Streams apps, the canary's 1 s tick, 3 partitions per topic), publishes
 * two signed releases of examples/support-triage (v1, v2), then per trial, on its own deployment
 * {@code support-triage/contain-<i>}: first-deploys v1 through the router API, starts a canary of v2 (plan 50 % → 100 %,
 * per-task ceiling $1.00), waits until the canary service has consumed and committed the rollout (so the system is
 * idle, as it is in production when a bad run arrives), picks a task key the router assigns to CANARY, writes one
 * {@code RunCompleted} of that key costing $5.00, takes t0 when the send is acknowledged, and polls
 * {@code GET …/route?key=} back to back until it answers v1: t1.
 *
 * <p>Where the time goes: when the canary service decided (its log line for the ABORT, written while it processes
 * the run, before the commit that publishes it), and, read by two read_committed consumers in this JVM, when the ABORT
 * command (slipway.rollout-commands) and then the router's new route (slipway.routes) become visible to a reader.
 *
 * <p>Options: {@code --trials N} (default 30), {@code --warmup N} (uncounted trials first, default 2),
 * {@code --timeout-seconds N} (per trial, default 30); {@code -Dbench.service.<key>=<value>} passes a system property
 * to both services. The last line is p50 / p99 of t1 − t0. Run with {@code bench/contain.sh}.
 */
public final class ContainBenchmark {

    private static final String V2_LINE = "Always ask for the customer's account id before escalating.";
    private static final double CEILING_USD = 1.0;
    private static final double RUN_COST_USD = 5.0;

    private final Stack stack;
    private final ReleaseBuilt v1;
    private final ReleaseBuilt v2;
    private final KafkaProducer<String, RunCompleted> producer;
    private final Admin admin;
    private final Duration timeout;
    private final Watch commands;
    private final Watch routes;

    private ContainBenchmark(Stack stack, ReleaseBuilt v1, ReleaseBuilt v2, Duration timeout) {
        this.stack = stack;
        this.v1 = v1;
        this.v2 = v2;
        this.timeout = timeout;
        this.producer = AvroTopics.producer(stack.bootstrap(), stack.registryUrl());
        this.admin = stack.broker().admin();
        this.commands = new Watch(stack.bootstrap(), Topics.ROLLOUT_COMMANDS.name());
        this.routes = new Watch(stack.bootstrap(), Topics.ROUTES.name());
    }

    record Trial(String deployment, double containMs, double decidedMs, double commandMs, double routeMs, int polls,
            String state) {
    }

    public static void main(String[] args) throws Exception {
        Logging.warningsOnly();
        int trials = 30;
        int warmup = 2;
        int timeoutSeconds = 30;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trials" -> trials = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--timeout-seconds" -> timeoutSeconds = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: ContainBenchmark [--trials N] [--warmup N] [--timeout-seconds N]");
                    System.exit(2);
                }
            }
        }
        Map<String, String> serviceProperties = new HashMap<>();
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.service."))
                .forEach(k -> serviceProperties.put(k.substring("bench.service.".length()), System.getProperty(k)));
        if (!serviceProperties.isEmpty()) {
            System.out.println("service overrides: " + serviceProperties);
        }

        List<Trial> results = new ArrayList<>();
        try (Stack stack = Stack.start(Stack.repoRoot().resolve("bench/target"), "contain", true, serviceProperties)) {
            ReleaseBuilt v1 = SampleReleases.signed(SampleReleases.bundle());
            ReleaseBuilt v2 = SampleReleases.signed(SampleReleases.withTriageLine(V2_LINE));
            for (ReleaseBuilt release : List.of(v1, v2)) {
                AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.RELEASES.name(), release.getDigest(), release);
            }
            System.out.println("releases: v1 " + v1.getDigest() + ", v2 " + v2.getDigest());
            ContainBenchmark bench = new ContainBenchmark(stack, v1, v2, Duration.ofSeconds(timeoutSeconds));
            try {
                for (int i = 1; i <= warmup; i++) {
                    print("warm-up", i, bench.trial("support-triage/contain-warmup-" + i));
                }
                for (int i = 1; i <= trials; i++) {
                    Trial t = bench.trial("support-triage/contain-" + i);
                    results.add(t);
                    print("trial", i, t);
                }
            } finally {
                bench.close();
            }
        }
        report(results);
    }

    private static void print(String kind, int i, Trial t) {
        System.out.printf(Locale.ROOT, "%s %2d %-32s contained in %6.1f ms (ABORT decided %4.0f ms, visible %6.1f ms; route visible "
                + "%6.1f ms; %d look-ups; route %s)%n", kind, i, t.deployment(), t.containMs(), t.decidedMs(), t.commandMs(), t.routeMs(),
                t.polls(), t.state());
    }

    private Trial trial(String deployment) throws Exception {
        String base = stack.router().url("/api/v1/deployments/" + deployment);
        // Given v1 stable and a canary of v2 at 50 % with a $1.00 per-task ceiling
        Wait.until("first deploy of " + deployment + " accepted", Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> Http.post(base + "/rollouts", Map.of("candidate", v1.getDigest())).status() == 202);
        Wait.until(deployment + " stable on v1", Duration.ofSeconds(30),
                () -> Http.status(base + "/route") == 200
                        && Http.get(base + "/route").body().path("stable").asText().equals(v1.getDigest()));
        Http.Response started = Http.post(base + "/rollouts", Map.of(
                "candidate", v2.getDigest(),
                "plan", List.of(step(50), step(100)),
                "budgets", Map.of("maxTaskSpendUsd", CEILING_USD)));
        if (started.status() != 202) {
            throw new IllegalStateException("canary not accepted: " + started.status() + " " + started.body());
        }
        Wait.until(deployment + " canary on v2", Duration.ofSeconds(30),
                () -> v2.getDigest().equals(Http.get(base + "/route").body().path("canary").asText()));
        awaitCanaryServiceCaughtUp();

        // A task key the router sends to the canary
        String key = null;
        long epoch = 0;
        for (int j = 0; key == null; j++) {
            JsonNode a = Http.get(base + "/route?key=" + deployment + "-task-" + j).body();
            if ("CANARY".equals(a.path("arm").asText())) {
                key = deployment + "-task-" + j;
                epoch = a.path("epoch").asLong();
            }
        }
        String lookup = base + "/route?key=" + key;

        // When one canary run costs $5.00
        Instant now = Instant.now();
        RunCompleted run = RunCompleted.newBuilder()
                .setRunId(UUID.randomUUID().toString())
                .setDeployment(deployment)
                .setDigest(v2.getDigest())
                .setArm(Arm.CANARY)
                .setEpoch(epoch)
                .setTaskKey(key)
                .setInputDigest("sha256:" + "0".repeat(64))
                .setWorkerId("bench-worker")
                .setOutcome(RunOutcome.SUCCEEDED)
                .setHumanIntervention(false)
                .setCostUsd(RUN_COST_USD)
                .setLatencyMs(800)
                .setStartedAt(now)
                .setCompletedAt(now)
                .build();
        commands.forget(deployment);
        routes.forget(deployment);
        AtomicLong acked = new AtomicLong();
        AtomicLong ackedWall = new AtomicLong();
        producer.send(new ProducerRecord<>(Topics.RUNS.name(), deployment, run), (metadata, e) -> {
            acked.set(System.nanoTime());
            ackedWall.set(System.currentTimeMillis());
        }).get(30, TimeUnit.SECONDS);
        long t0 = acked.get();

        // Then the look-up answers the baseline
        int polls = 0;
        long t1;
        long deadline = t0 + timeout.toNanos();
        while (true) {
            JsonNode a = Http.get(lookup).body();
            t1 = System.nanoTime();
            polls++;
            if (v1.getDigest().equals(a.path("digest").asText())) {
                break;
            }
            if (t1 > deadline) {
                throw new IllegalStateException(deployment + ": still " + a + " " + timeout.toSeconds() + " s after the run");
            }
        }
        Wait.until("the watchers to see the ABORT and the route", Duration.ofSeconds(5), Duration.ofMillis(5),
                () -> commands.seen(deployment) != null && routes.seen(deployment) != null);
        JsonNode route = Http.get(base + "/route").body();
        String state = route.path("state").asText() + ", canary " + (route.path("canary").isNull() ? "cleared" : route.path("canary").asText())
                + ", epoch " + route.path("epoch").asLong();
        return new Trial(deployment, (t1 - t0) / 1e6, decidedAt(deployment) - ackedWall.get(),
                (commands.seen(deployment) - t0) / 1e6, (routes.seen(deployment) - t0) / 1e6, polls, state);
    }

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    /**
     * When the canary service decided: the wall-clock time (ms) of its log line for the ABORT of this deployment's
     * rollout (the processor logs every decision as it makes it, before the commit that publishes it).
     */
    private long decidedAt(String deployment) {
        String marker = " " + deployment + " rollout ";
        long[] at = {0};
        Wait.until("the canary's ABORT log line", Duration.ofSeconds(5), Duration.ofMillis(10), () -> {
            try (var lines = Files.lines(stack.canary().log())) {
                lines.filter(l -> l.contains(marker) && l.contains(": ABORT ")).findFirst().ifPresent(l -> at[0] =
                        LocalDateTime.parse(l.substring(0, 23), LOG_TIME).atZone(ZoneId.systemDefault()).toInstant()
                                .toEpochMilli());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return at[0] != 0;
        });
        return at[0];
    }

    static Map<String, Object> step(int weight) {
        return Map.of("weightPercent", weight, "minTasks", 1000, "minDuration", "PT1S", "maxDuration", "PT10M");
    }

    /** Until the canary service has committed its position at the end of slipway.rollouts: it knows the rollout. */
    private void awaitCanaryServiceCaughtUp() {
        awaitCanaryServiceCaughtUp(admin);
    }

    static void awaitCanaryServiceCaughtUp(Admin admin) {
        Wait.until("the canary service to consume the rollout", Duration.ofSeconds(30), Duration.ofMillis(20), () -> {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("slipway-canary")
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < Stack.PARTITIONS; p++) {
                    latest.put(new TopicPartition(Topics.ROLLOUTS.name(), p), OffsetSpec.latest());
                }
                var end = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                return end.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void close() {
        commands.close();
        routes.close();
        producer.close(Duration.ofSeconds(5));
        admin.close();
    }

    private static void report(List<Trial> trials) {
        double[] contain = trials.stream().mapToDouble(Trial::containMs).sorted().toArray();
        double[] decided = trials.stream().mapToDouble(Trial::decidedMs).sorted().toArray();
        double[] command = trials.stream().mapToDouble(t -> t.commandMs() - t.decidedMs()).sorted().toArray();
        double[] route = trials.stream().mapToDouble(t -> t.routeMs() - t.commandMs()).sorted().toArray();
        double[] lookup = trials.stream().mapToDouble(t -> t.containMs() - t.routeMs()).sorted().toArray();
        System.out.println();
        System.out.printf(Locale.ROOT, "%-48s %8s %8s %8s %8s %8s%n", "phase (ms, nearest-rank percentiles)", "min", "p50",
                "p90", "p99", "max");
        row("run acked -> ABORT decided (canary log, +-1 ms)", decided);
        row("ABORT decided -> ABORT visible (commit)", command);
        row("ABORT visible -> route visible (router topology)", route);
        row("route visible -> look-up answers baseline", lookup);
        row("time to contain (run acked -> look-up)", contain);
        System.out.printf(Locale.ROOT, "mean %.1f ms over %d trials; every trial: %s%n",
                Arrays.stream(contain).average().orElse(Double.NaN), contain.length,
                trials.stream().map(t -> String.format(Locale.ROOT, "%.0f", t.containMs())).collect(Collectors.joining(" ")));
        System.out.printf(Locale.ROOT, "time to contain p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d trials; target p99 <= 1000 ms)%n",
                percentile(contain, 50), percentile(contain, 99), contain[contain.length - 1], contain.length);
    }

    private static void row(String name, double[] sorted) {
        System.out.printf(Locale.ROOT, "%-48s %8.1f %8.1f %8.1f %8.1f %8.1f%n", name, sorted[0], percentile(sorted, 50),
                percentile(sorted, 90), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** Nearest rank: the smallest value with at least p % of the values at or below it. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /**
     * A read_committed reader of one topic, from its end, noting when a record of each key becomes visible: what any
     * consumer of the topic (the router, a dashboard) can see, and when.
     */
    static final class Watch implements AutoCloseable {

        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        Watch(String bootstrap, String topic) {
            Map<String, Object> config = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = new Thread(() -> {
                try (consumer) {
                    while (running) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                            seen.putIfAbsent(r.key(), System.nanoTime());
                        }
                    }
                }
            }, "watch-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        void forget(String key) {
            seen.remove(key);
        }

        Long seen(String key) {
            return seen.get(key);
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
