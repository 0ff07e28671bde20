package dev.slipway.testkit.stack;

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
 * A real broker (in this JVM) and registry (a child process), and the packaged router and, optionally, canary (or
 * all four) services as processes ({@code <module>/target/quarkus-app}), as in production, for end-to-end tests and benchmarks.
 * The services run with their production settings (the catalogue's partition count, the canary's tick) unless a
 * caller passes overrides.
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
    private ServiceProcess builder;
    private ServiceProcess lineage;
    private final java.util.List<ServiceProcess> routerReplicas = new java.util.ArrayList<>();
    private boolean brokerStopped;

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
    public static Stack start(Path parent, String name, boolean withCanary, Map<String, String> overrides)
            throws IOException {
        Path dir = Files.createDirectories(parent.resolve(name + "-" + UUID.randomUUID()));
        long t = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).build().start();
        // One registry per JVM: starting one costs 5-15 s, and the schemas are the same for every stack.
        ApicurioRegistry registry = ApicurioRegistry.shared();
        TopicProvisioner.ensureAll(broker.bootstrapServers(), PARTITIONS, (short) 1);
        Stack stack = new Stack(broker, registry, dir, overrides);
        stack.writeAuth();
        try {
            stack.router = new ServiceProcess("router-service", stack.properties("router"), dir).start();
            if (withCanary) {
                stack.canary = new ServiceProcess("canary-service", stack.properties("canary"), dir).start();
            }
        } catch (IOException | RuntimeException e) {
            stack.closeAfterFailedStart();
            throw e;
        }
        System.out.printf("stack up in %.1f s: broker %s, registry %s, router :%d%s; logs in %s%n",
                (System.nanoTime() - t) / 1e9, broker.bootstrapServers(), registry.url(), stack.router.port(),
                withCanary ? ", canary :" + stack.canary.port() : "", dir);
        return stack;
    }

    /** As {@link #start}, with the canary, and the builder and lineage services too: all four, as users run them. */
    public static Stack startAll(Path parent, String name, Map<String, String> overrides) throws IOException {
        Stack stack = start(parent, name, true, overrides);
        try {
            stack.builder = new ServiceProcess("builder-service", stack.properties("builder"), stack.dir).start();
            stack.lineage = new ServiceProcess("lineage-service", stack.properties("lineage"), stack.dir).start();
        } catch (IOException | RuntimeException e) {
            stack.closeAfterFailedStart();
            throw e;
        }
        return stack;
    }

    /**
     * Stops every running service gracefully and starts it again on the same topics, as an operator's restart; with
     * {@code freshStreamsState} on new machines too: the Streams jobs' local state is gone and rebuilt from Kafka.
     */
    public void restartServices(boolean freshStreamsState) throws IOException, InterruptedException {
        for (ServiceProcess service : services()) {
            service.close();
        }
        routerReplicas.clear();
        if (freshStreamsState) {
            for (String service : java.util.List.of("router", "canary")) {
                Path state = dir.resolve(service + "-state");
                if (Files.exists(state)) {
                    try (var paths = Files.walk(state)) {
                        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
        router = new ServiceProcess("router-service", properties("router"), dir).start();
        if (canary != null) {
            canary = new ServiceProcess("canary-service", properties("canary"), dir).start();
        }
        if (builder != null) {
            builder = new ServiceProcess("builder-service", properties("builder"), dir).start();
        }
        if (lineage != null) {
            lineage = new ServiceProcess("lineage-service", properties("lineage"), dir).start();
        }
    }

    private void closeAfterFailedStart() {
        try {
            close();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /** The services this stack runs. */
    public java.util.List<ServiceProcess> services() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(router, canary, builder, lineage),
                routerReplicas.stream()).filter(java.util.Objects::nonNull).toList();
    }

    /** The test key pair's public half, where the services read it, and the builder's token towards the router. */
    private void writeAuth() throws IOException {
        Path auth = Files.createDirectories(dir.resolve("auth"));
        try (var in = Stack.class.getResourceAsStream("/" + dev.slipway.testkit.TestTokens.PUBLIC_KEY_LOCATION)) {
            Files.write(auth.resolve("public-key.pem"), in.readAllBytes());
        }
        tokenFile("builder-service", "operator");
    }

    /** A file holding a valid token for {@code name} with {@code roles} (as a worker or the builder is given one). */
    public Path tokenFile(String name, String... roles) throws IOException {
        Path file = dir.resolve("auth").resolve(name + ".token");
        Files.writeString(file, dev.slipway.testkit.TestTokens.of(name, roles));
        return file;
    }

    /** A token file with the viewer role, for workers fetching their release from the builder. */
    public Path workerTokenFile() {
        try {
            return tokenFile("worker", "viewer");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Map<String, String> properties(String service) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("mp.jwt.verify.publickey.location", dir.resolve("auth").resolve("public-key.pem").toAbsolutePath().toString());
        if (service.equals("builder")) {
            p.put("slipway.router.url", "http://127.0.0.1:" + router.port());
            p.put("slipway.router.token-file", dir.resolve("auth").resolve("builder-service.token").toAbsolutePath()
                    .toString());
        }
        p.put("kafka.bootstrap.servers", broker.bootstrapServers());
        p.put("apicurio.registry.url", registry.url());
        p.put("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", registry.url());
        p.put("kafka-streams.state.dir", dir.resolve(service + "-state").toAbsolutePath().toString());
        p.put("slipway.topics.partitions", String.valueOf(PARTITIONS));
        p.put("slipway.data.dir", dir.resolve(service + "-data").toAbsolutePath().toString());
        p.putAll(overrides);
        return p;
    }

    /** Kills the canary service as a crash would, and starts it again on the same state directory. */
    public void crashAndRestartCanary() throws IOException, InterruptedException {
        canary.crash();
        canary = new ServiceProcess("canary-service", properties("canary"), dir).start();
    }

    /** Starts lineage-service beside the router of a stack started without it (benchmarks). */
    public ServiceProcess addLineage() throws IOException {
        if (lineage == null) {
            lineage = new ServiceProcess("lineage-service", properties("lineage"), dir).start();
        }
        return lineage;
    }

    /** Kills lineage-service as a crash would (no chance to commit or close anything). */
    public void crashLineage() throws InterruptedException {
        lineage.crash();
    }

    /** Starts lineage-service again on the same state directory, after {@link #crashLineage}. */
    public void startLineageAgain() throws IOException {
        lineage = new ServiceProcess("lineage-service", properties("lineage"), dir).start();
    }

    /** Stops the broker, as an outage would; the services keep running. */
    public void stopBroker() {
        broker.close();
        brokerStopped = true;
    }

    public ServiceProcess router() {
        return router;
    }

    /**
     * Starts one more instance of the router, as a second replica: same application id (the pointer's partitions
     * are shared out between the instances, one writer each), its own state directory and port; it serves look-ups
     * from {@code slipway.routes} like the first. Stopped with the stack.
     */
    public ServiceProcess addRouterReplica() throws IOException {
        int n = routerReplicas.size() + 2;
        Map<String, String> p = new LinkedHashMap<>(properties("router"));
        p.put("kafka-streams.state.dir", dir.resolve("router-" + n + "-state").toAbsolutePath().toString());
        p.put("slipway.data.dir", dir.resolve("router-" + n + "-data").toAbsolutePath().toString());
        p.put("slipway.instance-id", String.valueOf(n));
        ServiceProcess replica = new ServiceProcess("router-service", p, dir).start();
        routerReplicas.add(replica);
        return replica;
    }

    public ServiceProcess canary() {
        return canary;
    }

    public ServiceProcess builder() {
        return builder;
    }

    public ServiceProcess lineage() {
        return lineage;
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
        if (brokerStopped) {
            // A graceful stop would wait for the missing broker: nothing is left to flush, so just end them.
            for (ServiceProcess service : services()) {
                service.crash();
            }
            return;
        }
        // Services before the broker, or their shutdown waits on it. The shared registry outlives the stack.
        for (ServiceProcess service : services()) {
            service.close();
        }
        broker.close();
    }
}
