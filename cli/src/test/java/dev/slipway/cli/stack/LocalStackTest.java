package dev.slipway.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliHarness;
import dev.slipway.cli.ExitCodes;
import dev.slipway.testkit.Ports;
import dev.slipway.testkit.Processes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing, minus the services (their jars are not in this temporary project folder): up starts a broker
 * process and a registry process that outlive the command, status sees them, up again is a no-op, down stops them.
 */
class LocalStackTest {

    @TempDir
    Path home;

    @AfterEach
    void safetyNet() {
        // if an assertion failed half-way, do not leave processes behind
        StackState.load(home.resolve(".slipway/stack.json")).ifPresent(s -> s.components().forEach(
                e -> e.process().ifPresent(p -> Processes.terminate(p, java.time.Duration.ofSeconds(10)))));
    }

    @Test
    void upStatusUpAgainDown() throws Exception {
        List<String> up = new ArrayList<>(List.of("up"));
        up.addAll(UpPortConflictTest.freePortFlags());
        FakeService.writeJar(home.resolve("builder-service/target/quarkus-app/quarkus-run.jar"), FakeService.class);
        CliHarness cli = new CliHarness(home);

        CliHarness.Result started = cli.run(up.toArray(String[]::new));
        assertThat(started.exitCode()).as(started.toString()).isZero();
        assertThat(started.out()).contains("slipway stack is up").contains("kafka").contains("registry")
                .contains("/apis/registry/v3")
                .contains("skipped")
                .contains("canary-service/target/quarkus-app/quarkus-run.jar not built");

        StackState state = StackState.load(home.resolve(".slipway/stack.json")).orElseThrow();
        assertThat(state.components()).extracting(StackState.Entry::name).containsExactly("kafka", "registry", "builder-service");
        assertThat(state.components()).allMatch(StackState.Entry::alive);
        String bootstrap = state.urlOf("kafka").orElseThrow();
        String builderPort = up.get(up.indexOf("--builder-port") + 1);
        assertThat(state.urlOf("builder-service")).contains("http://127.0.0.1:" + builderPort);

        // the service got the stack's coordinates
        java.util.Properties received = new java.util.Properties();
        try (var in = Files.newBufferedReader(home.resolve(".slipway/data/builder-service/received.properties"))) {
            received.load(in);
        }
        assertThat(received).containsEntry("quarkus.http.port", builderPort)
                .containsEntry("quarkus.http.host", "127.0.0.1")
                .containsEntry("kafka.bootstrap.servers", bootstrap)
                .containsEntry("apicurio.registry.url", state.urlOf("registry").orElseThrow())
                .containsEntry("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", state.urlOf("registry").orElseThrow())
                .containsEntry("slipway.data.dir", home.resolve(".slipway/data/builder-service").toString());
        // and the release verbs find the builder through stack.json
        CliHarness.Result unreachableOrNot = cli.run("release", "show", "support-triage@prod");
        assertThat(unreachableOrNot.exitCode()).as("the fake builder answers 404, so it was reached").isEqualTo(ExitCodes.FAILED);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
        assertThat(home.resolve(".slipway/logs/kafka.log")).content().contains("SLIPWAY-BROKER READY")
                .contains("Kafka Server started"); // the broker process logs through its own SLF4J provider
        assertThat(Files.isDirectory(home.resolve(".slipway/data/registry"))).isTrue();

        CliHarness.Result status = cli.run("status", "--output", "json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        JsonNode components = new ObjectMapper().readTree(status.out()).path("components");
        assertThat(components.get(0).path("state").asText()).isEqualTo("up");
        assertThat(components.get(1).path("state").asText()).isEqualTo("up");
        assertThat(components.get(2).path("state").asText()).isEqualTo("up");
        assertThat(components.get(3).path("state").asText()).isEqualTo("not started");

        CliHarness.Result again = cli.run(up.toArray(String[]::new));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.out()).contains("already running");
        assertThat(StackState.load(home.resolve(".slipway/stack.json")).orElseThrow().entry("kafka").orElseThrow().pid())
                .isEqualTo(state.entry("kafka").orElseThrow().pid());

        // down keeps the data; the next up finds the broker's topics (and the registry's schemas) again
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("kept-across-restarts", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        assertThat(cli.run("down").exitCode()).isZero();
        assertThat(home.resolve(".slipway/data/kafka")).isDirectory();
        CliHarness.Result restarted = cli.run(up.toArray(String[]::new));
        assertThat(restarted.exitCode()).as(restarted.toString()).isZero();
        state = StackState.load(home.resolve(".slipway/stack.json")).orElseThrow();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept-across-restarts");
        }

        CliHarness.Result down = cli.run("down", "--purge");
        assertThat(down.exitCode()).as(down.toString()).isZero();
        assertThat(down.out()).contains("registry").contains("kafka").contains("stopped");
        assertThat(down.out().indexOf("builder-service")).isLessThan(down.out().indexOf("registry"));
        assertThat(down.out().indexOf("registry")).isLessThan(down.out().lastIndexOf("kafka"));
        assertThat(state.components()).noneMatch(StackState.Entry::alive);
        assertThat(home.resolve(".slipway/stack.json")).doesNotExist();
        assertThat(home.resolve(".slipway/data")).doesNotExist();
        int kafkaPort = state.entry("kafka").orElseThrow().ports().get(0);
        assertThat(Ports.isFree(kafkaPort)).isTrue();

        CliHarness.Result after = cli.run("status");
        assertThat(after.exitCode()).isEqualTo(ExitCodes.NOT_RUNNING);
    }

    @Test
    void aServiceThatDiesIsReportedWithItsLogAndTheRestKeepsRunning() throws Exception {
        List<String> up = new ArrayList<>(List.of("up"));
        up.addAll(UpPortConflictTest.freePortFlags());
        FakeService.writeJar(home.resolve("canary-service/target/quarkus-app/quarkus-run.jar"), FakeService.Failing.class);
        CliHarness cli = new CliHarness(home);

        CliHarness.Result r = cli.run(up.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(r.err()).contains("canary-service did not start: exited with status 1")
                .contains("boom: cannot start the fake service")
                .contains("did not start: canary-service");
        assertThat(r.out()).contains("partly up");
        StackState state = StackState.load(home.resolve(".slipway/stack.json")).orElseThrow();
        assertThat(state.components()).extracting(StackState.Entry::name).containsExactly("kafka", "registry");
        assertThat(cli.run("down").exitCode()).isZero();
        assertThat(state.components()).noneMatch(StackState.Entry::alive);
    }
}
