package dev.slipway.lineage;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.slipway.events.Arm;
import dev.slipway.events.CallStatus;
import dev.slipway.events.CommandType;
import dev.slipway.events.ModelCall;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.Route;
import dev.slipway.events.RouteState;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunFeedback;
import dev.slipway.events.RunOutcome;
import dev.slipway.events.ToolCall;
import dev.slipway.events.Topics;
import dev.slipway.testkit.AvroTopics;
import dev.slipway.testkit.SampleReleases;
import dev.slipway.testkit.SlipwayStackTestResource;
import dev.slipway.testkit.auth.SignedIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every lineage query through a real broker and registry: the events go on the topics as the services write them,
 * and the answers come from the packaged stores over HTTP, bad input included.
 */
@SignedIn("victor")
@QuarkusTest
@WithTestResource(SlipwayStackTestResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineageQueriesTest {

    private static final String AGENT = "lineage-agent";
    private static final String DEPLOYMENT = AGENT + "/prod";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String UNKNOWN = "sha256:" + "0".repeat(64);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "apicurio.registry.url")
    String registryUrl;

    private ReleaseBuilt v1;
    private ReleaseBuilt v2;

    /** Once for the class, before the first test (RestAssured points at the application only from then on). */
    @BeforeEach
    void publishOnce() {
        if (v1 != null) {
            return;
        }
        v1 = SampleReleases.signed(SampleReleases.bundle());
        v2 = SampleReleases.signed(SampleReleases.editedTriageLine());
        send(Topics.RELEASES, v1.getDigest(), v1);
        send(Topics.RELEASES, v2.getDigest(), v2);
        send(Topics.ROLLOUT_COMMANDS, DEPLOYMENT, RolloutCommand.newBuilder().setCommandId("cmd-rollback")
                .setDeployment(DEPLOYMENT).setType(CommandType.ROLLBACK).setReason("answers in the wrong language")
                .setIssuedBy("olivia").setIssuedAt(T0.plusSeconds(600)).build());
        send(Topics.ROUTES, DEPLOYMENT, route(1, v1.getDigest(), null, null, T0.minusSeconds(3600)));
        send(Topics.ROUTES, DEPLOYMENT, route(2, v2.getDigest(), null, null, T0));
        send(Topics.ROUTES, DEPLOYMENT, route(3, v1.getDigest(), null, "cmd-rollback", T0.plusSeconds(601)));
        for (int i = 0; i < 3; i++) {
            send(Topics.RUNS, DEPLOYMENT, run("run-" + i, v2.getDigest(), 2, "ticket-" + i, T0.plusSeconds(10L * (i + 1))));
        }
        send(Topics.RUNS, DEPLOYMENT, run("run-rogue", UNKNOWN, 3, "ticket-9", T0.plusSeconds(700)));
        send(Topics.RUN_FEEDBACK, DEPLOYMENT, RunFeedback.newBuilder().setFeedbackId("fb-0").setRunId("run-0")
                .setDeployment(DEPLOYMENT).setSuccess(false).setHumanIntervention(true).setSource("helpdesk")
                .setOccurredAt(T0.plusSeconds(300)).build());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/v1/lineage/runs/run-0")
                .then().statusCode(200).body("feedback", hasSize(1)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/lineage/runs/run-rogue")
                .then().statusCode(200));
    }

    @Test
    void a_run_answers_with_its_release_manifest_inputs_calls_outcome_and_feedback() {
        given().get("/api/v1/lineage/runs/run-0").then().statusCode(200)
                .body("digest", equalTo(v2.getDigest()))
                .body("release.digest", equalTo(v2.getDigest()))
                .body("release.manifest.model", notNullValue())
                .body("inputDigest", equalTo("sha256:" + "a".repeat(64)))
                .body("retrievalDocs", contains("kb-12", "kb-40"))
                .body("toolCalls.tool", contains("lookup_customer"))
                .body("modelCalls[0].provider", equalTo("sim-primary"))
                .body("modelCalls[0].region", equalTo("eu-west-1"))
                .body("outcome", equalTo("PENDING"))
                .body("feedback[0].success", equalTo(false))
                .body("feedback[0].humanIntervention", equalTo(true))
                .body("traceability.flagged", equalTo(false));
    }

    @Test
    void a_releases_runs_come_by_time_range_in_pages() {
        String next = given().queryParam("from", T0.plusSeconds(10).toString()).queryParam("limit", 2)
                .get("/api/v1/lineage/releases/" + v2.getDigest() + "/runs")
                .then().statusCode(200)
                .body("items.runId", contains("run-0", "run-1"))
                .body("next", notNullValue())
                .extract().path("next");
        given().queryParam("from", T0.plusSeconds(10).toString()).queryParam("limit", 2).queryParam("after", next)
                .get("/api/v1/lineage/releases/" + v2.getDigest() + "/runs")
                .then().statusCode(200)
                .body("items.runId", contains("run-2"))
                .body("next", nullValue());
        given().queryParam("to", T0.plusSeconds(15).toString())
                .get("/api/v1/lineage/releases/" + v2.getDigest() + "/runs")
                .then().statusCode(200).body("items.runId", contains("run-0"));
    }

    @Test
    void runs_are_found_by_input_digest_and_by_task_key() {
        given().queryParam("taskKey", "ticket-1").get("/api/v1/lineage/runs")
                .then().statusCode(200).body("items.runId", contains("run-1"));
        given().queryParam("inputDigest", "sha256:" + "a".repeat(64)).get("/api/v1/lineage/runs")
                .then().statusCode(200).body("items.runId", contains("run-0", "run-1", "run-2", "run-rogue"));
    }

    @Test
    void the_timeline_says_which_release_served_when_and_who_moved_the_pointer() {
        given().get("/api/v1/lineage/deployments/" + DEPLOYMENT + "/timeline").then().statusCode(200)
                .body("routes.route.epoch", contains(1, 2, 3))
                .body("routes[2].route.stable", equalTo(v1.getDigest()))
                .body("routes[2].movedBy.actor", equalTo("olivia"))
                .body("routes[2].movedBy.reason", equalTo("answers in the wrong language"))
                .body("routes[1].route.until", equalTo(T0.plusSeconds(601).toString()))
                .body("audit.kind", hasItem("command ROLLBACK"));
        given().queryParam("at", T0.plusSeconds(60).toString())
                .get("/api/v1/lineage/deployments/" + DEPLOYMENT + "/serving")
                .then().statusCode(200).body("route.stable", equalTo(v2.getDigest())).body("route.epoch", equalTo(2));
        given().queryParam("at", T0.minusSeconds(86_400).toString())
                .get("/api/v1/lineage/deployments/" + DEPLOYMENT + "/serving")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void a_run_of_an_unknown_digest_is_flagged_counted_and_alerted() {
        // Flagged once the grace period (1 s in tests) for a release still on its way is over
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/lineage/runs/run-rogue")
                .then().statusCode(200).body("traceability.flagged", equalTo(true)));
        given().get("/api/v1/lineage/runs/run-rogue").then().statusCode(200)
                .body("traceability.flagged", equalTo(true))
                .body("traceability.verdict", equalTo("UNKNOWN_RELEASE"))
                .body("release", nullValue());
        given().get("/api/v1/lineage/untraceable").then().statusCode(200).body("runId", hasItem("run-rogue"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then().statusCode(200)
                .body(containsString("slipway_lineage_untraceable_runs{verdict=\"UNKNOWN_RELEASE\"} 1.0")));
        await().atMost(Duration.ofSeconds(30)).until(() -> AvroTopics.<dev.slipway.events.Alert>readAll(bootstrap,
                registryUrl, Topics.ALERTS.name()).stream()
                .anyMatch(r -> r.value().getMessage().contains("run-rogue")));
    }

    @Test
    void an_unknown_run_or_release_is_a_404_problem() {
        given().get("/api/v1/lineage/runs/no-such-run").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no-such-run"));
        given().get("/api/v1/lineage/releases/sha256:" + "9".repeat(64) + "/runs").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void a_range_the_wrong_way_round_a_page_too_large_or_a_bad_instant_is_a_400_naming_the_field() {
        given().queryParam("from", T0.plusSeconds(60).toString()).queryParam("to", T0.toString())
                .get("/api/v1/lineage/releases/" + v2.getDigest() + "/runs")
                .then().statusCode(400).contentType("application/problem+json").body("violations[0].field", equalTo("from"));
        given().queryParam("limit", 501).get("/api/v1/lineage/releases/" + v2.getDigest() + "/runs")
                .then().statusCode(400).body("violations[0].field", equalTo("limit"));
        given().queryParam("taskKey", "ticket-1").queryParam("to", "yesterday").get("/api/v1/lineage/runs")
                .then().statusCode(400).body("violations[0].field", equalTo("to"));
        given().get("/api/v1/lineage/runs").then().statusCode(400).body("violations[0].field", equalTo("inputDigest"));
        given().queryParam("taskKey", "ticket-1").queryParam("after", "not-a-cursor!").get("/api/v1/lineage/runs")
                .then().statusCode(400).body("violations[0].field", equalTo("after"));
        given().get("/api/v1/lineage/deployments/" + DEPLOYMENT + "/serving")
                .then().statusCode(400).body("violations[0].field", equalTo("at"));
    }

    private <V extends org.apache.avro.specific.SpecificRecord> void send(dev.slipway.events.Topic<V> topic, String key,
            V value) {
        AvroTopics.send(bootstrap, registryUrl, topic.name(), key, value);
    }

    private static Route route(long epoch, String stable, String canary, String command, Instant at) {
        return Route.newBuilder().setDeployment(DEPLOYMENT).setStable(stable).setCanary(canary)
                .setCanaryWeightPercent(0).setEpoch(epoch).setState(RouteState.STABLE).setLastCommandId(command)
                .setUpdatedAt(at).build();
    }

    private static RunCompleted run(String runId, String digest, long epoch, String taskKey, Instant completedAt) {
        return RunCompleted.newBuilder().setRunId(runId).setDeployment(DEPLOYMENT).setDigest(digest).setArm(Arm.STABLE)
                .setEpoch(epoch).setTaskKey(taskKey).setInputDigest("sha256:" + "a".repeat(64)).setWorkerId("worker-1")
                .setRetrievalDocs(List.of("kb-12", "kb-40"))
                .setToolCalls(List.of(ToolCall.newBuilder().setTool("lookup_customer").setStatus(CallStatus.OK)
                        .setLatencyMs(12).build()))
                .setModelCalls(List.of(ModelCall.newBuilder().setProvider("sim-primary").setRegion("eu-west-1")
                        .setModel("gpt-sim@2025-06-01").setInputTokens(800).setOutputTokens(120).setCostUsd(0.004)
                        .setLatencyMs(300).setStatus(CallStatus.OK).build()))
                .setOutcome(RunOutcome.PENDING).setCostUsd(0.004).setLatencyMs(450)
                .setStartedAt(completedAt.minusMillis(450)).setCompletedAt(completedAt).build();
    }
}
