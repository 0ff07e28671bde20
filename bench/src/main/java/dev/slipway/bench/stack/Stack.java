package dev.slipway.bench.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.slipway.events.TopicProvisioner;
import dev.slipway.testkit.ApicurioRegistry;
import dev.slipway.testkit.EmbeddedKafkaBroker;

/**
 * A real broker (in this JVM) and registry (a child process), and the packaged router and, optionally, canary
 * services as processes. Adapted from the e2e harness (e2e/src/test/.../Stack.java). Unlike the e2e stack, the
 * services run with their production settings: the topic catalogue's production partition count and the canary's
 * production tick, unless a harness passes an override.
 */
public final class Stack implements AutoCloseable {

    /** The services' default {@code slipway.topics.partitions}. */
    public static final int PARTITIONS = 3;

    private final EmbeddedKafkaBroker broker;
    private final ApicurioRegistry registry;
    private final Path dir;
    private final Map<String, String> overrides;
    private ServiceProcess router;
    private ServiceProcess canary;

    private Stack(EmbeddedKafkaBroker broker, ApicurioRegistry registry, Path dir, Map<String, String> overrides) {
        this.broker = broker;
        this.registry = registry;
        this.dir = dir;
        this.overrides = overrides;
    }

    /** The repository root: {@code -Dslipway.repo.root}, else the working directory (the bench scripts cd there). */
    public static Path repoRoot() {
        return Path.of(System.getProperty("slipway.repo.root", ".")).toAbsolutePath().normalize();
    }

    /**
     * Starts the broker and registry, creates the topic catalogue, then the router and (if {@code withCanary}) the
     * canary service. {@code overrides} are system properties passed to both services.
     */
    public static Stack start(String name, boolean withCanary, Map<String, String> overrides) throws IOException {
        Path dir = Files.createDirectories(repoRoot().resolve(Path.of("bench", "target", name + "-" + UUID.randomUUID())));
        long t = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).build().start();
        ApicurioRegistry registry = ApicurioRegistry.builder().logFile(dir.resolve("registry.log")).build().start();
        TopicProvisioner.ensureAll(broker.bootstrapServers(), PARTITIONS, (short) 1);
        Stack stack = new Stack(broker, registry, dir, overrides);
        try {
            stack.router = new ServiceProcess("router-service", stack.properties("router"), dir).start();
            if (withCanary) {
                stack.canary = new ServiceProcess("canary-service", stack.properties("canary"), dir).start();
            }
        } catch (IOException | RuntimeException e) {
            try {
                stack.close();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        System.out.printf("stack up in %.1f s: broker %s, registry %s, router :%d%s; logs in %s%n",
                (System.nanoTime() - t) / 1e9, broker.bootstrapServers(), registry.url(), stack.router.port(),
                withCanary ? ", canary :" + stack.canary.port() : "", dir);
        return stack;
    }

    private Map<String, String> properties(String service) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", broker.bootstrapServers());
        p.put("apicurio.registry.url", registry.url());
        p.put("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", registry.url());
        p.put("kafka-streams.state.dir", dir.resolve(service + "-state").toAbsolutePath().toString());
        p.put("slipway.topics.partitions", String.valueOf(PARTITIONS));
        p.putAll(overrides);
        return p;
    }

    public ServiceProcess router() {
        return router;
    }

    public ServiceProcess canary() {
        return canary;
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public String bootstrap() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws InterruptedException {
        // Services before the broker, or their shutdown waits on it.
        if (canary != null) {
            canary.close();
        }
        if (router != null) {
            router.close();
        }
        broker.close();
        registry.close();
    }
}
