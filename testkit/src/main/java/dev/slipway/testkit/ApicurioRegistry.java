package dev.slipway.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Apicurio Registry 3.3.3 as a child process: the real server distribution ({@code apicurio-registry-app} tar.gz,
 * unpacked into {@code testkit/target/apicurio-registry} at build time), started on {@code 127.0.0.1} with a free (or
 * given) HTTP port and management port, in-memory H2 by default or file H2 under a data directory.
 *
 * <pre>{@code
 * try (ApicurioRegistry registry = ApicurioRegistry.builder().build().start()) {
 *     String v3 = registry.url();   // http://127.0.0.1:<port>/apis/registry/v3
 * }
 * }</pre>
 *
 * <p>Where things come from:
 * <ul>
 * <li>server: {@link Builder#home}, else system property {@value #HOME_PROPERTY}, else env {@value #HOME_ENV},
 *     else the unpack directory recorded at build time in {@code slipway-testkit.properties};</li>
 * <li>Java (3.3.3 needs 21+): {@link Builder#javaHome}, else env {@value #JAVA_HOME_ENV} (or system property
 *     {@value #JAVA_HOME_PROPERTY}), else this JVM if it is 21+, else the newest JDK 21+ under
 *     {@code /usr/lib/jvm}.</li>
 * </ul>
 * {@link #start()} waits for {@code /health/ready} on the management port. A non-detached registry is killed by
 * {@link #close()} and, as a safety net, when this JVM exits; a {@linkplain Builder#detached detached} one (the CLI's
 * local stack) runs in its own session and outlives this JVM.
 */
public final class ApicurioRegistry implements AutoCloseable {

    public static final String HOME_PROPERTY = "slipway.registry.home";
    public static final String HOME_ENV = "SLIPWAY_REGISTRY_HOME";
    public static final String JAVA_HOME_PROPERTY = "slipway.registry.java.home";
    public static final String JAVA_HOME_ENV = "SLIPWAY_REGISTRY_JAVA_HOME";
    public static final String READY_PREFIX = "SLIPWAY-REGISTRY READY ";
    /** Apicurio Registry 3.x runs on Java 21 or newer. */
    public static final int MIN_JAVA = 21;
    /** Where JDKs live on Debian-style machines. */
    static final Path JVM_DIR = Path.of("/usr/lib/jvm");

    private static final String HOST = "127.0.0.1";
    private static ApicurioRegistry shared;

    private final Builder options;
    private Process process;
    private Thread reaper;
    private int port;
    private int managementPort;
    private Path logFile;

    private ApicurioRegistry(Builder options) {
        this.options = options;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * One registry for the whole JVM, started on first use (5–15 s) with free ports and in-memory storage, and
     * stopped when the JVM exits. Tests share it; use unique artifact ids / groups per test.
     */
    public static synchronized ApicurioRegistry shared() {
        if (shared == null || !shared.isRunning()) {
            shared = builder().build().start();
        }
        return shared;
    }

    /** Resolves the server and Java, checks the ports, launches the process and waits until it is ready. */
    public synchronized ApicurioRegistry start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        Path home = options.home != null ? options.home : resolveHome();
        Path runJar = home.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalStateException("Apicurio Registry not found: no " + runJar + ". Build the testkit "
                    + "(mvn -pl testkit -am install) to unpack it, or point " + HOME_ENV + " at an unpacked "
                    + "apicurio-registry-app distribution.");
        }
        Path javaHome = options.javaHome != null ? requireJava(options.javaHome, "the given Java home") : resolveJavaHome();
        port = options.port > 0 ? Ports.requireFree(options.port, "Registry HTTP port") : Ports.free();
        managementPort = options.managementPort > 0
                ? Ports.requireFree(options.managementPort, "Registry management port")
                : Ports.freeExcept(port);
        logFile = (options.logFile != null ? options.logFile : defaultLogFile()).toAbsolutePath();
        try {
            Files.createDirectories(logFile.getParent());
            if (options.dataDir != null) {
                Files.createDirectories(options.dataDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directories for the registry: " + e.getMessage(), e);
        }

        List<String> command = new ArrayList<>();
        if (options.detached) {
            Processes.setsid().ifPresent(s -> command.add(s.toString()));
        }
        command.addAll(command(javaHome, runJar));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Apicurio Registry with " + command + ": " + e.getMessage(), e);
        }
        if (!options.detached) {
            Process p = process;
            reaper = new Thread(() -> Processes.terminate(p.toHandle(), Duration.ofSeconds(5)), "apicurio-registry-reaper");
            Runtime.getRuntime().addShutdownHook(reaper);
        }
        try {
            awaitReady();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** The full command line (without {@code setsid}) that runs the server. */
    List<String> command(Path javaHome, Path runJar) {
        List<String> c = new ArrayList<>();
        c.add(javaHome.resolve("bin").resolve("java").toString());
        // Measured: 5 s to ready and ~220 MB RSS instead of ~10 s and 400 MB with JVM defaults.
        c.add("-Xmx" + options.maxHeap);
        c.add("-XX:+UseSerialGC");
        c.add("-XX:TieredStopAtLevel=1");
        Map<String, String> sys = new LinkedHashMap<>();
        sys.put("quarkus.http.host", HOST);
        sys.put("quarkus.http.port", String.valueOf(port));
        sys.put("quarkus.management.host", HOST);
        sys.put("quarkus.management.port", String.valueOf(managementPort));
        if (options.dataDir != null) {
            // File H2 keeps schemas (and so their global ids) across restarts of the local stack.
            sys.put("apicurio.datasource.url", "jdbc:h2:file:" + options.dataDir.toAbsolutePath().resolve("registry"));
        }
        sys.putAll(options.systemProperties);
        sys.forEach((k, v) -> c.add("-D" + k + "=" + v));
        c.add("-jar");
        c.add(runJar.toString());
        return c;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        URI ready = URI.create(healthUrl());
        long deadline = System.nanoTime() + options.startupTimeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio Registry exited with status " + process.exitValue()
                        + " before it was ready. Log " + logFile + ":\n" + Processes.tail(logFile, 40));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
            }
            pause(Duration.ofMillis(200));
        }
        throw new IllegalStateException("Apicurio Registry not ready within " + options.startupTimeout.toSeconds()
                + " s at " + ready + " (last: " + last + "). Log " + logFile + ":\n" + Processes.tail(logFile, 40));
    }

    private static void pause(Duration d) {
        // Polling interval while a child process starts: there is no event to wait on.
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path defaultLogFile() {
        String name = "apicurio-registry-" + UUID.randomUUID().toString().substring(0, 8) + ".log";
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            return target.resolve(name);
        }
        try {
            return Files.createTempFile("apicurio-registry-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The core REST API: {@code http://127.0.0.1:<port>/apis/registry/v3}. */
    public String url() {
        return baseUrl() + "/apis/registry/v3";
    }

    /** The Confluent-compatible API: {@code http://127.0.0.1:<port>/apis/ccompat/v7}. */
    public String ccompatUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        requireStarted();
        return "http://" + HOST + ":" + port;
    }

    /** Readiness probe on the management port. */
    public String healthUrl() {
        requireStarted();
        return "http://" + HOST + ":" + managementPort + "/health/ready";
    }

    public int port() {
        requireStarted();
        return port;
    }

    public int managementPort() {
        requireStarted();
        return managementPort;
    }

    public long pid() {
        requireStarted();
        return process.pid();
    }

    public ProcessHandle processHandle() {
        requireStarted();
        return process.toHandle();
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the registry process and its children (SIGTERM, SIGKILL after 10 s). */
    @Override
    public synchronized void close() {
        if (process == null) {
            return;
        }
        Processes.terminate(process.toHandle(), Duration.ofSeconds(10));
        if (reaper != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or ran: nothing to remove
            }
            reaper = null;
        }
    }

    private void requireStarted() {
        if (process == null) {
            throw new IllegalStateException("registry not started: call start() first");
        }
    }

    @Override
    public String toString() {
        return "ApicurioRegistry[" + (process == null ? "not started" : url() + ", pid " + process.pid()) + "]";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Locating the server and a Java 21+

    /** The unpacked server distribution (the folder holding {@code quarkus-run.jar}). */
    public static Path resolveHome() {
        String configured = firstNonBlank(System.getProperty(HOME_PROPERTY), System.getenv(HOME_ENV));
        if (configured != null) {
            return Path.of(configured).toAbsolutePath();
        }
        String built = buildInfo().getProperty("registry.unpack.dir");
        if (built == null || built.isBlank() || built.contains("${")) {
            throw new IllegalStateException("Apicurio Registry location unknown: set " + HOME_ENV
                    + " to an unpacked apicurio-registry-app distribution");
        }
        return Path.of(built);
    }

    /** A Java home whose version is at least {@value #MIN_JAVA}, per the order in the class comment. */
    public static Path resolveJavaHome() {
        String configured = firstNonBlank(System.getProperty(JAVA_HOME_PROPERTY), System.getenv(JAVA_HOME_ENV));
        if (configured != null) {
            return requireJava(Path.of(configured), JAVA_HOME_ENV);
        }
        if (Runtime.version().feature() >= MIN_JAVA) {
            return Path.of(System.getProperty("java.home"));
        }
        return findJdk(JVM_DIR, MIN_JAVA).orElseThrow(() -> new IllegalStateException(
                "Apicurio Registry " + buildInfo().getProperty("registry.version", "3.x") + " needs Java " + MIN_JAVA
                        + "+, but this JVM is " + Runtime.version().feature() + " and no JDK " + MIN_JAVA + "+ was found under "
                        + JVM_DIR + ". Install one (e.g. apt-get install openjdk-21-jdk-headless) or set " + JAVA_HOME_ENV + "."));
    }

    /** The newest Java home under {@code dir} whose {@code release} file says JAVA_VERSION >= {@code min}. */
    static Optional<Path> findJdk(Path dir, int min) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(dir)) {
            return homes.filter(h -> Files.isExecutable(h.resolve("bin").resolve("java")))
                    .filter(h -> javaVersion(h).orElse(0) >= min)
                    .max(Comparator.comparingInt((Path h) -> javaVersion(h).orElse(0)).thenComparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Feature version (17, 21, 25 …) from {@code <home>/release}, e.g. {@code JAVA_VERSION="25.0.1"} gives 25. */
    static Optional<Integer> javaVersion(Path javaHome) {
        Path release = javaHome.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(release)) {
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("JAVA_VERSION");
            if (v == null) {
                return Optional.empty();
            }
            v = v.replace("\"", "").trim();
            if (v.startsWith("1.")) {
                v = v.substring(2);
            }
            String feature = v.split("[.\\-+_]")[0];
            return Optional.of(Integer.parseInt(feature));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Path requireJava(Path home, String source) {
        if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
            throw new IllegalStateException(source + " = " + home + " is not a Java home (no bin/java)");
        }
        int v = javaVersion(home).orElse(MIN_JAVA);
        if (v < MIN_JAVA) {
            throw new IllegalStateException(source + " = " + home + " is Java " + v + "; Apicurio Registry needs " + MIN_JAVA + "+");
        }
        return home;
    }

    /** {@code slipway-testkit.properties}, written at build time. */
    public static Properties buildInfo() {
        Properties p = new Properties();
        try (InputStream in = ApicurioRegistry.class.getResourceAsStream("/slipway-testkit.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read slipway-testkit.properties", e);
        }
        return p;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Standalone use

    /**
     * {@code ApicurioRegistry [--port p] [--management-port p] [--data-dir d] [--log-file f] [--detach]}: starts a
     * registry, prints {@value #READY_PREFIX}{@code <v3 url> pid=<pid>} and either returns at once ({@code --detach},
     * the registry keeps running) or keeps it running until this process gets SIGTERM / Ctrl-C.
     */
    public static void main(String[] args) throws InterruptedException {
        Builder b = builder();
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--detach" -> b.detached(true);
                    case "--port", "--management-port", "--data-dir", "--log-file", "--timeout-seconds" -> {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("missing value for " + a);
                        }
                        String v = args[++i];
                        switch (a) {
                            case "--port" -> b.port(Integer.parseInt(v));
                            case "--management-port" -> b.managementPort(Integer.parseInt(v));
                            case "--data-dir" -> b.dataDir(Path.of(v));
                            case "--log-file" -> b.logFile(Path.of(v));
                            default -> b.startupTimeout(Duration.ofSeconds(Long.parseLong(v)));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ApicurioRegistry: " + e.getMessage());
            System.err.println("usage: ApicurioRegistry [--port p] [--management-port p] [--data-dir d] [--log-file f]"
                    + " [--timeout-seconds s] [--detach]");
            System.exit(2);
            return;
        }
        ApicurioRegistry registry = b.build();
        try {
            registry.start();
        } catch (RuntimeException e) {
            System.err.println("SLIPWAY-REGISTRY FAILED " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println(READY_PREFIX + registry.url() + " pid=" + registry.pid() + " log=" + registry.logFile());
        System.out.flush();
        if (!b.detached) {
            registry.process.waitFor();
        }
    }

    /** Options for {@link ApicurioRegistry}. */
    public static final class Builder {
        private Path home;
        private Path javaHome;
        private int port;
        private int managementPort;
        private Path dataDir;
        private Path logFile;
        private Duration startupTimeout = Duration.ofSeconds(120);
        private boolean detached;
        private String maxHeap = "128m";
        private final Map<String, String> systemProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /** The unpacked server distribution (folder with {@code quarkus-run.jar}). */
        public Builder home(Path home) {
            this.home = Objects.requireNonNull(home).toAbsolutePath();
            return this;
        }

        /** A Java 21+ home to run the server with. */
        public Builder javaHome(Path javaHome) {
            this.javaHome = Objects.requireNonNull(javaHome);
            return this;
        }

        /** HTTP port for the APIs; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = Ports.checkRange(port);
            return this;
        }

        /** Management port ({@code /health/ready}); 0 (default) picks a free one. */
        public Builder managementPort(int port) {
            this.managementPort = Ports.checkRange(port);
            return this;
        }

        /** Keep the registry's data in file H2 under this folder; default in-memory H2. */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir).toAbsolutePath();
            return this;
        }

        /** Server output (appended); default {@code target/apicurio-registry-<id>.log} or a temp file. */
        public Builder logFile(Path file) {
            this.logFile = Objects.requireNonNull(file);
            return this;
        }

        /** How long {@link #start()} waits for readiness (default 120 s: a loaded 2-core machine is slow). */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Run in its own session and let it outlive this JVM (no shutdown hook). */
        public Builder detached(boolean detached) {
            this.detached = detached;
            return this;
        }

        /** {@code -Xmx} of the server JVM (default 128m). */
        public Builder maxHeap(String maxHeap) {
            this.maxHeap = Objects.requireNonNull(maxHeap);
            return this;
        }

        /** Extra server configuration as a system property, e.g. {@code apicurio.rest.deletion.artifact.enabled=true}. */
        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public ApicurioRegistry build() {
            return new ApicurioRegistry(this);
        }
    }
}
