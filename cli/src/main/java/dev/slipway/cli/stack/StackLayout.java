package dev.slipway.cli.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.slipway.testkit.ApicurioRegistry;
import dev.slipway.testkit.KafkaBrokerMain;

/**
 * Where the local stack keeps things, all under the project folder:
 * <pre>
 * .slipway/stack.json          what runs: pid, ports, URLs, logs (written by up, removed by down)
 * .slipway/logs/&lt;id&gt;.log       each component's output (appended)
 * .slipway/data/&lt;id&gt;/          each component's data (broker log dirs, registry H2, services' slipway.data.dir)
 * </pre>
 * {@code SLIPWAY_STATE_DIR} moves {@code .slipway} elsewhere.
 */
public record StackLayout(Path home, Path stateDir) {

    public static final String STATE_DIR_ENV = "SLIPWAY_STATE_DIR";

    public static StackLayout of(Path home, Map<String, String> env) {
        String state = env.get(STATE_DIR_ENV);
        Path stateDir = state != null && !state.isBlank() ? Path.of(state) : home.resolve(".slipway");
        return new StackLayout(home.toAbsolutePath().normalize(), stateDir.toAbsolutePath().normalize());
    }

    public Path stackFile() {
        return stateDir.resolve("stack.json");
    }

    /** The local stack's token-signing key pair and the tokens minted with it ({@code slipway login}, services). */
    public Path authDir() {
        return stateDir.resolve("auth");
    }

    public Path logsDir() {
        return stateDir.resolve("logs");
    }

    public Path dataDir() {
        return stateDir.resolve("data");
    }

    /**
     * The local stack's alert sink: lineage-service appends every page to it, one JSON document a line, as a
     * webhook would receive it.
     */
    public Path alertInbox() {
        return stateDir.resolve("alerts").resolve("inbox.jsonl");
    }

    public Path logOf(Component c) {
        return logsDir().resolve(c.id() + ".log");
    }

    public Path dataOf(Component c) {
        return dataDir().resolve(c.id());
    }

    /** {@code <module>/target/quarkus-app/quarkus-run.jar} of a service. */
    public Path serviceJar(Component c) {
        return home.resolve(c.module()).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /** Whether a file under {@code <module>/src} or its pom.xml is newer than the service's jar. */
    public boolean sourcesNewerThanJar(Component c) {
        Path jar = serviceJar(c);
        Path module = home.resolve(c.module());
        try (java.util.stream.Stream<Path> files = Stream.concat(Stream.of(module.resolve("pom.xml")),
                Files.isDirectory(module.resolve("src")) ? Files.walk(module.resolve("src")) : Stream.empty())) {
            java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(jar);
            return files.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return Files.getLastModifiedTime(f).compareTo(built) > 0;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Path relative to the project folder when inside it, for shorter output. */
    public String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(home) ? home.relativize(abs).toString() : abs.toString();
    }

    /**
     * Class path to run {@code KafkaBrokerMain}, as written by the testkit build: the project's own
     * {@code testkit/target} first, else the one this CLI was built with.
     */
    public Optional<String> brokerClasspath() {
        return KafkaBrokerMain.processClasspath(Optional.of(home.resolve("testkit/target")))
                .or(() -> KafkaBrokerMain.processClasspath(Optional.empty()));
    }

    /** The unpacked Apicurio Registry: the project's {@code testkit/target/apicurio-registry}, else the testkit's default. */
    public Path registryHome() {
        Path local = home.resolve("testkit/target/apicurio-registry");
        if (Files.isRegularFile(local.resolve("quarkus-run.jar"))) {
            return local;
        }
        return ApicurioRegistry.resolveHome();
    }
}
