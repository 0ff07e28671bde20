package dev.slipway.bench.contain;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.agent.TaskCeilings;
import dev.slipway.bench.stack.Logging;
import dev.slipway.examples.sim.SimProvider;
import dev.slipway.examples.triage.RunningWorker;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.testkit.stack.Http;
import dev.slipway.testkit.stack.Stack;
import dev.slipway.testkit.stack.Wait;

/**
 * Time to contain with real workers: from the moment the router hands back the answer of the first canary task whose
 * run trips a breaker (its real worker has reported the run by then) to the moment the next task of the same key is
 * answered by a worker of the baseline release.
 *
 * <p>Starts its own broker, registry and the packaged builder, router, canary and lineage services; builds v1 and v2 of
 * examples/support-triage on the builder; runs one worker of each in this JVM (the sample agent on the SDK: pinned and
 * verified release, LangChain4j, run reports and heartbeats on Kafka) against a simulated provider answering at once.
 * Per trial, on its own deployment {@code support-triage/live-<i>}: first-deploys v1, starts a canary of v2 at 50 %
 * whose per-task spend ceiling ($0.0001) every real task crosses, waits until the canary service has the rollout, sends
 * one task with a key the router assigns to the canary (t0: its answer is back), watches that key's assignment with
 * look-ups and, as soon as it moves, sends the next task of the key: t1 when it is answered with the v1 digest.
 *
 * <p>Options: {@code --trials N} (default 30), {@code --warmup N} (default 2). The last line is p50 / p99 of t1 − t0.
 * Run with {@code bench/contain-live.sh}.
 */
public final class ContainLiveBenchmark {

    /** The harness acts for everyone; the services verify this token as they would any caller's. */
    private static final String BENCH_BEARER = "Bearer " + dev.slipway.testkit.TestTokens.everyone("bench");

    private static final String V2_LINE = "Always ask for the customer's account id before escalating.";
    private static final double CEILING_USD = 0.0001;

    record Trial(String deployment, double containMs, int tasksUntilBaseline, String canaryRunCost, double runMs,
            double commandMs, double routeMs) {
    }

    public static void main(String[] args) throws Exception {
        Logging.warningsOnly();
        int trials = 30;
        int warmup = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trials" -> trials = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: ContainLiveBenchmark [--trials N] [--warmup N]");
                    System.exit(2);
                }
            }
        }
        List<Trial> results = new ArrayList<>();
        try (Stack stack = Stack.startAll(Stack.repoRoot().resolve("bench/target"), "contain-live", Map.of());
                SimProvider provider = SimProvider.start("anthropic", "claude-sonnet-4", Map.of("2025-05-14", 0.0), 3,
                        Duration.ZERO, Duration.ofSeconds(30), 0);
                Admin admin = stack.broker().admin()) {
            ReleaseBundle sample = ReleaseBundle.fromDirectory(Stack.repoRoot().resolve("examples/support-triage"));
            Map<String, String> files = new java.util.TreeMap<>(sample.files());
            files.put("prompts/triage.md", files.get("prompts/triage.md") + "\n" + V2_LINE + "\n");
            JsonNode v1 = Http.post(stack.builder().url("/api/v1/releases"), sample).body();
            JsonNode v2 = Http.post(stack.builder().url("/api/v1/releases"),
                    new ReleaseBundle(sample.manifestName(), sample.manifest(), files)).body();
            Set<String> trusted = Set.of(v1.at("/signature/keyId").asText());
            List<RunningWorker> workers = new ArrayList<>();
            for (JsonNode release : List.of(v1, v2)) {
                workers.add(RunningWorker.start(new RunningWorker.Settings(release.path("digest").asText(),
                        "support-triage/live", URI.create(stack.builder().url("")),
                        java.util.Optional.of(stack.workerTokenFile()), trusted,
                        List.of("anthropic/local=" + provider.url()), stack.bootstrap(), stack.registryUrl(), 0, 4,
                        new TaskCeilings(6, 4, 60_000, 0.25), Duration.ofSeconds(1))));
            }
            System.out.println("releases: v1 " + v1.path("digest").asText() + ", v2 " + v2.path("digest").asText()
                    + "; workers " + workers.stream().map(RunningWorker::url).toList());
            try {
                ContainLiveBenchmark bench = new ContainLiveBenchmark(stack, admin, v1.path("digest").asText(),
                        v2.path("digest").asText());
                for (int i = 1; i <= warmup; i++) {
                    print("warm-up", i, bench.trial("support-triage/live-warmup-" + i));
                }
                for (int i = 1; i <= trials; i++) {
                    Trial t = bench.trial("support-triage/live-" + i);
                    results.add(t);
                    print("trial", i, t);
                }
            } finally {
                workers.forEach(RunningWorker::close);
            }
        }
        double[] contain = results.stream().mapToDouble(Trial::containMs).sorted().toArray();
        System.out.printf(Locale.ROOT, "%nphase p50 (ms): answer -> run visible %.1f, run -> ABORT visible %.1f, ABORT -> route"
                + " visible %.1f, route -> baseline answered %.1f%n",
                ContainBenchmark.percentile(results.stream().mapToDouble(Trial::runMs).sorted().toArray(), 50),
                ContainBenchmark.percentile(results.stream().mapToDouble(t -> t.commandMs() - t.runMs()).sorted().toArray(), 50),
                ContainBenchmark.percentile(results.stream().mapToDouble(t -> t.routeMs() - t.commandMs()).sorted().toArray(), 50),
                ContainBenchmark.percentile(results.stream().mapToDouble(t -> t.containMs() - t.routeMs()).sorted().toArray(), 50));
        System.out.printf(Locale.ROOT, "%nmean %.1f ms over %d trials; every trial: %s%n",
                Arrays.stream(contain).average().orElse(Double.NaN), contain.length,
                results.stream().map(t -> String.format(Locale.ROOT, "%.0f", t.containMs())).collect(Collectors.joining(" ")));
        System.out.printf(Locale.ROOT, "time to contain with real workers p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d trials;"
                + " target p99 <= 250 ms)%n", ContainBenchmark.percentile(contain, 50),
                ContainBenchmark.percentile(contain, 99), contain[contain.length - 1], contain.length);
    }

    private static void print(String kind, int i, Trial t) {
        System.out.printf(Locale.ROOT, "%s %2d %-28s contained in %6.1f ms (%d look-ups until the key moved; the canary "
                + "run cost %s; after its answer: run visible %.1f ms, ABORT visible %.1f ms, route visible %.1f ms)%n", kind, i,
                t.deployment(), t.containMs(), t.tasksUntilBaseline(), t.canaryRunCost(), t.runMs(), t.commandMs(), t.routeMs());
    }

    private final Stack stack;
    private final Admin admin;
    private final String v1;
    private final String v2;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ContainBenchmark.Watch runs;
    private final ContainBenchmark.Watch commands;
    private final ContainBenchmark.Watch routes;

    private ContainLiveBenchmark(Stack stack, Admin admin, String v1, String v2) {
        this.stack = stack;
        this.admin = admin;
        this.v1 = v1;
        this.v2 = v2;
        this.runs = new ContainBenchmark.Watch(stack.bootstrap(), dev.slipway.events.Topics.RUNS.name());
        this.commands = new ContainBenchmark.Watch(stack.bootstrap(), dev.slipway.events.Topics.ROLLOUT_COMMANDS.name());
        this.routes = new ContainBenchmark.Watch(stack.bootstrap(), dev.slipway.events.Topics.ROUTES.name());
    }

    private Trial trial(String deployment) throws Exception {
        String base = stack.router().url("/api/v1/deployments/" + deployment);
        Wait.until("first deploy of " + deployment + " accepted", Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> Http.post(base + "/rollouts", Map.of("candidate", v1)).status() == 202);
        Wait.until(deployment + " stable on v1", Duration.ofSeconds(30),
                () -> Http.status(base + "/route") == 200 && Http.get(base + "/route").body().path("stable").asText().equals(v1));
        Http.Response started = Http.post(base + "/rollouts", Map.of("candidate", v2,
                "plan", List.of(ContainBenchmark.step(50), ContainBenchmark.step(100)),
                "budgets", Map.of("maxTaskSpendUsd", CEILING_USD)));
        if (started.status() != 202) {
            throw new IllegalStateException("canary not accepted: " + started.status() + " " + started.body());
        }
        Wait.until(deployment + " canary on v2", Duration.ofSeconds(30),
                () -> v2.equals(Http.get(base + "/route").body().path("canary").asText()));
        ContainBenchmark.awaitCanaryServiceCaughtUp(admin);
        String key = null;
        for (int j = 0; key == null; j++) {
            if ("CANARY".equals(Http.get(base + "/route?key=" + deployment + "-t" + j).body().path("arm").asText())) {
                key = deployment + "-t" + j;
            }
        }

        // The first canary task: its worker reports a run over the per-task ceiling before it answers.
        runs.forget(deployment);
        commands.forget(deployment);
        routes.forget(deployment);
        HttpResponse<String> canary = task(base, key);
        long t0 = System.nanoTime();
        if (!v2.equals(canary.headers().firstValue("Slipway-Digest").orElse(""))) {
            throw new IllegalStateException(deployment + ": the first task was not on the canary: " + canary.headers().map());
        }
        String cost = canary.headers().firstValue("Slipway-Cost-Usd").orElse("?");
        // Watch the key's assignment (a cheap look-up, so the watching does not take the CPU the services need), and
        // the moment it moves, send the next task: contained when a baseline worker has answered it.
        int lookups = 0;
        long deadline = t0 + Duration.ofSeconds(30).toNanos();
        while (!v1.equals(Http.get(base + "/route?key=" + key).body().path("digest").asText())) {
            lookups++;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(deployment + ": still on the canary 30 s after its tripping run");
            }
        }
        HttpResponse<String> next = task(base, key);
        long t1 = System.nanoTime();
        if (!v1.equals(next.headers().firstValue("Slipway-Digest").orElse(""))) {
            throw new IllegalStateException(deployment + ": the next task was not answered by v1: " + next.headers().map());
        }
        Wait.until("the watchers to see the run, the ABORT and the route", Duration.ofSeconds(5), Duration.ofMillis(5),
                () -> runs.seen(deployment) != null && commands.seen(deployment) != null && routes.seen(deployment) != null);
        return new Trial(deployment, (t1 - t0) / 1e6, lookups, cost, (runs.seen(deployment) - t0) / 1e6,
                (commands.seen(deployment) - t0) / 1e6, (routes.seen(deployment) - t0) / 1e6);
    }

    private HttpResponse<String> task(String base, String key) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/tasks")).header("Authorization", BENCH_BEARER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"taskKey\":\"" + key
                        + "\",\"input\":{\"subject\":\"Charged twice for May\",\"body\":\"please refund\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("task answered " + r.statusCode() + ": " + r.body());
        }
        return r;
    }
}
