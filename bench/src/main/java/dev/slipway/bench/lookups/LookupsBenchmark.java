package dev.slipway.bench.lookups;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.testkit.stack.Http;
import dev.slipway.bench.stack.Logging;
import dev.slipway.testkit.SampleReleases;
import dev.slipway.testkit.stack.Stack;
import dev.slipway.testkit.stack.Wait;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTopics;

/**
 * Route look-ups, in process (JMH, {@link RouteLookupBenchmark}) and over HTTP against the packaged router.
 *
 * <p>HTTP: starts a broker, a registry and the packaged router (as a process, -Xmx256m, production settings),
 * publishes two signed releases of examples/support-triage, first-deploys v1 on {@code support-triage/prod} and starts
 * a canary of v2 at 50 % (no canary service, no runs: the canary stays), checks both arms answer, then loads
 * {@code GET /api/v1/deployments/support-triage/prod/route?key=task-<n>} (n cycling over 100,000 keys) with {@code wrk}
 * (2 threads, 50 connections, 30 s, {@code --latency}) after a 10 s warm-up run of the same. Without {@code wrk}
 * (or with {@code --load java}) a Java load generator does the same: 50 threads, one connection each, closed loop,
 * {@code java.net.http}, p99 from the sorted latencies of every request. Then latency at fixed offered loads
 * ({@code --rates}, default 1,000, 5,000, 10,000 and 20,000 requests/s, {@code --open-duration} s each) with the
 * open-loop generator {@link OpenLoopLoad}, and the same rates against {@link FloorServer}, this machine's floor.
 *
 * <p>Usage: {@code LookupsBenchmark [jmh|http|all] [--duration S] [--warmup S] [--connections N] [--threads N]
 * [--load wrk|java] [--rates R,R,…] [--open-duration S]}. The last line: {@code route look-ups: <ns/op> ns/op in-process; <rps> req/s, p99 <ms> ms over
 * HTTP}. Run with {@code bench/lookups.sh}.
 */
public final class LookupsBenchmark {

    /** The harness acts for everyone; the services verify this token as they would any caller's. */
    private static final String BENCH_BEARER = "Bearer " + dev.slipway.testkit.TestTokens.everyone("bench");

    private static final String DEPLOYMENT_PATH = "/api/v1/deployments/support-triage/prod";
    private static final int KEYS = 100_000;

    record JmhFigure(double score, double error) {
    }

    record HttpFigure(String tool, double requestsPerSecond, double p50Ms, double p99Ms, double maxMs, long requests,
            long errors, double routerCores) {

        HttpFigure withRouterCores(double cores) {
            return new HttpFigure(tool, requestsPerSecond, p50Ms, p99Ms, maxMs, requests, errors, cores);
        }
    }

    public static void main(String[] args) throws Exception {
        Logging.warningsOnly();
        String mode = "all";
        int duration = 30;
        int warmup = 10;
        int connections = 50;
        int threads = 2;
        String load = "wrk";
        int[] rates = {1_000, 5_000, 10_000, 20_000};
        int openSeconds = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "jmh", "http", "all" -> mode = args[i];
                case "--duration" -> duration = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--load" -> load = args[++i];
                case "--rates" -> rates = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--open-duration" -> openSeconds = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: LookupsBenchmark [jmh|http|all] [--duration S] [--warmup S] "
                            + "[--connections N] [--threads N] [--load wrk|java] [--rates R,R,…] [--open-duration S]");
                    System.exit(2);
                }
            }
        }
        Map<String, JmhFigure> jmh = null;
        HttpFigure http = null;
        List<OpenLoopLoad.Result> open = new ArrayList<>();
        List<OpenLoopLoad.Result> floor = new ArrayList<>();
        if (!mode.equals("http")) {
            jmh = jmh();
        }
        if (!mode.equals("jmh")) {
            http = http(duration, warmup, connections, threads, load, rates, openSeconds, open);
            floor.addAll(floor(rates, openSeconds));
        }
        System.out.println();
        if (jmh != null) {
            jmh.forEach((name, f) -> System.out.printf(Locale.ROOT, "in process, %-22s %7.1f ± %.1f ns/op (JMH avgt, 99.9 %% CI)%n",
                    name, f.score(), f.error()));
        }
        if (http != null) {
            System.out.printf(Locale.ROOT, "over HTTP (%s): %.0f requests/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms; %d requests, "
                    + "%d errors; the router process used %.2f of the %d cores (%.0f requests per router CPU-second)%n",
                    http.tool(), http.requestsPerSecond(), http.p50Ms(), http.p99Ms(), http.maxMs(), http.requests(),
                    http.errors(), http.routerCores(), Runtime.getRuntime().availableProcessors(),
                    http.requestsPerSecond() / http.routerCores());
        }
        for (int i = 0; i < open.size(); i++) {
            print("router", open.get(i));
            if (i < floor.size()) {
                print("floor ", floor.get(i));
            }
        }
        List<String> parts = new ArrayList<>();
        if (jmh != null) {
            parts.add(String.format(Locale.ROOT, "%.1f ns/op in-process", jmh.get("tableLookupAndAssign").score()));
        }
        if (http != null) {
            parts.add(String.format(Locale.ROOT, "%.0f req/s, p99 %.2f ms over HTTP", http.requestsPerSecond(), http.p99Ms()));
        }
        for (int i = 0; i < open.size(); i++) {
            parts.add(String.format(Locale.ROOT, "p99 %.2f ms at %d req/s%s", open.get(i).p99Ms(),
                    open.get(i).offeredPerSecond(), i < floor.size()
                            ? String.format(Locale.ROOT, " (floor %.2f)", floor.get(i).p99Ms()) : ""));
        }
        System.out.println("route look-ups: " + String.join("; ", parts));
    }

    private static Map<String, JmhFigure> jmh() throws Exception {
        Options options = new OptionsBuilder()
                .include(RouteLookupBenchmark.class.getName() + "\\.")
                .shouldFailOnError(true)
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, JmhFigure> figures = new java.util.TreeMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            figures.put(label.substring(label.lastIndexOf('.') + 1),
                    new JmhFigure(r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()));
        }
        return figures;
    }

    private static HttpFigure http(int duration, int warmup, int connections, int threads, String load, int[] rates,
            int openSeconds, List<OpenLoopLoad.Result> open) throws Exception {
        try (Stack stack = Stack.start(Stack.repoRoot().resolve("bench/target"), "lookups", false, Map.of())) {
            ReleaseBuilt v1 = SampleReleases.signed(SampleReleases.bundle());
            ReleaseBuilt v2 = SampleReleases.signed(SampleReleases.withTriageLine("Always ask for the customer's account id before escalating."));
            for (ReleaseBuilt release : List.of(v1, v2)) {
                AvroTopics.send(stack.bootstrap(), stack.registryUrl(), Topics.RELEASES.name(), release.getDigest(), release);
            }
            String base = stack.router().url(DEPLOYMENT_PATH);
            Wait.until("first deploy accepted", Duration.ofSeconds(30), Duration.ofMillis(100),
                    () -> Http.post(base + "/rollouts", Map.of("candidate", v1.getDigest())).status() == 202);
            Wait.until("v1 stable", Duration.ofSeconds(30), () -> Http.status(base + "/route") == 200
                    && Http.get(base + "/route").body().path("stable").asText().equals(v1.getDigest()));
            Map<String, Object> step = Map.of("weightPercent", 50, "minTasks", 1000, "minDuration", "PT1S",
                    "maxDuration", "PT1H");
            Http.Response started = Http.post(base + "/rollouts", Map.of("candidate", v2.getDigest(),
                    "plan", List.of(step, Map.of("weightPercent", 100, "minTasks", 1000, "minDuration", "PT1S",
                            "maxDuration", "PT1H"))));
            if (started.status() != 202) {
                throw new IllegalStateException("canary not accepted: " + started.body());
            }
            Wait.until("canary of v2", Duration.ofSeconds(30),
                    () -> v2.getDigest().equals(Http.get(base + "/route").body().path("canary").asText()));
            int canary = 0;
            for (int i = 0; i < 200; i++) {
                JsonNode a = Http.get(base + "/route?key=task-" + i).body();
                canary += "CANARY".equals(a.path("arm").asText()) ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "route: v1 stable, v2 canary at 50 %%; %d of 200 sample keys on the canary%n", canary);
            if (canary == 0 || canary == 200) {
                throw new IllegalStateException("both arms should answer");
            }

            String url = base + "/route?key=";
            boolean wrk = load.equals("wrk") && wrkAvailable();
            if (load.equals("wrk") && !wrk) {
                System.out.println("wrk not found: using the Java load generator (java.net.http) instead");
            }
            System.out.printf(Locale.ROOT, "load: %s, %d threads, %d connections, %d s warm-up then %d s measured, router pid %d%n",
                    wrk ? "wrk" : "java.net.http", wrk ? threads : connections, connections, warmup, duration,
                    stack.router().pid());
            if (wrk) {
                Path script = stack.dir().resolve("keys.lua");
                Files.writeString(script, """
                        -- Cycles over %d task keys; each wrk thread has its own counter.
                        local n = 0
                        request = function()
                          n = n + 1
                          return wrk.format("GET", "%s/route?key=task-" .. (n %% %d))
                        end
                        """.formatted(KEYS, DEPLOYMENT_PATH, KEYS), StandardCharsets.UTF_8);
                String host = stack.router().url("");
                if (warmup > 0) {
                    wrk(host, script, threads, connections, warmup, false);
                }
                long cpu = cpuTicks(stack.router().pid());
                long t = System.nanoTime();
                HttpFigure figure = wrk(host, script, threads, connections, duration, true);
                figure = figure.withRouterCores(cores(stack.router().pid(), cpu, t));
                openLoop(url, rates, openSeconds, open);
                return figure;
            }
            if (warmup > 0) {
                javaLoad(url, connections, warmup);
            }
            long cpu = cpuTicks(stack.router().pid());
            long t = System.nanoTime();
            HttpFigure figure = javaLoad(url, connections, duration);
            figure = figure.withRouterCores(cores(stack.router().pid(), cpu, t));
            openLoop(url, rates, openSeconds, open);
            return figure;
        }
    }

    /** Connections of the open-loop generator's pool: enough that none waits at the rates measured. */
    static final int OPEN_CONNECTIONS = 32;

    /**
     * Latency at fixed offered loads (open loop, {@link OpenLoopLoad}, in a JVM of its own), each rate after a 5 s run
     * of its own at the same rate; the router has already been warmed by the closed-loop runs.
     */
    private static void openLoop(String url, int[] rates, int seconds, List<OpenLoopLoad.Result> into)
            throws Exception {
        URI uri = URI.create(url);
        into.addAll(OpenLoopLoad.inJvmOfItsOwn(uri.getHost(), uri.getPort(), uri.getRawPath() + "?key=task-", KEYS,
                BENCH_BEARER, OPEN_CONNECTIONS, 5, seconds, rates));
    }

    private static void print(String what, OpenLoopLoad.Result r) {
        System.out.printf(Locale.ROOT, "open loop, %s, %,6d requests/s offered (%d connections): answered %,.0f/s, "
                + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; %d requests, %d errors%n", what,
                r.offeredPerSecond(), OPEN_CONNECTIONS, r.answeredPerSecond(), r.p50Ms(), r.p90Ms(), r.p99Ms(),
                r.p999Ms(), r.maxMs(), r.requests(), r.errors());
    }

    /**
     * The same open-loop rates against {@link FloorServer} (a JVM answering at once, nothing verified or looked up),
     * with the stack stopped: what this machine's own p99 is, for comparison.
     */
    private static List<OpenLoopLoad.Result> floor(int[] rates, int seconds) throws Exception {
        int port = dev.slipway.testkit.Ports.free();
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), FloorServer.class.getName(),
                String.valueOf(port)).redirectErrorStream(true).start();
        try {
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            if (!"up".equals(first)) {
                throw new IllegalStateException("the floor server did not start: " + first);
            }
            return OpenLoopLoad.inJvmOfItsOwn("127.0.0.1", port, "/route?key=task-", KEYS, BENCH_BEARER,
                    OPEN_CONNECTIONS, 5, seconds, rates);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** User + system CPU time of a process so far, in clock ticks ({@code /proc/<pid>/stat} fields 14 and 15). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Cores a process used on average since {@code ticksBefore} / {@code nanosBefore} (Linux: 100 ticks a second). */
    private static double cores(long pid, long ticksBefore, long nanosBefore) throws IOException {
        double seconds = (System.nanoTime() - nanosBefore) / 1e9;
        return (cpuTicks(pid) - ticksBefore) / 100.0 / seconds;
    }

    private static boolean wrkAvailable() {
        try {
            Process p = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static HttpFigure wrk(String host, Path script, int threads, int connections, int seconds, boolean print)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency",
                "-H", "Authorization: " + BENCH_BEARER, "-s", script.toString(), host).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        if (print) {
            System.out.print(out);
        }
        double rps = Double.parseDouble(find(out, "Requests/sec:\\s+([\\d.]+)"));
        long requests = Long.parseLong(find(out, "(\\d+) requests in"));
        long errors = 0;
        Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)").matcher(out);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        double max = millis(find(out, "Latency\\s+\\S+\\s+\\S+\\s+(\\S+)"));
        return new HttpFigure("wrk " + threads + " threads, " + connections + " connections, " + seconds + " s", rps,
                millis(find(out, "\\s50%\\s+(\\S+)")), millis(find(out, "\\s99%\\s+(\\S+)")), max, requests, errors,
                Double.NaN);
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + regex + " in:\n" + text);
        }
        return m.group(1);
    }

    /** wrk's durations: 812.00us, 5.21ms, 1.02s, 2.00m. */
    static double millis(String value) {
        Matcher m = Pattern.compile("([\\d.]+)(us|ms|s|m)").matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a wrk duration: " + value);
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "ms" -> v;
            case "s" -> v * 1000;
            default -> v * 60_000;
        };
    }

    /** Closed loop: one thread per connection, each sending its next request when the last answered. */
    private static HttpFigure javaLoad(String url, int connections, int seconds) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long[][] latencies = new long[connections][];
        int[] counts = new int[connections];
        AtomicLong errors = new AtomicLong();
        CountDownLatch done = new CountDownLatch(connections);
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int n = 0;
                int key = id;
                try {
                    while (System.nanoTime() < end) {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "task-" + (key % KEYS))).header("Authorization", BENCH_BEARER)
                                .timeout(Duration.ofSeconds(10)).build();
                        key += connections;
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            if (r.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (IOException e) {
                            errors.incrementAndGet();
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = System.nanoTime() - t0;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    latencies[id] = mine;
                    counts[id] = n;
                    done.countDown();
                }
            }, "load-" + c);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new HttpFigure("java.net.http, " + connections + " connections, " + seconds + " s", total / elapsed,
                rank(all, 50) / 1e6, rank(all, 99) / 1e6, all[all.length - 1] / 1e6, total, errors.get(), Double.NaN);
    }

    private static long rank(long[] sorted, double p) {
        int r = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, r - 1))];
    }
}
