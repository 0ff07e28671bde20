package dev.slipway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerMainTest {

    @Test
    void rejectsUnknownOptionsAndBadPorts() {
        assertThatThrownBy(() -> KafkaBrokerMain.parse(new String[] {"--bogus", "1"}))
                .hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> KafkaBrokerMain.parse(new String[] {"--port", "http"}))
                .hasMessageContaining("--port needs a port");
        assertThatThrownBy(() -> KafkaBrokerMain.parse(new String[] {"--port"}))
                .hasMessageContaining("missing value for --port");
        assertThatThrownBy(() -> KafkaBrokerMain.parse(new String[] {"stray"}))
                .hasMessageContaining("unexpected argument 'stray'");
    }

    @Test
    void runsAsAProcessPrintsReadyAndStopsOnSigterm(@TempDir Path dataDir) throws Exception {
        int port = Ports.free();
        int controllerPort = Ports.freeExcept(port);
        Process process = new ProcessBuilder(Processes.currentJava().toString(),
                "-cp", System.getProperty("java.class.path"),
                KafkaBrokerMain.class.getName(),
                "--port", String.valueOf(port),
                "--controller-port=" + controllerPort,
                "--data-dir", dataDir.toString())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = CompletableFuture.supplyAsync(() -> out.lines()
                            .filter(l -> l.startsWith(KafkaBrokerMain.READY_PREFIX)).findFirst().orElse("EOF"))
                    .get(90, TimeUnit.SECONDS);
            assertThat(ready).startsWith(KafkaBrokerMain.READY_PREFIX + "127.0.0.1:" + port);

            try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("broker stops on SIGTERM").isTrue();
            // the JVM exit status after a SIGTERM-triggered clean shutdown is 143 (128 + 15)
            assertThat(process.exitValue()).isIn(0, 143);
            assertThat(dataDir.resolve("logs").resolve("meta.properties")).exists();
            assertThat(Ports.isFree(port)).isTrue();
        } finally {
            Processes.terminate(process.toHandle(), Duration.ofSeconds(5));
        }
    }

    @Test
    void usageErrorExitsWith2() throws Exception {
        Process process = new ProcessBuilder(Processes.currentJava().toString(),
                "-cp", System.getProperty("java.class.path"), KafkaBrokerMain.class.getName(), "--nope", "x")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("unknown option --nope").contains("usage:");
        assertThat(List.of(output.split("\\R"))).noneMatch(l -> l.startsWith(KafkaBrokerMain.READY_PREFIX));
    }
}
