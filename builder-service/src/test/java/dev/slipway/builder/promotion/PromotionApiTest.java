package dev.slipway.builder.promotion;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.slipway.events.Arm;
import dev.slipway.events.PromotionEvent;
import dev.slipway.events.Route;
import dev.slipway.events.RouteState;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunOutcome;
import dev.slipway.events.Topics;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.SlipwayStackTestResource;
import dev.slipway.testkit.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Promotions through the REST API, a real broker and registry, with the router's rollout API stood in for: the order of
 * environments, soak, four eyes, model governance, and every step on {@code slipway.promotions} with its actor.
 */
@QuarkusTest
@WithTestResource(SlipwayStackTestResource.class)
@TestProfile(PromotionApiTest.WithRouterStub.class)
class PromotionApiTest {

    /** A profile of its own, so the application starts with the stub's URL as the router's. */
    public static class WithRouterStub implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RouterStub.class));
        }
    }

    static final java.nio.file.Path SAMPLE = java.nio.file.Path.of("..", "examples", "support-triage");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    static RequestSpecification as(String name, String... roles) {
        return given().header("Authorization", TestTokens.bearer(name, roles));
    }

    @Test
    void a_release_walks_dev_to_staging_to_prod_with_four_eyes_and_every_step_is_on_the_topic() {
        String agent = "walk-" + UUID.randomUUID().toString().substring(0, 8);
        String v1 = build(agent, ReleaseBundle.fromDirectory(SAMPLE), "alice");

        // dev needs no approval: the request completes at once with a flip.
        String intoDev = as("alice", "author").contentType(ContentType.JSON)
                .body("{\"release\":\"" + v1 + "\",\"to\":\"dev\"}")
                .when().post("/api/v1/promotions")
                .then().statusCode(201)
                .body("status", equalTo("COMPLETED"))
                .body("requestedBy", equalTo("alice"))
                .extract().path("promotionId");
        RouterStub.Call flip = RouterStub.callsFor(agent + "/dev").get(0);
        assertThat(flip.body().path("candidate").asText()).isEqualTo(v1);
        assertThat(flip.body().path("entry").asText()).isEqualTo("flip");
        assertThat(flip.body().path("promotionId").asText()).isEqualTo(intoDev);

        // Skipping staging is refused by the ORDER gate.
        as("alice", "author").contentType(ContentType.JSON).body("{\"release\":\"" + v1 + "\",\"to\":\"prod\"}")
                .when().post("/api/v1/promotions")
                .then().statusCode(409).contentType("application/problem+json")
                .body("title", equalTo("Refused by gate ORDER"))
                .body("detail", containsString("does not run as stable in staging"));

        // Until the route shows it stable in dev, staging is refused too; then its soak decides.
        as("alice", "author").contentType(ContentType.JSON).body("{\"release\":\"" + v1 + "\",\"to\":\"staging\"}")
                .when().post("/api/v1/promotions").then().statusCode(409).body("title", equalTo("Refused by gate ORDER"));
        stable(agent + "/dev", v1, Instant.now().minus(Duration.ofHours(2)));
        runs(agent + "/dev", v1, 1);
        awaitRefusedBy(agent, v1, "staging", "SOAK", "1 tasks served in dev of the 3 needed");
        runs(agent + "/dev", v1, 2);

        String intoStaging = await().atMost(Duration.ofSeconds(20)).until(() -> as("alice", "author")
                .contentType(ContentType.JSON).body("{\"release\":\"" + v1 + "\",\"to\":\"staging\"}")
                .when().post("/api/v1/promotions").then().extract(), r -> r.statusCode() == 201)
                .path("promotionId");
        as("carol", "viewer").when().get("/api/v1/promotions/" + intoStaging)
                .then().statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("missing.gate", contains("FOUR_EYES"));

        // The author cannot approve; a viewer may not even try; an approver may, once.
        as("alice", "approver").contentType(ContentType.JSON).body("{\"comment\":\"mine\"}")
                .when().post("/api/v1/promotions/" + intoStaging + "/approve")
                .then().statusCode(403).body("title", equalTo("Refused by gate FOUR_EYES"))
                .body("detail", containsString("alice built"));
        as("carol", "viewer").contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/promotions/" + intoStaging + "/approve").then().statusCode(403);
        as("bob", "approver").contentType(ContentType.JSON).body("{\"comment\":\"evals and diff look right\"}")
                .when().post("/api/v1/promotions/" + intoStaging + "/approve")
                .then().statusCode(200).body("status", equalTo("COMPLETED"));
        as("dave", "approver").contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/promotions/" + intoStaging + "/approve")
                .then().statusCode(409).body("title", equalTo("Refused by gate STATE"));
        assertThat(RouterStub.callsFor(agent + "/staging")).singleElement()
                .satisfies(c -> assertThat(c.body().path("reason").asText()).contains("approved by bob"));

        // prod: a fresh stable in staging has not soaked a day.
        stable(agent + "/staging", v1, Instant.now());
        runs(agent + "/staging", v1, 3);
        awaitRefusedBy(agent, v1, "prod", "SOAK", "of the 1 d needed");

        List<PromotionEvent> steps = AvroTopics.<PromotionEvent>readAll(bootstrap, registryUrl, Topics.PROMOTIONS.name())
                .stream().map(r -> r.value()).filter(e -> e.getDeployment().startsWith(agent + "/")).toList();
        assertThat(steps).extracting(e -> e.getType() + " " + e.getDeployment() + " by " + e.getActor())
                .containsExactly("REQUESTED " + agent + "/dev by alice", "COMPLETED " + agent + "/dev by alice",
                        "REQUESTED " + agent + "/staging by alice", "APPROVED " + agent + "/staging by bob",
                        "COMPLETED " + agent + "/staging by bob");
        assertThat(steps.get(3).getRoles()).containsExactly("approver");
        assertThat(steps.get(3).getReason()).isEqualTo("evals and diff look right");
        assertThat(steps.get(2).getAuthor()).isEqualTo("alice");
    }

    @Test
    void a_model_swap_waits_for_a_model_governor_and_a_run_of_the_targets_suite() {
        String agent = "swap-" + UUID.randomUUID().toString().substring(0, 8);
        ReleaseBundle original = ReleaseBundle.fromDirectory(SAMPLE);
        String v1 = build(agent, original, "alice");
        String swapped = build(agent, new ReleaseBundle(original.manifestName(),
                original.manifest().replace("snapshot: \"2025-05-14\"", "snapshot: \"2025-09-29\""), original.files()),
                "alice");
        stable(agent + "/prod", v1, Instant.now().minus(Duration.ofDays(30)));
        stable(agent + "/staging", swapped, Instant.now().minus(Duration.ofDays(2)));
        runs(agent + "/staging", swapped, 3);

        String body = "{\"release\":\"" + swapped + "\",\"to\":\"prod\",\"rollout\":{\"plan\":[{\"weightPercent\":5,"
                + "\"minTasks\":10,\"minDuration\":\"PT10S\",\"maxDuration\":\"PT5M\"},{\"weightPercent\":100,"
                + "\"minTasks\":0,\"minDuration\":\"PT0S\",\"maxDuration\":\"PT0S\"}]}}";
        String id = await().atMost(Duration.ofSeconds(20)).until(() -> as("alice", "author").contentType(ContentType.JSON)
                .body(body).when().post("/api/v1/promotions").then().extract(), r -> r.statusCode() == 201)
                .path("promotionId");
        as("bob", "approver").contentType(ContentType.JSON).body("{}").post("/api/v1/promotions/" + id + "/approve")
                .then().statusCode(200);
        as("dave", "approver").contentType(ContentType.JSON).body("{}").post("/api/v1/promotions/" + id + "/approve")
                .then().statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("modelChanged", equalTo(true))
                .body("missing.gate", contains("MODEL_GOVERNANCE", "MODEL_GOVERNANCE"));
        assertThat(RouterStub.callsFor(agent + "/prod")).as("blocked: nothing asked of the router").isEmpty();

        // Another suite's score does not count; the target's suite at or above the threshold does.
        as("alice", "author").contentType(ContentType.JSON).body("{\"suite\":\"smoke\",\"score\":0.99}")
                .post("/api/v1/promotions/" + id + "/evaluation")
                .then().statusCode(422).body("title", equalTo("Refused by gate EVAL"))
                .body("violations[0].field", equalTo("suite"));
        as("alice", "author").contentType(ContentType.JSON).body("{\"suite\":\"support-triage-core\",\"score\":0.93}")
                .post("/api/v1/promotions/" + id + "/evaluation")
                .then().statusCode(200).body("missing.gate", contains("MODEL_GOVERNANCE"))
                .body("evaluation.fresh", equalTo(true));
        as("gina", "model-governor").contentType(ContentType.JSON).body("{\"comment\":\"new snapshot reviewed\"}")
                .post("/api/v1/promotions/" + id + "/approve")
                .then().statusCode(200).body("status", equalTo("COMPLETED"))
                .body("steps.type", hasItems("EVALUATED", "COMPLETED"));

        RouterStub.Call canary = RouterStub.callsFor(agent + "/prod").get(0);
        assertThat(canary.body().path("entry").asText()).isEqualTo("canary");
        assertThat(canary.body().path("plan").get(0).path("weightPercent").asInt()).isEqualTo(5);
    }

    @Test
    void a_rejection_closes_the_promotion_and_bad_requests_name_their_field() {
        String agent = "reject-" + UUID.randomUUID().toString().substring(0, 8);
        String v1 = build(agent, ReleaseBundle.fromDirectory(SAMPLE), "alice");
        stable(agent + "/dev", v1, Instant.now().minus(Duration.ofDays(2)));
        runs(agent + "/dev", v1, 3);
        String id = await().atMost(Duration.ofSeconds(20)).until(() -> as("alice", "author").contentType(ContentType.JSON)
                .body("{\"release\":\"" + v1 + "\",\"to\":\"staging\"}").post("/api/v1/promotions").then().extract(),
                r -> r.statusCode() == 201).path("promotionId");
        as("bob", "approver").contentType(ContentType.JSON).body("{}").post("/api/v1/promotions/" + id + "/reject")
                .then().statusCode(400).body("violations[0].field", equalTo("comment"));
        as("bob", "approver").contentType(ContentType.JSON).body("{\"comment\":\"wrong ticket\"}")
                .post("/api/v1/promotions/" + id + "/reject").then().statusCode(200).body("status", equalTo("REJECTED"));
        as("dave", "approver").contentType(ContentType.JSON).body("{}").post("/api/v1/promotions/" + id + "/approve")
                .then().statusCode(409).body("title", equalTo("Refused by gate STATE"));
        as("carol", "viewer").queryParam("pending", true).get("/api/v1/promotions")
                .then().statusCode(200).body("promotionId", org.hamcrest.Matchers.not(hasItems(id)));

        as("alice", "author").contentType(ContentType.JSON).body("{\"to\":\"dev\"}").post("/api/v1/promotions")
                .then().statusCode(400).body("violations[0].field", equalTo("release"));
        as("alice", "author").contentType(ContentType.JSON).body("{\"release\":\"" + v1 + "\",\"to\":\"qa\"}")
                .post("/api/v1/promotions").then().statusCode(422).body("title", equalTo("Refused by gate ENVIRONMENT"))
                .body("violations[0].field", equalTo("to"));
        as("alice", "author").contentType(ContentType.JSON)
                .body("{\"release\":\"" + v1 + "\",\"to\":\"dev\",\"rollout\":{\"plan\":[]}}")
                .post("/api/v1/promotions").then().statusCode(400).body("violations[0].field", equalTo("rollout"));
        as("carol", "viewer").get("/api/v1/promotions/no-such-id").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"release\":\"" + v1 + "\",\"to\":\"dev\"}")
                .post("/api/v1/promotions").then().statusCode(401);
    }

    private void awaitRefusedBy(String agent, String digest, String to, String gate, String detail) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("alice", "author").contentType(ContentType.JSON)
                .body("{\"release\":\"" + digest + "\",\"to\":\"" + to + "\"}").post("/api/v1/promotions")
                .then().statusCode(409).body("title", equalTo("Refused by gate " + gate))
                .body("detail", containsString(detail)));
    }

    private String build(String agent, ReleaseBundle bundle, String author) {
        ReleaseBundle renamed = new ReleaseBundle(bundle.manifestName(),
                bundle.manifest().replace("agent: support-triage", "agent: " + agent), bundle.files());
        return given().contentType(ContentType.JSON).header("Authorization", TestTokens.bearer(author, "author")).body(renamed)
                .when().post("/api/v1/releases").then().statusCode(201).extract().path("digest");
    }

    private void stable(String deployment, String digest, Instant since) {
        AvroTopics.send(bootstrap, registryUrl, Topics.ROUTES.name(), deployment, Route.newBuilder()
                .setDeployment(deployment).setStable(digest).setEpoch(1).setState(RouteState.STABLE)
                .setUpdatedAt(since).build());
    }

    private void runs(String deployment, String digest, int count) {
        for (int i = 0; i < count; i++) {
            Instant at = Instant.now();
            AvroTopics.send(bootstrap, registryUrl, Topics.RUNS.name(), deployment, RunCompleted.newBuilder()
                    .setRunId(UUID.randomUUID().toString()).setDeployment(deployment).setDigest(digest)
                    .setArm(Arm.STABLE).setEpoch(1).setTaskKey("t-" + i).setInputDigest("sha256:" + "a".repeat(64))
                    .setWorkerId("w-1").setOutcome(RunOutcome.SUCCEEDED).setCostUsd(0.01).setLatencyMs(100)
                    .setStartedAt(at.minusMillis(100)).setCompletedAt(at).build());
        }
    }
}
