package dev.slipway.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.stack.Component;
import dev.slipway.cli.stack.StackLayout;
import dev.slipway.cli.stack.StackService;
import dev.slipway.cli.stack.StackState;
import dev.slipway.testkit.Ports;

/**
 * The sample agent's processes beside the local stack: two simulated model providers (anthropic and bedrock, the
 * sample release's priced providers) and workers pinned to digests. Each is recorded in stack.json ({@code
 * provider:<name>}, {@code worker:<agent>-<digest>}), shown by {@code status} and stopped by {@code down}.
 */
public final class LocalAgents {

    /** A simulated provider as the workers are told about it. */
    public record Provider(String name, String region, String url) {
        String spec() {
            return name + "/" + region + "=" + url;
        }
    }

    static final String PROVIDER_READY = "SIM-PROVIDER READY ";
    static final String WORKER_READY = "SLIPWAY-WORKER READY ";

    private final StackLayout layout;
    private final StackService stack;

    public LocalAgents(StackLayout layout, StackService stack) {
        this.layout = layout;
        this.stack = stack;
    }

    /** The two simulated providers, started when they do not run. */
    public List<Provider> ensureProviders() {
        List<Provider> providers = new ArrayList<>();
        providers.add(ensureProvider("anthropic", "us-east-1", 18201));
        providers.add(ensureProvider("bedrock", "eu-west-1", 18202));
        return providers;
    }

    private Provider ensureProvider(String name, String region, int preferredPort) {
        String id = "provider:" + name;
        Optional<StackState.Entry> running = state().entry(id).filter(StackState.Entry::alive);
        if (running.isPresent()) {
            return new Provider(name, region, running.get().url());
        }
        int port = Ports.isFree(preferredPort) ? preferredPort : 0;
        List<String> command = java("examples/sim-provider", "slipway-sim-provider", "provider-classpath.txt", "64m");
        command.addAll(List.of("dev.slipway.examples.sim.SimProviderMain", "--name", name, "--port", String.valueOf(port),
                "--model", "claude-sonnet-4", "--snapshot", "2025-05-14=0.02",
                "--snapshot", MODEL_SWAP_SNAPSHOT + "=0.02", "--seed", "42", "--latency-ms", "15"));
        StackState.Entry entry = stack.startExtra(id, command, PROVIDER_READY, Duration.ofSeconds(30));
        return new Provider(name, region, entry.url());
    }

    /** The newer snapshot of the sample's model the simulated providers also serve: the demo's model swap. */
    public static final String MODEL_SWAP_SNAPSHOT = "2025-09-29";

    /** A worker of {@code digest} for {@code deployment}; an already running one of that digest is reused. */
    public StackState.Entry ensureWorker(String agent, String digest, String deployment, List<Provider> providers) {
        String id = workerId(agent, digest);
        Optional<StackState.Entry> running = state().entry(id).filter(StackState.Entry::alive);
        if (running.isPresent()) {
            return running.get();
        }
        StackState s = state();
        String kafka = s.urlOf(Component.KAFKA.id()).orElseThrow(() -> notRunning("kafka"));
        String registry = s.urlOf(Component.REGISTRY.id()).orElseThrow(() -> notRunning("registry"));
        String builder = s.urlOf(Component.BUILDER.id()).orElseThrow(() -> notRunning("builder-service"));
        Path key = layout.dataOf(Component.BUILDER).resolve("signing-key.pem");
        List<String> command = java("examples/support-triage-agent", "slipway-support-triage-agent", "worker-classpath.txt",
                "128m");
        command.addAll(List.of("dev.slipway.examples.triage.WorkerMain", "--digest", digest, "--deployment", deployment,
                "--builder", builder, "--token-file", layout.authDir().resolve("worker.token").toString(),
                "--trust-key-file", key.toString(), "--kafka", kafka, "--registry", registry,
                "--heartbeat-ms", "1000"));
        for (Provider p : providers) {
            command.addAll(List.of("--provider", p.spec()));
        }
        return stack.startExtra(id, command, WORKER_READY, Duration.ofSeconds(60));
    }

    /** The stack.json entry of the worker of {@code digest}. */
    public static String workerId(String agent, String digest) {
        return "worker:" + agent + "-" + digest.substring(7, 19);
    }

    private List<String> java(String module, String artifact, String classpathFile, String heap) {
        Path target = layout.home().resolve(module).resolve("target");
        Path classpath = target.resolve(classpathFile);
        Path jar;
        try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
            jar = files.filter(f -> f.getFileName().toString().startsWith(artifact + "-")
                            && f.getFileName().toString().endsWith(".jar")
                            && !f.getFileName().toString().endsWith("-sources.jar"))
                    .findFirst().orElse(null);
        } catch (IOException e) {
            jar = null;
        }
        if (jar == null || !Files.isRegularFile(classpath)) {
            throw new CliException(ExitCodes.FAILED, module + " is not built (no jar and " + classpathFile + " in "
                    + layout.display(target) + "): run ./mvnw -DskipTests install");
        }
        String cp;
        try {
            cp = jar + java.io.File.pathSeparator + Files.readString(classpath).trim();
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read " + classpath + ": " + e.getMessage(), e);
        }
        return new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heap,
                "-XX:+UseSerialGC", "-cp", cp));
    }

    private StackState state() {
        return StackState.load(layout.stackFile()).orElse(StackState.empty(layout.home()));
    }

    private static CliException notRunning(String what) {
        return new CliException(ExitCodes.NOT_RUNNING, what + " is not running: start the stack with bin/slipway up");
    }
}
