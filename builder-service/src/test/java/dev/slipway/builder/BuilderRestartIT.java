package dev.slipway.builder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.slipway.release.ReleaseBundle;
import dev.slipway.testkit.ApicurioRegistry;
import dev.slipway.testkit.EmbeddedKafkaBroker;

/**
 * The packaged builder, stopped and started again against the same broker: its query state comes back from the
 * topics alone, so what was listed and diffable before the restart still is.
 */
class BuilderRestartIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String BEARER = "Bearer " + dev.slipway.testkit.TestTokens.everyone("alice");

    /** The test key pair's public half as a file, where the packaged service reads it. */
    private static String publicKey(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createDirectories(dir).resolve("public-key.pem");
        try (var in = BuilderRestartIT.class.getResourceAsStream("/" + dev.slipway.testkit.TestTokens.PUBLIC_KEY_LOCATION)) {
            java.nio.file.Files.write(file, in.readAllBytes());
        }
        return file.toAbsolutePath().toString();
    }

    private static EmbeddedKafkaBroker broker;
    private static ApicurioRegistry registry;
    private static Path dataDir;

    @BeforeAll
    static void startInfrastructure() throws IOException {
        broker = EmbeddedKafkaBroker.builder().dataDir(EmbeddedKafkaBroker.freshTargetDir()).build().start();
        registry = ApicurioRegistry.shared();
        dataDir = Files.createDirectories(Path.of("target", "restart-it-" + UUID.randomUUID()));
    }

    @AfterAll
    static void stopInfrastructure() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void releases_survive_a_restart() throws Exception {
        ReleaseBundle original = ReleaseBundle.fromDirectory(ReleaseApiTest.SAMPLE);
        ReleaseBundle edited = ReleaseApiTest.withFile(original, "prompts/triage.md", t -> t + "\nRestart rule.\n");
        String first;
        String second;

        int port = freePort();
        Process builder = start(port);
        try {
            first = post(port, original);
            second = post(port, edited);
        } finally {
            stop(builder);
        }

        Process restarted = start(port);
        try {
            JsonNode page = getJson(port, "/api/v1/agents/support-triage/releases");
            List<String> listed = new ArrayList<>();
            page.get("items").forEach(item -> listed.add(item.get("digest").asText()));
            assertThat(listed).containsExactly(second, first);

            JsonNode diff = getJson(port, "/api/v1/releases/" + first + "/diff/" + second);
            assertThat(diff.get("changedParts").toString()).isEqualTo("[\"PROMPTS\"]");
            assertThat(diff.get("text").asText()).contains("+Restart rule.");

            JsonNode verification = getJson(port, "/api/v1/releases/" + first + "/verification");
            assertThat(verification.get("verified").asBoolean()).as("signed by the same, persisted key").isTrue();
        } finally {
            stop(restarted);
        }
    }

    private static Process start(int port) throws IOException {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        assertThat(jar).as("packaged builder").exists();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                "-Dapicurio.registry.url=" + registry.url(),
                "-Dslipway.data.dir=" + dataDir.toAbsolutePath(),
                "-Dslipway.topics.partitions=1",
                "-Dmp.jwt.verify.publickey.location=" + publicKey(dataDir),
                "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("builder-" + port + "-" + System.nanoTime() + ".log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertThat(process.isAlive()).as("builder process alive").isTrue();
            return status(port, "/q/health/ready") == 200;
        });
        return process;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static String post(int port, ReleaseBundle bundle) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/releases")).header("Authorization", BEARER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(bundle)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("digest").asText();
    }

    private static JsonNode getJson(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", BEARER).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static int status(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", BEARER).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
