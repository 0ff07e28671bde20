package dev.slipway.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedKafkaBroker} as its own process, for the local stack ({@code slipway up}).
 *
 * <pre>
 * java -cp &lt;testkit class path&gt; dev.slipway.testkit.KafkaBrokerMain --port 19092 --controller-port 19093 --data-dir .slipway/data/kafka
 * </pre>
 *
 * Prints {@value #READY_PREFIX}{@code 127.0.0.1:<port>} on stdout once the broker accepts clients, and shuts the
 * broker down cleanly on SIGTERM / SIGINT. Exit status 0 after a clean stop, 1 when it cannot start, 2 on bad usage.
 */
public final class KafkaBrokerMain {

    public static final String READY_PREFIX = "SLIPWAY-BROKER READY ";
    static final String USAGE = "usage: KafkaBrokerMain [--port <p>] [--controller-port <p>] [--data-dir <dir>]"
            + "  (ports default to free ones, data dir to target/kafka-<uuid>)";

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        configureLogging();
        EmbeddedKafkaBroker.Builder builder;
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("KafkaBrokerMain: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        EmbeddedKafkaBroker broker = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("SLIPWAY-BROKER STOPPING");
            try {
                broker.close();
            } finally {
                System.out.println("SLIPWAY-BROKER STOPPED");
                System.out.flush();
                stopped.countDown();
            }
        }, "slipway-broker-shutdown"));
        try {
            broker.start();
        } catch (RuntimeException e) {
            System.err.println("SLIPWAY-BROKER FAILED " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        System.out.println(READY_PREFIX + broker.bootstrapServers() + " controller=" + broker.controllerPort()
                + " data=" + broker.dataDir());
        System.out.flush();
        stopped.await();
    }

    /**
     * Kafka logs through SLF4J. With the JBoss LogManager provider on the class path (see {@link #processClasspath}),
     * route it to stdout with {@code slipway-broker-logging.properties}: warnings plus start/stop milestones. Must run
     * before anything touches java.util.logging.
     */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.manager") == null && present("org.jboss.logmanager.LogManager")) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
            java.net.URL config = KafkaBrokerMain.class.getResource("/slipway-broker-logging.properties");
            if (System.getProperty("logging.configuration") == null && config != null) {
                System.setProperty("logging.configuration", config.toString());
            }
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, KafkaBrokerMain.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * The class path to run this class as a process: the testkit's classes, its runtime dependencies and the logging
     * provider, from the files the testkit build writes into {@code target/}.
     *
     * @param testkitTarget the testkit's {@code target} folder; empty for the one recorded when this testkit was built
     * @return empty if that build output is not there
     */
    public static Optional<String> processClasspath(Optional<Path> testkitTarget) {
        Path classes;
        Path deps;
        Path logging;
        if (testkitTarget.isPresent()) {
            classes = testkitTarget.get().resolve("classes");
            deps = testkitTarget.get().resolve("broker-classpath.txt");
            logging = testkitTarget.get().resolve("broker-logging-classpath.txt");
        } else {
            Properties built = ApicurioRegistry.buildInfo();
            if (built.getProperty("testkit.classes.dir") == null || built.getProperty("broker.classpath.file") == null) {
                return Optional.empty();
            }
            classes = Path.of(built.getProperty("testkit.classes.dir"));
            deps = Path.of(built.getProperty("broker.classpath.file"));
            logging = Path.of(built.getProperty("broker.logging.classpath.file", deps.resolveSibling("broker-logging-classpath.txt").toString()));
        }
        if (!Files.isDirectory(classes) || !Files.isRegularFile(deps)) {
            return Optional.empty();
        }
        try {
            String cp = classes + File.pathSeparator + Files.readString(deps).trim();
            if (Files.isRegularFile(logging)) {
                cp += File.pathSeparator + Files.readString(logging).trim();
            }
            return Optional.of(cp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the broker class path from " + deps, e);
        }
    }

    static EmbeddedKafkaBroker.Builder parse(String[] args) {
        // A standalone broker is a real process: a fatal fault should end it, as with kafka-server-start.sh.
        EmbeddedKafkaBroker.Builder b = EmbeddedKafkaBroker.builder().interceptExit(false);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String value;
            String name;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else {
                name = a;
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                value = args[++i];
            }
            switch (name) {
                case "--port" -> b.port(parsePort(name, value));
                case "--controller-port" -> b.controllerPort(parsePort(name, value));
                case "--data-dir" -> b.dataDir(Path.of(value));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return b;
    }

    private static int parsePort(String option, String value) {
        try {
            int p = Integer.parseInt(value);
            if (p < 1 || p > 65_535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a port 1..65535, got '" + value + "'");
        }
    }
}
