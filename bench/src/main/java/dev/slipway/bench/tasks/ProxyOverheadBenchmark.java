package dev.slipway.bench.tasks;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.Topics;
import dev.slipway.events.WorkerHeartbeat;
import dev.slipway.events.WorkerState;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.SampleReleases;
import dev.slipway.testkit.stack.Http;
import dev.slipway.testkit.stack.Stack;
import dev.slipway.testkit.stack.Wait;

/**
 * What the router's task API adds to a task, against calling the worker directly on loopback: the packaged router on
 * a real broker and registry, a worker stand-in in this JVM that answers at once (TCP_NODELAY), one warm heartbeat.
 * {@code tasks} tasks are sent one after the other through {@code POST …/tasks} and straight to the worker,
 * interleaved, after a warm-up; reported are p50, p99 and p99.9 of each and the difference. Target: p99 overhead
 * ≤ 1 ms. Usage: bench/proxy.sh [--tasks N]. Results in docs/benchmarks.md ("Router task proxy").
 */
public final class ProxyOverheadBenchmark {

    /** The harness acts for everyone; the services verify this token as they would any caller's. */
    private static final String BENCH_BEARER = "Bearer " + dev.slipway.testkit.TestTokens.everyone("bench");

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 1 && args[0].equals("--tasks") ? Integer.parseInt(args[1]) : 5000;
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer worker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        java.util.concurrent.ExecutorService workerThreads = Executors.newFixedThreadPool(4);
        worker.setExecutor(workerThreads);
        byte[] answer = "{\"category\":\"billing\",\"priority\":\"normal\",\"costUsd\":0.006}".getBytes(StandardCharsets.UTF_8);
        worker.createContext("/tasks", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        worker.start();
        String workerUrl = "http://127.0.0.1:" + worker.getAddress().getPort();
        try (Stack stack = Stack.start(Stack.repoRoot().resolve("bench/target"), "proxy", false, Map.of())) {
            ReleaseBuilt v1 = SampleReleases.signed(SampleReleases.bundle());
            AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.RELEASES.name(), v1.getDigest(), v1);
            String base = stack.router().url("/api/v1/deployments/support-triage/bench");
            Wait.until("v1 deployed", Duration.ofSeconds(30), Duration.ofMillis(100),
                    () -> Http.post(base + "/rollouts", Map.of("candidate", v1.getDigest())).status() == 202);
            AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.WORKERS.name(), "bench-worker",
                    WorkerHeartbeat.newBuilder().setWorkerId("bench-worker").setDeployment("support-triage/bench")
                            .setDigest(v1.getDigest()).setEndpoint(workerUrl).setRegion("local").setCapacity(4)
                            .setInFlight(0).setState(WorkerState.WARM)
                            .setSentAt(Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                            .build());
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String body = "{\"taskKey\":\"ticket-%d\",\"input\":{\"subject\":\"Charged twice for May\"}}";
            Wait.until("a warm worker behind the router", Duration.ofSeconds(30), Duration.ofMillis(100),
                    () -> post(http, base + "/tasks", String.format(body, 0)) == 200);
            for (int i = 0; i < 2000; i++) {
                post(http, base + "/tasks", String.format(body, i));
                post(http, workerUrl + "/tasks", "{\"subject\":\"Charged twice for May\"}");
            }
            List<Double> routed = new ArrayList<>();
            List<Double> direct = new ArrayList<>();
            for (int i = 0; i < tasks; i++) {
                long a = System.nanoTime();
                int s1 = post(http, base + "/tasks", String.format(body, i));
                routed.add((System.nanoTime() - a) / 1e6);
                long b = System.nanoTime();
                int s2 = post(http, workerUrl + "/tasks", "{\"subject\":\"Charged twice for May\"}");
                direct.add((System.nanoTime() - b) / 1e6);
                if (s1 != 200 || s2 != 200) {
                    throw new IllegalStateException("task " + i + " answered " + s1 + " / " + s2);
                }
            }
            System.out.printf(Locale.ROOT, "machine: %d cores, Java %s; %d tasks each way, sequential%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), tasks);
            for (int p : new int[] {50, 99}) {
                System.out.printf(Locale.ROOT, "p%d: through the router %.3f ms, direct %.3f ms, overhead %.3f ms%n", p,
                        pct(routed, p * 10), pct(direct, p * 10), pct(routed, p * 10) - pct(direct, p * 10));
            }
            System.out.printf(Locale.ROOT, "p99.9: through the router %.3f ms, direct %.3f ms%n", pct(routed, 999),
                    pct(direct, 999));
        } finally {
            worker.stop(0);
            workerThreads.shutdownNow();
        }
    }

    private static int post(HttpClient http, String url, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", BENCH_BEARER).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Percentile in tenths: 500 = median, 990 = p99, 999 = p99.9. */
    private static double pct(List<Double> values, int perMille) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int i = (int) Math.ceil(perMille / 1000.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
