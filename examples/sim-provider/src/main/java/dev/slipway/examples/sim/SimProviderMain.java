package dev.slipway.examples.sim;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code java -jar slipway-sim-provider.jar --name anthropic --port 18201 --model claude-sonnet-4
 * --snapshot 2025-05-14=0.05 [--seed 42] [--latency-ms 20]}: runs one simulated provider until killed.
 */
public final class SimProviderMain {

    private SimProviderMain() {
    }

    public static void main(String[] args) throws Exception {
        String name = "sim";
        String model = "claude-sonnet-4";
        Map<String, Double> snapshots = new LinkedHashMap<>();
        long seed = 42;
        int port = 0;
        long latencyMs = 20;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--name" -> name = value;
                case "--model" -> model = value;
                case "--snapshot" -> {
                    String[] kv = value.split("=", 2);
                    snapshots.put(kv[0], kv.length > 1 ? Double.parseDouble(kv[1]) : 0.05);
                }
                case "--seed" -> seed = Long.parseLong(value);
                case "--port" -> port = Integer.parseInt(value);
                case "--latency-ms" -> latencyMs = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (snapshots.isEmpty()) {
            snapshots.put("2025-05-14", 0.05);
        }
        SimProvider provider = SimProvider.start(name, model, snapshots, seed, Duration.ofMillis(latencyMs),
                Duration.ofSeconds(30), port);
        System.out.println("SIM-PROVIDER READY " + name + " " + provider.url());
        Runtime.getRuntime().addShutdownHook(new Thread(provider::close));
        Thread.currentThread().join();
    }
}
