package dev.slipway.testkit.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.slipway.testkit.Ports;

/** One packaged Slipway service ({@code <module>/target/quarkus-app}) run as a process, as in production. */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final Map<String, String> properties;
    private final Path logDir;
    private final int port;
    private Process process;

    public ServiceProcess(String module, Map<String, String> properties, Path logDir) {
        this.name = module;
        this.jar = Stack.repoRoot().resolve(Path.of(module, "target", "quarkus-app", "quarkus-run.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + module + " first");
        }
        this.properties = properties;
        this.logDir = logDir;
        this.port = Ports.free();
    }

    public ServiceProcess start() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Tests keep services small; a benchmark sets the local stack's heap (-Dslipway.stack.service-heap=768m).
        command.add("-Xmx" + System.getProperty("slipway.stack.service-heap", "256m"));
        // A benchmark may add JVM options of its own to every service (a collector, a GC log), space-separated.
        for (String option : System.getProperty("slipway.stack.service-jvm-options", "").split(" ")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
        Wait.until(name + " to be ready", Duration.ofSeconds(120), Duration.ofMillis(250), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log());
            }
            return Http.status(url("/q/health/ready")) == 200;
        });
        return this;
    }

    /** Kills the process without a chance to commit or close anything, as a crash would. */
    public void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    public Path log() {
        return logDir.resolve(name + ".log");
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
