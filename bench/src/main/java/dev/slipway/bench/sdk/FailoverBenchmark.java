package dev.slipway.bench.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.agent.model.ModelEndpoint;
import dev.slipway.agent.model.ModelFailover;
import dev.slipway.agent.model.ModelRequest;
import dev.slipway.agent.model.OpenAiCompatibleClient;
import dev.slipway.examples.sim.SimProvider;
import dev.slipway.release.ModelPart;

/**
 * Provider failover over HTTP on loopback: two simulated providers (5 ms per answer), one client with the sample
 * worker's settings (2 s time-out, breaker opening after 3 failures in 5 calls, 10 s cool-down). For each kind of
 * outage, {@code trials} times: calls run back to back; the primary's fault is switched on; measured is the time from
 * the switch to the first answer from the secondary, and the latency of calls once the primary's breaker is open,
 * against calls made straight to the secondary. Usage: bench/failover.sh [--trials N]. Results in
 * docs/benchmarks.md ("Provider failover").
 */
public final class FailoverBenchmark {

    static final String SNAPSHOT = "2025-05-14";
    static final ModelRequest ASK = new ModelRequest(List.of(new ModelRequest.Message("system", "Triage tickets."),
            new ModelRequest.Message("user", "Charged twice for May")), 200);

    public static void main(String[] args) throws Exception {
        int trials = args.length > 1 && args[0].equals("--trials") ? Integer.parseInt(args[1]) : 20;
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s; %d trials per fault%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), trials);
        for (SimProvider.Fault fault : List.of(SimProvider.Fault.OUTAGE, SimProvider.Fault.DOWN, SimProvider.Fault.RATE_LIMIT,
                SimProvider.Fault.GARBAGE, SimProvider.Fault.SLOW)) {
            List<Double> toFirstAnswer = new ArrayList<>();
            List<Double> openLatency = new ArrayList<>();
            List<Double> directLatency = new ArrayList<>();
            for (int t = 0; t < (fault == SimProvider.Fault.SLOW ? Math.min(trials, 5) : trials); t++) {
                try (SimProvider primary = start("anthropic"); SimProvider secondary = start("bedrock")) {
                    OpenAiCompatibleClient client = new OpenAiCompatibleClient(Duration.ofSeconds(2));
                    ModelEndpoint p = endpoint(primary);
                    ModelEndpoint s = endpoint(secondary);
                    ModelFailover failover = new ModelFailover(new ModelPart("anthropic", "claude-sonnet-4", SNAPSHOT,
                            new TreeMap<String, JsonNode>()), List.of(p, s), client,
                            new ModelFailover.BreakerSettings(5, 3, 50f, Duration.ofSeconds(10)));
                    for (int i = 0; i < 20; i++) {
                        failover.call(ASK);
                    }
                    primary.fault(fault);
                    long switched = System.nanoTime();
                    while (!failover.call(ASK).endpoint().equals(s)) {
                        // the primary still answered (a fault takes effect on the next request)
                    }
                    toFirstAnswer.add((System.nanoTime() - switched) / 1e6);
                    for (int i = 0; i < 5; i++) {
                        failover.call(ASK); // until the breaker opens
                    }
                    for (int i = 0; i < 50; i++) {
                        long a = System.nanoTime();
                        failover.call(ASK);
                        openLatency.add((System.nanoTime() - a) / 1e6);
                        long b = System.nanoTime();
                        client.call(s, ASK);
                        directLatency.add((System.nanoTime() - b) / 1e6);
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%-10s outage → first answer from the secondary: p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                            + " with the breaker open: p50 %.2f ms vs %.2f ms direct%n", fault,
                    pct(toFirstAnswer, 50), pct(toFirstAnswer, 99), pct(toFirstAnswer, 100), pct(openLatency, 50),
                    pct(directLatency, 50));
        }
    }

    static SimProvider start(String name) throws java.io.IOException {
        return SimProvider.start(name, "claude-sonnet-4", Map.of(SNAPSHOT, 0.0), 1, Duration.ofMillis(5),
                Duration.ofSeconds(30), 0);
    }

    static ModelEndpoint endpoint(SimProvider provider) {
        return new ModelEndpoint(provider.name(), "local", provider.url(), "claude-sonnet-4", SNAPSHOT);
    }

    static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
