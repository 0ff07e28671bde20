package dev.slipway.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), running in this JVM from
 * Kafka's own server jars. No Docker, no mocks.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().dataDir(Path.of("target/kafka-1")).build().start()) {
 *     kafka.createTopics("slipway.runs");
 *     String bootstrap = kafka.bootstrapServers();   // 127.0.0.1:<port>
 * }
 * }</pre>
 *
 * Ports are picked free unless given; a given port that is already taken fails {@link #start()} with a message
 * naming it. The data directory is formatted on first start and reused (not re-formatted) on later starts, so a
 * standalone broker keeps its topics across restarts.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Listener names used in the generated configuration. */
    public static final String BROKER_LISTENER = "PLAINTEXT";
    public static final String CONTROLLER_LISTENER = "CONTROLLER";

    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    /** The last fatal fault that Kafka tried to answer with System.exit / Runtime.halt in this JVM, if any. */
    private static final AtomicReference<String> INTERCEPTED_EXIT = new AtomicReference<>();

    private final Path dataDir;
    private final int requestedPort;
    private final int requestedControllerPort;
    private final Map<String, String> overrides;
    private final boolean interceptExit;

    private KafkaRaftServer server;
    private int port;
    private int controllerPort;

    private EmbeddedKafkaBroker(Builder b) {
        this.dataDir = (b.dataDir != null ? b.dataDir : freshTargetDir()).toAbsolutePath().normalize();
        this.requestedPort = b.port;
        this.requestedControllerPort = b.controllerPort;
        this.overrides = Map.copyOf(b.overrides);
        this.interceptExit = b.interceptExit;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A fresh {@code target/kafka-<uuid>} under the working directory (the module directory under Maven). */
    public static Path freshTargetDir() {
        return Path.of("target", "kafka-" + UUID.randomUUID());
    }

    /**
     * Formats the data directory if needed, starts the broker and returns once it is registered and unfenced.
     *
     * @throws IllegalStateException if a requested port is taken or the broker does not come up
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        Path dir = dataDir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka data directory " + dir, e);
        }
        port = requestedPort > 0 ? Ports.requireFree(requestedPort, "Kafka broker port") : Ports.free();
        controllerPort = requestedControllerPort > 0
                ? Ports.requireFree(requestedControllerPort, "Kafka controller port")
                : Ports.freeExcept(port);

        if (interceptExit) {
            interceptExitAndHalt();
        }
        String logDir = dir.resolve("logs").toString();
        KafkaConfig config = new KafkaConfig(brokerProperties(logDir), false);
        format(config, logDir);
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            s.startup();
        } catch (RuntimeException e) {
            try {
                s.shutdown();
            } catch (RuntimeException ignored) {
                // the original failure is the interesting one
            }
            throw new IllegalStateException("Kafka broker failed to start on " + HOST + ":" + port
                    + " (controller " + controllerPort + ", data " + dir + "): " + e.getMessage(), e);
        }
        server = s;
        return this;
    }

    private Properties brokerProperties(String logDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", BROKER_LISTENER + "://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", logDir);
        p.put("metadata.log.dir", logDir);
        // One node: every internal topic must be satisfiable with a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // A consumer group's first assignment after 0 ms instead of 3 s: first records arrive ~1 s sooner.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The default 128 MB dedupe buffer is wasted on a test broker with a few compacted topics.
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        p.putAll(overrides);
        Properties props = new Properties();
        props.putAll(p);
        return props;
    }

    private static void format(KafkaConfig config, String logDir) {
        if (Files.isRegularFile(Path.of(logDir, "meta.properties"))) {
            // formatted by an earlier start: keep its cluster id and data
            return;
        }
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir))
                .setMetadataLogDirectory(config.metadataLogDir())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.latestProduction());
        try {
            formatter.run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log directory " + logDir + ": " + e.getMessage(), e);
        }
    }

    private static void interceptExitAndHalt() {
        // KafkaRaftServer answers a fatal fault with Exit.halt / Exit.exit; in a test JVM that would kill surefire.
        Exit.setHaltProcedure((status, message) -> {
            INTERCEPTED_EXIT.set("halt(" + status + "): " + message);
            throw new IllegalStateException("Kafka tried to halt the JVM with status " + status + ": " + message);
        });
        Exit.setExitProcedure((status, message) -> {
            INTERCEPTED_EXIT.set("exit(" + status + "): " + message);
            throw new IllegalStateException("Kafka tried to exit the JVM with status " + status + ": " + message);
        });
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        requireStarted();
        return HOST + ":" + port;
    }

    public int port() {
        requireStarted();
        return port;
    }

    public int controllerPort() {
        requireStarted();
        return controllerPort;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The fatal fault Kafka tried to exit or halt the JVM with, if that happened since this JVM started. */
    public static java.util.Optional<String> interceptedExit() {
        return java.util.Optional.ofNullable(INTERCEPTED_EXIT.get());
    }

    /** Creates topics with one partition each (replication factor 1); already existing topics are fine. */
    public void createTopics(String... names) {
        createTopics(java.util.Arrays.stream(names).map(n -> new NewTopic(n, 1, (short) 1)).toList());
    }

    /** Creates the given topics (e.g. with partitions and {@code cleanup.policy} configs); existing ones are fine. */
    public void createTopics(Collection<NewTopic> topics) {
        if (topics.isEmpty()) {
            return;
        }
        try (Admin admin = admin()) {
            Map<String, org.apache.kafka.common.KafkaFuture<Void>> results = admin.createTopics(topics).values();
            List<String> failures = new ArrayList<>();
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> e : results.entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        failures.add(e.getKey() + ": " + ex.getCause());
                    }
                } catch (TimeoutException ex) {
                    failures.add(e.getKey() + ": not created within 30 s");
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topics", ex);
                }
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("cannot create topics: " + String.join("; ", failures));
            }
        }
    }

    /** Names of the non-internal topics. */
    public Set<String> topicNames() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().collect(Collectors.toCollection(java.util.TreeSet::new));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics on " + bootstrapServers() + ": " + e, e);
        }
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        Map<String, Object> conf = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(conf);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and waits until it has shut down. The data directory is left in place. */
    @Override
    public synchronized void close() {
        KafkaRaftServer s = server;
        server = null;
        if (s != null) {
            s.shutdown();
            s.awaitShutdown();
        }
    }

    private void requireStarted() {
        if (port == 0) {
            throw new IllegalStateException("broker not started: call start() first");
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + (port == 0 ? "not started" : HOST + ":" + port) + ", " + dataDir + "]";
    }

    /** Options for {@link EmbeddedKafkaBroker}. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private int controllerPort;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private boolean interceptExit = true;

        private Builder() {
        }

        /** Data directory (formatted on first start, reused afterwards). Default: a fresh {@code target/kafka-<uuid>}. */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir);
            return this;
        }

        /** Client port; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = Ports.checkRange(port);
            return this;
        }

        /** Controller (KRaft quorum) port; 0 (default) picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = Ports.checkRange(port);
            return this;
        }

        /** Adds or overrides a broker property, e.g. {@code log.retention.ms}. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /**
         * Whether to replace Kafka's {@code Exit} halt/exit procedures so a fatal fault throws instead of ending
         * the JVM (default true, right for tests; a standalone broker process sets false).
         */
        public Builder interceptExit(boolean intercept) {
            this.interceptExit = intercept;
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }

        /** Shorthand for {@code build().start()}. */
        public EmbeddedKafkaBroker start() {
            return build().start();
        }
    }

}
