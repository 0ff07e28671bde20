package dev.slipway.router;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.slipway.events.Alert;
import dev.slipway.events.AlertReason;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.Topics;
import dev.slipway.events.WorkerHeartbeat;
import dev.slipway.events.WorkerState;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.SampleReleases;
import dev.slipway.testkit.SlipwayStackTestResource;
import dev.slipway.testkit.auth.SignedIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Live tasks through the router to warm workers announced on slipway.workers: one test per outcome. */
@SignedIn("olivia")
@QuarkusTest
@WithTestResource(SlipwayStackTestResource.class)
class TaskRoutingTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    HttpServer worker;

    @BeforeEach
    void startWorker() throws IOException {
        worker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        worker.createContext("/tasks", ex -> {
            String input = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // The cost is stated in a header (what the router settles with); the body's costUsd is not read then.
            byte[] answer = ("{\"answeredBy\":\"fake-worker\",\"costUsd\":0.2,\"arm\":\"" + ex.getRequestHeaders().getFirst("Slipway-Arm")
                    + "\",\"taskKey\":\"" + ex.getRequestHeaders().getFirst("Slipway-Task-Key") + "\",\"input\":" + input + "}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("Slipway-Cost-Usd", "0.1");
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        worker.start();
    }

    @AfterEach
    void stopWorker() {
        worker.stop(0);
    }

    @Test
    void aTaskGoesToAWarmWorkerOfTheStableReleaseAndComesBackLabelled() {
        ReleaseBuilt v1 = deploy("support-triage/tasks", SampleReleases.signed(SampleReleases.bundle()));
        beat("w-stable-1", "support-triage/tasks", v1.getDigest(), "http://127.0.0.1:" + worker.getAddress().getPort());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().contentType(ContentType.JSON)
                .body("{\"taskKey\":\"ticket-1\",\"input\":{\"subject\":\"Charged twice\"}}")
                .when().post("/api/v1/deployments/support-triage/tasks/tasks")
                .then().statusCode(200)
                .header("Slipway-Digest", v1.getDigest())
                .header("Slipway-Arm", "STABLE")
                .header("Slipway-Worker", "w-stable-1")
                .body("answeredBy", equalTo("fake-worker"))
                .body("taskKey", equalTo("ticket-1"))
                .body("input.subject", equalTo("Charged twice")));
        given().when().get("/api/v1/deployments/support-triage/tasks/rollout").then().statusCode(200)
                .body("warmWorkers.'" + v1.getDigest() + "'", equalTo(1));
    }

    @Test
    void aCanaryWithoutAWarmWorkerIsHeldAndItsTasksGoToStable() {
        ReleaseBuilt v1 = deploy("support-triage/held", SampleReleases.signed(SampleReleases.bundle()));
        ReleaseBuilt v2 = SampleReleases.signed(SampleReleases.withTriageLine("Reply in French."));
        publish(v2);
        beat("w-held-1", "support-triage/held", v1.getDigest(), "http://127.0.0.1:" + worker.getAddress().getPort());
        await().atMost(Duration.ofSeconds(30)).until(() -> given().contentType(ContentType.JSON)
                .body("{\"candidate\":\"" + v2.getDigest() + "\",\"plan\":[{\"weightPercent\":99,\"minTasks\":1000,"
                        + "\"minDuration\":\"PT1H\",\"maxDuration\":\"PT2H\"},{\"weightPercent\":100,\"minTasks\":1000,"
                        + "\"minDuration\":\"PT1H\",\"maxDuration\":\"PT2H\"}]}")
                .when().post("/api/v1/deployments/support-triage/held/rollouts").then().extract().statusCode() == 202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when()
                .get("/api/v1/deployments/support-triage/held/route").then().body("canary", equalTo(v2.getDigest())));

        given().contentType(ContentType.JSON).body("{\"taskKey\":\"ticket-9\",\"input\":{}}")
                .when().post("/api/v1/deployments/support-triage/held/tasks")
                .then().statusCode(200)
                .header("Slipway-Digest", v1.getDigest())
                .header("Slipway-Arm", "BASELINE");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, Alert>> alerts = AvroTopics.readAll(bootstrap, registryUrl, Topics.ALERTS.name());
            assertThat(alerts).filteredOn(r -> r.key().equals("support-triage/held")).anySatisfy(r -> {
                assertThat(r.value().getReason()).isEqualTo(AlertReason.HOLD);
                assertThat(r.value().getMessage()).contains("no warm worker of canary " + v2.getDigest());
            });
        });
        // The hold is on the command log: the rollout's status says it is held, and why; the route is unchanged.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when()
                .get("/api/v1/deployments/support-triage/held/rollout").then().statusCode(200)
                .body("lastCommand.type", equalTo("HOLD"))
                .body("lastCommand.reason", org.hamcrest.Matchers.containsString("no warm worker of canary")));
        given().when().get("/api/v1/deployments/support-triage/held/route").then()
                .body("canary", equalTo(v2.getDigest())).body("state", equalTo("CANARY"));
    }

    @Test
    void noWarmWorkerForStableIs503NamingTheDeployment() {
        ReleaseBuilt v1 = deploy("support-triage/idle", SampleReleases.signed(SampleReleases.bundle()));
        given().contentType(ContentType.JSON).body("{\"taskKey\":\"t\",\"input\":{}}")
                .when().post("/api/v1/deployments/support-triage/idle/tasks")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("no warm worker of " + v1.getDigest()))
                .body("detail", containsString("support-triage/idle"));
    }

    @Test
    void aWorkerThatCannotBeReachedIsSetAside() {
        ReleaseBuilt v1 = deploy("support-triage/gone", SampleReleases.signed(SampleReleases.bundle()));
        beat("w-gone-1", "support-triage/gone", v1.getDigest(), "http://127.0.0.1:" + dev.slipway.testkit.Ports.free());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().contentType(ContentType.JSON)
                .body("{\"taskKey\":\"t\",\"input\":{}}")
                .when().post("/api/v1/deployments/support-triage/gone/tasks")
                .then().statusCode(503).body("type", containsString("no-warm-worker")));
    }

    @Test
    void aTaskOverTheTaskRateCeilingIsRefusedWith429NamingItAndOneAlert() {
        ReleaseBuilt v1 = deploy("support-triage/rate", SampleReleases.signed(SampleReleases.bundle()));
        beat("w-rate-1", "support-triage/rate", v1.getDigest(), "http://127.0.0.1:" + worker.getAddress().getPort());
        given().contentType(ContentType.JSON).body("{\"tasksPerMinute\":2}")
                .when().put("/api/v1/deployments/support-triage/rate/budget").then().statusCode(200);
        String url = "/api/v1/deployments/support-triage/rate/tasks";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().contentType(ContentType.JSON)
                .body("{\"taskKey\":\"r-0\",\"input\":{}}").when().post(url).then().statusCode(200));
        // The minute may have turned since the first task: fill it up again, then one more.
        int status;
        int sent = 0;
        do {
            status = given().contentType(ContentType.JSON).body("{\"taskKey\":\"r-" + (++sent) + "\",\"input\":{}}")
                    .when().post(url).then().extract().statusCode();
        } while (status == 200 && sent < 10);
        assertThat(status).isEqualTo(429);
        given().contentType(ContentType.JSON).body("{\"taskKey\":\"r-x\",\"input\":{}}").when().post(url)
                .then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("detail", containsString("over its tasks per minute ceiling"))
                .body("violations[0].field", equalTo("budget.tasks_per_minute"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                AvroTopics.<Alert>readAll(bootstrap, registryUrl, Topics.ALERTS.name()).stream()
                        .filter(r -> r.key().equals("support-triage/rate")).toList())
                .as("one alert per trip").hasSize(1)
                .allSatisfy(r -> assertThat(r.value().getMessage()).contains("budget: support-triage/rate is over its tasks per minute ceiling")));
    }

    @Test
    void tasksReserveTheirCeilingAndSettleToTheirCostSoTheHourlyBudgetIsNeverPassed() {
        ReleaseBuilt v1 = deploy("support-triage/spend", SampleReleases.signed(SampleReleases.bundle()));
        beat("w-spend-1", "support-triage/spend", v1.getDigest(), "http://127.0.0.1:" + worker.getAddress().getPort());
        given().contentType(ContentType.JSON).body("{\"spendUsdPerHour\":0.5,\"reservePerTaskUsd\":0.25}")
                .when().put("/api/v1/deployments/support-triage/spend/budget").then().statusCode(200);
        String url = "/api/v1/deployments/support-triage/spend/tasks";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().contentType(ContentType.JSON)
                .body("{\"taskKey\":\"s-0\",\"input\":{}}").when().post(url).then().statusCode(200));
        // Each task costs 0.1 (its header) and reserves 0.25: after 0.3 spent, 0.3 + 0.25 would pass 0.5.
        given().contentType(ContentType.JSON).body("{\"taskKey\":\"s-1\",\"input\":{}}").when().post(url).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"taskKey\":\"s-2\",\"input\":{}}").when().post(url).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"taskKey\":\"s-3\",\"input\":{}}").when().post(url)
                .then().statusCode(429).body("violations[0].field", equalTo("budget.spend_per_hour"));
        var budget = given().when().get("/api/v1/deployments/support-triage/spend/budget").then().statusCode(200)
                .extract().jsonPath();
        assertThat(budget.getDouble("now.hour.spentUsd")).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(budget.getDouble("now.hour.reservedUsd")).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(budget.getDouble("now.hour.remainingUsd")).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-6));
        given().when().get("/api/v1/budgets").then().statusCode(200)
                .body("deployment", org.hamcrest.Matchers.hasItem("support-triage/spend"));
    }

    @Test
    void aBudgetWithoutLimitsOrWithNegativeMoneyIsRefused() {
        given().contentType(ContentType.JSON).body("{\"reservePerTaskUsd\":0.25}")
                .when().put("/api/v1/deployments/support-triage/nolimits/budget")
                .then().statusCode(422).body("violations[0].field", equalTo("body"));
        given().contentType(ContentType.JSON).body("{\"spendUsdPerHour\":-1,\"tasksPerMinute\":0}")
                .when().put("/api/v1/deployments/support-triage/nolimits/budget")
                .then().statusCode(422).body("violations.field", org.hamcrest.Matchers.hasItems("spendUsdPerHour", "tasksPerMinute"));
        given().when().get("/api/v1/deployments/support-triage/nolimits/budget").then().statusCode(404);
    }

    @Test
    void badTasksAreRefusedWithTheFieldAtFault() {
        String url = "/api/v1/deployments/support-triage/tasks/tasks";
        given().contentType(ContentType.JSON).body("{\"taskKey\": ").when().post(url)
                .then().statusCode(400).contentType("application/problem+json").body("violations[0].field", equalTo("body"));
        given().contentType(ContentType.JSON).body("{\"input\":{}}").when().post(url)
                .then().statusCode(422).body("violations[0].field", equalTo("taskKey"));
        given().contentType(ContentType.JSON).body("{\"taskKey\":\"k\"}").when().post(url)
                .then().statusCode(422).body("violations[0].field", equalTo("input"));
        given().contentType(ContentType.JSON).body("{\"taskKey\":\"k\",\"input\":{}}")
                .when().post("/api/v1/deployments/nobody/prod/tasks")
                .then().statusCode(404).body("detail", containsString("no route for deployment nobody/prod"));
    }

    private ReleaseBuilt deploy(String deployment, ReleaseBuilt release) {
        publish(release);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().contentType(ContentType.JSON)
                .body("{\"candidate\":\"" + release.getDigest() + "\"}")
                .when().post("/api/v1/deployments/" + deployment + "/rollouts").then().extract().statusCode() == 202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when()
                .get("/api/v1/deployments/" + deployment + "/route").then().statusCode(200)
                .body("stable", equalTo(release.getDigest())));
        return release;
    }

    private void publish(ReleaseBuilt release) {
        AvroTopics.send(bootstrap, registryUrl, Topics.RELEASES.name(), release.getDigest(), release);
    }

    private void beat(String workerId, String deployment, String digest, String endpoint) {
        AvroTopics.send(bootstrap, registryUrl, Topics.WORKERS.name(), workerId, WorkerHeartbeat.newBuilder()
                .setWorkerId(workerId).setDeployment(deployment).setDigest(digest).setEndpoint(endpoint)
                .setRegion("local").setCapacity(4).setInFlight(0).setState(WorkerState.WARM)
                .setSentAt(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)).build());
    }

}
