package dev.slipway.bench.lookups;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * An open-loop load generator: requests leave at a fixed rate whatever the server does, and each latency is measured
 * from the moment its request was due, not from when a free connection sent it — so a stall is counted for every
 * request that should have gone out during it (Gil Tene's "coordinated omission"; wrk2 works the same way). A
 * closed-loop tool (wrk, one request per connection in flight) measures throughput at saturation, where latency is
 * the queue the tool itself keeps full; a latency target is a statement about a given offered load, which is what
 * this measures.
 *
 * <p>It runs in a JVM of its own ({@link #main}), so the broker's or the harness's pauses are not counted as the
 * router's. A pacing thread parks until each request is due and hands it to a Vert.x client on one event loop, with
 * a keep-alive pool of HTTP/1.1 connections (a request waits in the pool's queue when all are busy, and that wait is
 * part of its latency). Latencies go into an HdrHistogram (1 µs to 60 s, 3 significant digits).
 */
public final class OpenLoopLoad {

    /** Latencies in milliseconds, from each request's intended start to its whole answer. */
    public record Result(int offeredPerSecond, double answeredPerSecond, long requests, long errors, double p50Ms,
            double p90Ms, double p99Ms, double p999Ms, double maxMs) {

        static Result of(int offered, double answered, long requests, long errors, Histogram micros) {
            return new Result(offered, answered, requests, errors, micros.getValueAtPercentile(50) / 1000.0,
                    micros.getValueAtPercentile(90) / 1000.0, micros.getValueAtPercentile(99) / 1000.0,
                    micros.getValueAtPercentile(99.9) / 1000.0, micros.getMaxValue() / 1000.0);
        }

        String line() {
            return String.format(Locale.ROOT, "%d %.1f %d %d %.3f %.3f %.3f %.3f %.3f", offeredPerSecond,
                    answeredPerSecond, requests, errors, p50Ms, p90Ms, p99Ms, p999Ms, maxMs);
        }

        static Result parse(String line) {
            String[] f = line.trim().split(" ");
            return new Result(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                    Double.parseDouble(f[7]), Double.parseDouble(f[8]));
        }
    }

    /** One line per measured rate on standard output, read back by {@link #inJvmOfItsOwn}. */
    private static final String RESULT = "open-loop-result";

    private OpenLoopLoad() {
    }

    /**
     * Usage: {@code OpenLoopLoad <host> <port> <path prefix> <keys> <bearer> <connections> <warm-up s> <seconds>
     * <rate>…}: for each rate, a warm-up run then a measured one; the n-th request asks for
     * {@code <path prefix><k>}, k spread over 0 … keys − 1 by a multiplicative hash of n (so a store is read at random
     * places, not in key order).
     */
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String prefix = args[2];
        int keys = Integer.parseInt(args[3]);
        String bearer = args[4];
        int connections = Integer.parseInt(args[5]);
        int warmup = Integer.parseInt(args[6]);
        int seconds = Integer.parseInt(args[7]);
        for (int i = 8; i < args.length; i++) {
            int rate = Integer.parseInt(args[i]);
            java.util.function.LongFunction<String> path = n -> prefix + Math.floorMod(n * 2654435761L, (long) keys);
            if (warmup > 0) {
                run(host, port, path, bearer, rate, warmup, connections);
            }
            Result r = run(host, port, path, bearer, rate, seconds, connections);
            System.out.println(RESULT + " " + r.line());
        }
    }

    /** Runs {@link #main} in a child JVM on this class path and reads its results back. */
    public static List<Result> inJvmOfItsOwn(String host, int port, String prefix, int keys, String bearer,
            int connections, int warmup, int seconds, int[] rates) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), OpenLoopLoad.class.getName(),
                host, String.valueOf(port), prefix, String.valueOf(keys), bearer, String.valueOf(connections),
                String.valueOf(warmup), String.valueOf(seconds)));
        for (int rate : rates) {
            command.add(String.valueOf(rate));
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Result> results = new ArrayList<>();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith(RESULT + " ")) {
                    continue;
                }
                results.add(Result.parse(line.substring(RESULT.length())));
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the open-loop load generator exited with " + p.exitValue());
        }
        return results;
    }

    static Result run(String host, int port, java.util.function.LongFunction<String> pathOfRequest, String bearer,
            int ratePerSecond, int seconds, int connections) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(connections));
            Recorder latencies = new Recorder(1, TimeUnit.SECONDS.toMicros(60), 3);
            AtomicLong errors = new AtomicLong();
            AtomicLong completed = new AtomicLong();
            AtomicLong lastAnswer = new AtomicLong();
            long total = (long) ratePerSecond * seconds;
            double intervalNanos = 1e9 / ratePerSecond;
            CompletableFuture<Void> done = new CompletableFuture<>();
            long start = System.nanoTime();
            for (long n = 0; n < total; n++) {
                long intended = start + (long) (n * intervalNanos);
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
                        .setURI(pathOfRequest.apply(n)).putHeader("Authorization", bearer);
                client.request(request)
                        .compose(r -> r.send().compose(response -> response.body().map(body -> response.statusCode())))
                        .onComplete(outcome -> {
                            long now = System.nanoTime();
                            latencies.recordValue(Math.max(1, (now - intended) / 1000));
                            if (outcome.failed() || outcome.result() != 200) {
                                errors.incrementAndGet();
                            }
                            lastAnswer.accumulateAndGet(now, Math::max);
                            if (completed.incrementAndGet() == total) {
                                done.complete(null);
                            }
                        });
            }
            done.get(60, TimeUnit.SECONDS);
            double elapsed = (lastAnswer.get() - start) / 1e9;
            return Result.of(ratePerSecond, total / elapsed, total, errors.get(), latencies.getIntervalHistogram());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
