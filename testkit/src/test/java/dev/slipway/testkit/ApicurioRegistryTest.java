package dev.slipway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry is the real Apicurio server: schemas round-trip and compatibility rules are enforced. */
class ApicurioRegistryTest {

    private static final String RUN_V1 = """
            {"type":"record","name":"Run","namespace":"dev.slipway.test","fields":[
              {"name":"runId","type":"string"}]}""";
    private static final String RUN_V2_COMPATIBLE = """
            {"type":"record","name":"Run","namespace":"dev.slipway.test","fields":[
              {"name":"runId","type":"string"},
              {"name":"costMicros","type":"long","default":0}]}""";
    private static final String RUN_V3_INCOMPATIBLE = """
            {"type":"record","name":"Run","namespace":"dev.slipway.test","fields":[
              {"name":"runId","type":"string"},
              {"name":"costMicros","type":"long","default":0},
              {"name":"digest","type":"string"}]}""";

    private static ApicurioRegistry registry;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startRegistry() {
        registry = ApicurioRegistry.shared();
    }

    @Test
    void urlsPointAtTheRunningServer() throws Exception {
        assertThat(registry.url()).isEqualTo("http://127.0.0.1:" + registry.port() + "/apis/registry/v3");
        assertThat(registry.isRunning()).isTrue();
        assertThat(ApicurioRegistry.shared()).isSameAs(registry);
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(registry.healthUrl())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
        assertThat(registry.logFile()).exists();
    }

    @Test
    void schemaIsRegisteredAndFetchedThroughTheV3Api() throws Exception {
        String group = "testkit-" + UUID.randomUUID();
        HttpResponse<String> created = createArtifact(group, "run-value", RUN_V1);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("\"artifactId\":\"run-value\"").contains("\"globalId\"");

        HttpResponse<String> content = get("/groups/" + group + "/artifacts/run-value/versions/branch=latest/content");
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.body()).contains("\"name\":\"Run\"").contains("runId");

        HttpResponse<String> missing = get("/groups/" + group + "/artifacts/no-such-artifact");
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void backwardRuleRejectsAnIncompatibleChange() throws Exception {
        String group = "testkit-" + UUID.randomUUID();
        assertThat(createArtifact(group, "run-value", RUN_V1).statusCode()).isEqualTo(200);
        HttpResponse<String> rule = post("/groups/" + group + "/artifacts/run-value/rules",
                "{\"ruleType\":\"COMPATIBILITY\",\"config\":\"BACKWARD\"}");
        assertThat(rule.statusCode()).as(rule.body()).isBetween(200, 204);

        HttpResponse<String> compatible = createVersion(group, "run-value", RUN_V2_COMPATIBLE);
        assertThat(compatible.statusCode()).as(compatible.body()).isEqualTo(200);
        assertThat(compatible.body()).contains("\"version\":\"2\"");

        HttpResponse<String> incompatible = createVersion(group, "run-value", RUN_V3_INCOMPATIBLE);
        assertThat(incompatible.statusCode()).as(incompatible.body()).isEqualTo(400);
        assertThat(incompatible.body()).containsIgnoringCase("compatib");

        HttpResponse<String> versions = get("/groups/" + group + "/artifacts/run-value/versions");
        assertThat(versions.body()).contains("\"count\":2");
    }

    @Test
    void aTakenPortIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> ApicurioRegistry.builder().port(taken.getLocalPort()).build().start())
                    .isInstanceOf(Ports.PortInUseException.class)
                    .hasMessageContaining("Registry HTTP port " + taken.getLocalPort() + " is already in use");
        }
    }

    @Test
    void aMissingDistributionIsAClearError(@TempDir Path empty) {
        assertThatThrownBy(() -> ApicurioRegistry.builder().home(empty).build().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Apicurio Registry not found")
                .hasMessageContaining(ApicurioRegistry.HOME_ENV);
    }

    @Test
    void findsTheNewestJdkOfAtLeastTheMinimumVersion(@TempDir Path jvms) throws Exception {
        fakeJdk(jvms.resolve("java-17"), "17.0.15");
        fakeJdk(jvms.resolve("jdk-21"), "21.0.2");
        fakeJdk(jvms.resolve("temurin-25"), "25.0.1");
        Files.createDirectories(jvms.resolve("not-a-jdk"));

        assertThat(ApicurioRegistry.findJdk(jvms, 21)).contains(jvms.resolve("temurin-25"));
        assertThat(ApicurioRegistry.findJdk(jvms, 26)).isEmpty();
        assertThat(ApicurioRegistry.javaVersion(jvms.resolve("java-17"))).contains(17);
        assertThat(ApicurioRegistry.javaVersion(jvms.resolve("not-a-jdk"))).isEmpty();
    }

    @Test
    void aTooOldJavaHomeIsRefused(@TempDir Path jvms) throws Exception {
        Path old = fakeJdk(jvms.resolve("java-17"), "17.0.15");
        assertThatThrownBy(() -> ApicurioRegistry.builder().javaHome(old).build().start())
                .hasMessageContaining("is Java 17")
                .hasMessageContaining("needs 21+");
    }

    private static Path fakeJdk(Path home, String version) throws Exception {
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin").resolve("java"), "#!/bin/sh\n");
        java.toFile().setExecutable(true);
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    private HttpResponse<String> createArtifact(String group, String artifactId, String schema) throws Exception {
        return post("/groups/" + group + "/artifacts", """
                {"artifactId":"%s","artifactType":"AVRO","firstVersion":{"content":{"content":%s,"contentType":"application/json"}}}"""
                .formatted(artifactId, jsonString(schema)));
    }

    private HttpResponse<String> createVersion(String group, String artifactId, String schema) throws Exception {
        return post("/groups/" + group + "/artifacts/" + artifactId + "/versions", """
                {"content":{"content":%s,"contentType":"application/json"}}""".formatted(jsonString(schema)));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(registry.url() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(registry.url() + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
