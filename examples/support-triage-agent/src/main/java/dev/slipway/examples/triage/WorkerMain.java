package dev.slipway.examples.triage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.slipway.agent.ReleaseRefusedException;
import dev.slipway.agent.TaskCeilings;
import dev.slipway.release.ReleaseSigner;

/**
 * Runs one support-triage worker pinned to a release digest:
 * <pre>
 * java -cp … dev.slipway.examples.triage.WorkerMain --digest sha256:… --deployment support-triage/prod
 *     --builder http://127.0.0.1:18081 [--token-file &lt;viewer token&gt;] --trust sha256:&lt;builder key id&gt; (or --trust-key-file &lt;builder signing key&gt;)
 *     --provider anthropic/us-east-1=http://127.0.0.1:18201 --provider bedrock/eu-west-1=http://127.0.0.1:18202
 *     --kafka 127.0.0.1:19092 --registry http://127.0.0.1:18080/apis/registry/v3 [--port 0] [--capacity 4]
 *     [--ceilings modelCalls=6,toolCalls=4,tokens=60000,spendUsd=0.25] [--heartbeat-ms 2000]
 * </pre>
 * It refuses to start (exit 2, the reason on stderr) when the release does not verify or a provider is unpriced,
 * prints {@code SLIPWAY-WORKER READY <id> <url>} once it takes tasks, and deregisters on SIGTERM.
 */
public final class WorkerMain {

    public static final String READY = "SLIPWAY-WORKER READY ";

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // Warnings and errors only: the Kafka clients' INFO lines would drown the worker's own.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        String digest = null;
        String deployment = null;
        String builder = "http://127.0.0.1:18081";
        Path builderToken = Optional.ofNullable(System.getenv("SLIPWAY_TOKEN_FILE")).map(Path::of).orElse(null);
        Set<String> trusted = new LinkedHashSet<>();
        List<String> providers = new ArrayList<>();
        String kafka = null;
        String registry = null;
        int port = 0;
        int capacity = 4;
        long heartbeatMs = 2000;
        TaskCeilings ceilings = new TaskCeilings(6, 4, 60_000, 0.25);
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--digest" -> digest = v;
                case "--deployment" -> deployment = v;
                case "--builder" -> builder = v;
                case "--token-file" -> builderToken = Path.of(v);
                case "--trust" -> trusted.addAll(List.of(v.split(",")));
                case "--trust-key-file" -> trusted.add(ReleaseSigner.loadOrCreate(Path.of(v)).keyId());
                case "--provider" -> providers.add(v);
                case "--kafka" -> kafka = v;
                case "--registry" -> registry = v;
                case "--port" -> port = Integer.parseInt(v);
                case "--capacity" -> capacity = Integer.parseInt(v);
                case "--heartbeat-ms" -> heartbeatMs = Long.parseLong(v);
                case "--ceilings" -> ceilings = ceilings(v);
                default -> fail("unknown option " + args[i]);
            }
        }
        if (digest == null || deployment == null || providers.isEmpty() || kafka == null || registry == null) {
            fail("required: --digest, --deployment, --provider (one or more), --kafka, --registry");
        }
        RunningWorker worker;
        try {
            worker = RunningWorker.start(new RunningWorker.Settings(digest, deployment, URI.create(builder),
                    Optional.ofNullable(builderToken), trusted,
                    providers, kafka, registry, port, capacity, ceilings, Duration.ofMillis(heartbeatMs)));
        } catch (ReleaseRefusedException e) {
            fail("refusing to start: " + e.getMessage());
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            if (worker.lostReports() > 0) {
                System.err.println(worker.workerId() + ": " + worker.lostReports() + " run report(s) could not be delivered");
            }
        }));
        System.out.println(READY + worker.workerId() + " " + worker.url());
        Thread.currentThread().join();
    }

    static TaskCeilings ceilings(String spec) {
        int modelCalls = 6;
        int toolCalls = 4;
        long tokens = 60_000;
        double spend = 0.25;
        for (String kv : spec.split(",")) {
            String[] p = kv.split("=", 2);
            switch (p[0].trim()) {
                case "modelCalls" -> modelCalls = Integer.parseInt(p[1].trim());
                case "toolCalls" -> toolCalls = Integer.parseInt(p[1].trim());
                case "tokens" -> tokens = Long.parseLong(p[1].trim());
                case "spendUsd" -> spend = Double.parseDouble(p[1].trim());
                default -> throw new IllegalArgumentException("unknown ceiling " + p[0] + " (modelCalls, toolCalls, tokens, spendUsd)");
            }
        }
        return new TaskCeilings(modelCalls, toolCalls, tokens, spend);
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
