package dev.slipway.router;

import dev.slipway.testkit.SampleReleases;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.slipway.events.Alert;
import dev.slipway.events.AlertReason;
import dev.slipway.events.CommandType;
import dev.slipway.events.PartKind;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.SlipwayStackTestResource;
import dev.slipway.testkit.auth.SignedIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The pointer through its API and the real broker: first deploy, canary, promote, rollback, and the refusals,
 * Given / When / Then.
 */
@SignedIn("olivia")
@QuarkusTest
@WithTestResource(SlipwayStackTestResource.class)
class RolloutApiTest {

    private static final String DEPLOYMENT = "support-triage/prod";
    private static final String BASE = "/api/v1/deployments/support-triage/prod";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    @Test
    void first_deploy_canary_promote_and_rollback_move_the_pointer() {
        // Given two published, signed releases
        ReleaseBuilt v1 = SampleReleases.signed(SampleReleases.bundle());
        ReleaseBuilt v2 = SampleReleases.signed(SampleReleases.withTriageLine("Escalate every outage ticket to the on-call engineer."));
        publish(v1);
        publish(v2);
        awaitKnown(v1);
        awaitKnown(v2);

        // When v1 is rolled out on a deployment with no stable yet, then it becomes stable directly
        startRollout(v1.getDigest()).statusCode(202).body("firstDeploy", equalTo(true)).body("baseline", nullValue());
        awaitRoute("stable", v1.getDigest());

        // When v2 is rolled out, then it is the canary at the first step's weight and keys split sticky
        startRollout(v2.getDigest()).statusCode(202).body("baseline", equalTo(v1.getDigest()));
        awaitRoute("canary", v2.getDigest());
        given().when().get(BASE + "/route").then().body("canaryWeightPercent", equalTo(1)).body("state", equalTo("CANARY"));
        String arm = given().queryParam("key", "ticket-42").when().get(BASE + "/route")
                .then().statusCode(200).extract().path("arm");
        assertThat(arm).isIn("BASELINE", "CANARY");
        for (int i = 0; i < 3; i++) {
            given().queryParam("key", "ticket-42").when().get(BASE + "/route").then().body("arm", equalTo(arm));
        }
        // and a second rollout is refused while this one runs
        startRollout(v1.getDigest()).statusCode(409);

        // When the judge promotes, then v2 is stable and v1 the last good
        String rolloutId = given().when().get(BASE + "/route").then().extract().path("rolloutId");
        AvroTopics.send(bootstrap, registryUrl, Topics.ROLLOUT_COMMANDS.name(), DEPLOYMENT, RolloutCommand.newBuilder()
                .setCommandId(UUID.randomUUID().toString()).setDeployment(DEPLOYMENT).setRolloutId(rolloutId)
                .setType(CommandType.PROMOTE).setIssuedBy("canary-service").setIssuedAt(Instant.parse("2026-11-20T10:00:00Z"))
                .build());
        awaitRoute("stable", v2.getDigest());
        given().when().get(BASE + "/route").then().body("lastGood", equalTo(v1.getDigest())).body("canary", nullValue());

        // When an operator rolls back, then v1 serves again and an alert carries the exact artifact diff
        given().contentType(ContentType.JSON).body("{\"reason\":\"customers report wrong escalations\"}")
                .when().post(BASE + "/rollback").then().statusCode(202);
        awaitRoute("stable", v1.getDigest());
        given().when().get(BASE + "/route").then().body("state", equalTo("ROLLED_BACK"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<ConsumerRecord<String, Alert>> alerts = AvroTopics.readAll(bootstrap, registryUrl, Topics.ALERTS.name());
            assertThat(alerts).anySatisfy(r -> {
                assertThat(r.value().getReason()).isEqualTo(AlertReason.ROLLBACK);
                assertThat(r.value().getDiff().getChangedParts()).containsExactly(PartKind.PROMPTS);
                assertThat(r.value().getDiff().getText()).contains("Escalate every outage ticket to the on-call engineer.");
            });
        });
        given().when().get(BASE + "/rollout").then().statusCode(200)
                .body("lastCommand.type", equalTo("ROLLBACK"))
                .body("rollout.candidate", equalTo(v2.getDigest()));
    }

    @Test
    void a_flip_moves_the_stable_pointer_at_once_keeping_the_old_release_as_last_good() {
        String staging = "/api/v1/deployments/support-triage/staging";
        ReleaseBuilt v1 = SampleReleases.signed(SampleReleases.bundle());
        ReleaseBuilt v3 = SampleReleases.signed(SampleReleases.withTriageLine("Answer in two sentences at most."));
        publish(v1);
        publish(v3);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> given()
                .contentType(ContentType.JSON).body("{\"candidate\":\"" + v1.getDigest() + "\",\"entry\":\"flip\"}")
                .when().post(staging + "/rollouts").then().extract().statusCode() == 202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get(staging + "/route").then()
                .statusCode(200).body("stable", equalTo(v1.getDigest())));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> given()
                .contentType(ContentType.JSON).body("{\"candidate\":\"" + v3.getDigest() + "\",\"entry\":\"flip\"}")
                .when().post(staging + "/rollouts").then().extract().statusCode() == 202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get(staging + "/route").then()
                .body("stable", equalTo(v3.getDigest()))
                .body("lastGood", equalTo(v1.getDigest()))
                .body("canary", nullValue())
                .body("state", equalTo("STABLE")));

        given().contentType(ContentType.JSON).body("{\"candidate\":\"" + v1.getDigest() + "\",\"entry\":\"teleport\"}")
                .when().post(staging + "/rollouts").then().statusCode(422).contentType("application/problem+json")
                .body("violations.field", org.hamcrest.Matchers.hasItem("entry"));
    }

    @Test
    void a_rollout_of_an_unknown_release_is_refused_with_the_field_at_fault() {
        startRollout("sha256:" + "e".repeat(64)).statusCode(422)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("candidate"));
        startRollout("latest").statusCode(422).body("violations.field", hasItem("candidate"));
        given().contentType(ContentType.JSON)
                .body("{\"candidate\":\"sha256:" + "e".repeat(64) + "\",\"plan\":[{\"weightPercent\":50,\"minTasks\":1,"
                        + "\"minDuration\":\"PT1M\",\"maxDuration\":\"PT2M\"},{\"weightPercent\":10,\"minTasks\":1,"
                        + "\"minDuration\":\"PT1M\",\"maxDuration\":\"PT2M\"}]}")
                .when().post("/api/v1/deployments/support-triage/other/rollouts")
                .then().statusCode(422).body("violations.field", hasItem("plan[1].weightPercent"));
        given().contentType(ContentType.JSON)
                .body("{\"candidate\":\"sha256:" + "e".repeat(64) + "\",\"guardrails\":{\"maxExclusionRate\":1.5}}")
                .when().post("/api/v1/deployments/support-triage/other/rollouts")
                .then().statusCode(422).body("violations.field", hasItem("guardrails.maxExclusionRate"));
        given().contentType(ContentType.JSON)
                .body("{\"candidate\":\"sha256:" + "e".repeat(64) + "\",\"onRegression\":\"shrug\"}")
                .when().post("/api/v1/deployments/support-triage/other/rollouts")
                .then().statusCode(422).body("violations.field", hasItem("onRegression"));
    }

    @Test
    void a_release_of_another_agent_is_refused() {
        ReleaseBuilt v1 = SampleReleases.signed(SampleReleases.withTriageLine("A line only the other-agent test adds."));
        publish(v1);
        awaitKnown(v1);
        given().contentType(ContentType.JSON).body("{\"candidate\":\"" + v1.getDigest() + "\"}")
                .when().post("/api/v1/deployments/billing-agent/prod/rollouts")
                .then().statusCode(422)
                .body("type", equalTo("https://slipway.dev/problems/wrong-agent"))
                .body("violations.field", hasItem("candidate"));
    }

    @Test
    void commands_on_an_unknown_deployment_are_problems() {
        given().contentType(ContentType.JSON).body("{}").when().post("/api/v1/deployments/nobody/prod/rollback")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/v1/deployments/nobody/prod/rollout").then().statusCode(404);
    }

    private io.restassured.response.ValidatableResponse startRollout(String candidate) {
        return given().contentType(ContentType.JSON).body("{\"candidate\":\"" + candidate + "\"}")
                .when().post(BASE + "/rollouts").then();
    }

    /** The router reads releases asynchronously: an unknown one is refused (422) and nothing is written. */
    private static void awaitKnown(ReleaseBuilt release) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                given().contentType(ContentType.JSON).body("{\"candidate\":\"" + release.getDigest() + "\"}")
                        .when().post("/api/v1/deployments/support-triage/probe-" + release.getDigest().substring(7, 15) + "/rollouts")
                        .then().extract().statusCode() == 202);
    }

    private void publish(ReleaseBuilt release) {
        AvroTopics.send(bootstrap, registryUrl, Topics.RELEASES.name(), release.getDigest(), release);
    }

    private static void awaitRoute(String field, String digest) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                given().when().get(BASE + "/route").then().statusCode(200).body(field, equalTo(digest)));
    }
}
