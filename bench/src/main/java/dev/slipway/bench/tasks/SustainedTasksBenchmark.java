package dev.slipway.bench.tasks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.agent.TaskCeilings;
import dev.slipway.examples.sim.SimProvider;
import dev.slipway.examples.triage.RunningWorker;
import dev.slipway.examples.triage.traffic.TrafficGenerator;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.testkit.stack.Http;
import dev.slipway.testkit.stack.Stack;
import dev.slipway.testkit.stack.Wait;

/**
 * Sustained live tasks end to end: the packaged builder, router and canary on a real broker and registry; two
 * workers of the sample agent in this JVM (capacity 4 each, SDK, failover, run reports and heartbeats on Kafka); a
 * simulated provider answering in 5 ms; {@code clients} client threads sending graded tickets through
 * {@code POST …/tasks} for {@code seconds} after a warm-up. Reported: tasks/s, latency p50/p99 as the clients saw
 * it, failures, and run reports lost. Usage: bench/tasks.sh [--clients N] [--seconds N]. Results in
 * docs/benchmarks.md ("Sustained tasks").
 */
public final class SustainedTasksBenchmark {

    public static void main(String[] args) throws Exception {
        int clients = arg(args, "--clients", 8);
        int seconds = arg(args, "--seconds", 30);
        String deployment = "support-triage/load";
        try (Stack stack = Stack.startAll(Stack.repoRoot().resolve("bench/target"), "tasks", Map.of());
                SimProvider provider = SimProvider.start("anthropic", "claude-sonnet-4", Map.of("2025-05-14", 0.02), 3,
                        Duration.ofMillis(5), Duration.ofSeconds(30), 0)) {
            Http.Response built = Http.post(stack.builder().url("/api/v1/releases"),
                    ReleaseBundle.fromDirectory(Stack.repoRoot().resolve("examples/support-triage")));
            JsonNode v1 = built.body();
            String digest = v1.path("digest").asText();
            Set<String> trusted = Set.of(v1.at("/signature/keyId").asText());
            List<RunningWorker> workers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                workers.add(RunningWorker.start(new RunningWorker.Settings(digest, deployment,
                        URI.create(stack.builder().url("")), java.util.Optional.of(stack.workerTokenFile()), trusted, List.of("anthropic/local=" + provider.url()),
                        stack.bootstrap(), stack.registryUrl(), 0, 4, new TaskCeilings(6, 4, 60_000, 0.25),
                        Duration.ofSeconds(1))));
            }
            String router = stack.router().url("/api/v1/deployments/" + deployment);
            Wait.until("v1 deployed", Duration.ofSeconds(30), Duration.ofMillis(100),
                    () -> Http.post(router + "/rollouts", Map.of("candidate", digest)).status() == 202);
            List<TrafficGenerator> generators = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                generators.add(new TrafficGenerator(stack.router().url(""), deployment, stack.bootstrap(), stack.registryUrl(),
                        dev.slipway.testkit.TestTokens.of("traffic", "client")));
            }
            Wait.until("workers warm behind the router", Duration.ofSeconds(30), Duration.ofMillis(200),
                    () -> generators.get(0).run(1).status() == 200);
            run(generators, 5, null, null); // warm-up
            List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicLong failed = new AtomicLong();
            long start = System.nanoTime();
            run(generators, seconds, latencies, failed);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long lost = workers.stream().mapToLong(RunningWorker::lostReports).sum();
            workers.forEach(RunningWorker::close);
            generators.forEach(TrafficGenerator::close);
            List<Double> sorted = new ArrayList<>(latencies);
            sorted.sort(Double::compare);
            System.out.printf(Locale.ROOT, "machine: %d cores, Java %s; %d client threads, 2 workers × 4, one provider at 5 ms%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), clients);
            System.out.printf(Locale.ROOT, "%d tasks in %.1f s: %.0f tasks/s; latency p50 %.1f ms, p99 %.1f ms; failed %d;"
                            + " run reports lost %d%n", sorted.size(), elapsed, sorted.size() / elapsed,
                    pct(sorted, 0.50), pct(sorted, 0.99), failed.get(), lost);
        }
    }

    private static void run(List<TrafficGenerator> generators, int seconds, List<Double> latencies, AtomicLong failed)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(generators.size());
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (TrafficGenerator g : generators) {
            running.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long a = System.nanoTime();
                    TrafficGenerator.Result r = g.run(1);
                    if (latencies != null) {
                        latencies.add((System.nanoTime() - a) / 1e6);
                        if (r.status() != 200) {
                            failed.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
    }

    private static double pct(List<Double> sorted, double q) {
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.max(0, Math.min(sorted.size() - 1,
                (int) Math.ceil(q * sorted.size()) - 1)));
    }

    private static int arg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }

}
