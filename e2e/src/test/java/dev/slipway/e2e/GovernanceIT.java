package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.release.ReleaseBundle;
import dev.slipway.testkit.SampleReleases;
import dev.slipway.testkit.TestTokens;
import dev.slipway.testkit.stack.Http;
import dev.slipway.testkit.stack.Stack;

/**
 * Governance end to end, all four services as processes on a real broker, every call with a token of its caller's
 * role: a release promoted dev → staging → prod with approvals by two people, ending in a canary rollout in prod; a
 * model swap held until a model-governor approves and the target's suite is run; the audit trail naming each step's
 * actor; and no one moving a pointer without the right role.
 */
class GovernanceIT {

    /** Soaks the test can wait out; everything else as in production. */
    static final Map<String, String> SETTINGS = Map.of("slipway.topics.partitions", "1", "slipway.canary.tick", "PT0.5S",
            "slipway.environment.staging.min-soak", "PT1S", "slipway.environment.staging.min-soak-tasks", "0",
            "slipway.environment.prod.min-soak", "PT1S", "slipway.environment.prod.min-soak-tasks", "0");

    private static Stack stack;

    @BeforeAll
    static void given_all_four_services() throws Exception {
        stack = Stack.startAll(Path.of("target"), "governance", SETTINGS);
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void a_release_walks_to_prod_with_four_eyes_and_ends_in_a_canary_and_the_audit_names_every_actor() {
        String agent = "gov-" + UUID.randomUUID().toString().substring(0, 6);
        String v1 = build(agent, SampleReleases.bundle());
        String v2 = build(agent, SampleReleases.editedTriageLine());

        for (String digest : List.of(v1, v2)) {
            assertThat(promote(digest, "dev").path("status").asText()).isEqualTo("COMPLETED");
            awaitStable(agent + "/dev", digest);
            JsonNode staging = promoteWhenSoaked(digest, "staging");
            assertThat(staging.path("status").asText()).isEqualTo("PENDING");
            assertThat(approve(staging, "alice", "approver").status()).as("the author approving her own").isEqualTo(403);
            assertThat(approve(staging, "bob", "approver").body().path("status").asText()).isEqualTo("COMPLETED");
            awaitStable(agent + "/staging", digest);
            JsonNode prod = promoteWhenSoaked(digest, "prod");
            assertThat(approve(prod, "bob", "approver").body().path("status").asText()).isEqualTo("PENDING");
            assertThat(approve(prod, "bob", "approver").status()).as("bob's approvals count once").isEqualTo(409);
            assertThat(approve(prod, "dave", "approver").body().path("status").asText()).isEqualTo("COMPLETED");
        }
        // v1 entered an empty prod (stable at once); v2 entered as a canary next to it.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode route = Http.get(stack.router().url("/api/v1/deployments/" + agent + "/prod/route")).body();
            assertThat(route.path("stable").asText()).isEqualTo(v1);
            assertThat(route.path("canary").asText()).isEqualTo(v2);
        });

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode audit = Http.get(stack.lineage().url("/api/v1/audit/" + agent + "/prod")).body();
            List<String> steps = audit.path("entries").findValuesAsText("kind");
            List<String> actors = audit.path("entries").findValuesAsText("actor");
            assertThat(steps).contains("promotion REQUESTED", "promotion APPROVED", "promotion COMPLETED", "rollout CANARY",
                    "stable");
            assertThat(actors).contains("alice", "bob", "dave", "builder-service");
            assertThat(audit.path("stable").asText()).isEqualTo(v1);
        });
    }

    @Test
    void a_model_swap_is_held_until_a_model_governor_approves_and_the_targets_suite_is_run() {
        String agent = "swap-" + UUID.randomUUID().toString().substring(0, 6);
        ReleaseBundle sample = SampleReleases.bundle();
        String v1 = build(agent, sample);
        String swapped = build(agent, new ReleaseBundle(sample.manifestName(),
                sample.manifest().replace("snapshot: \"2025-05-14\"", "snapshot: \"2025-09-29\""), sample.files()));
        promote(v1, "dev");
        awaitStable(agent + "/dev", v1);

        JsonNode held = promote(swapped, "dev");
        assertThat(held.path("status").asText()).isEqualTo("PENDING");
        assertThat(held.path("modelChanged").asBoolean()).isTrue();
        assertThat(held.path("missing").findValuesAsText("gate")).containsOnly("MODEL_GOVERNANCE");
        JsonNode byApprover = approve(held, "bob", "approver").body();
        assertThat(byApprover.path("missing").findValuesAsText("gate")).as("an approver is not a model governor")
                .containsOnly("MODEL_GOVERNANCE");
        JsonNode governed = approve(held, "gina", "model-governor").body();
        assertThat(governed.path("status").asText()).isEqualTo("PENDING");
        assertThat(governed.path("missing").findValuesAsText("reason")).singleElement().asString()
                .contains("run dev's eval suite");
        JsonNode evaluated = Http.postAs(stack.builder().url("/api/v1/promotions/" + held.path("promotionId").asText()
                + "/evaluation"), Map.of("suite", "support-triage-core", "score", 0.95), TestTokens.of("alice", "author"))
                .body();
        assertThat(evaluated.path("status").asText()).isEqualTo("COMPLETED");
        awaitStable(agent + "/dev", swapped);
    }

    @Test
    void no_token_or_a_client_token_moves_no_pointer() {
        String agent = "deny-" + UUID.randomUUID().toString().substring(0, 6);
        String v1 = build(agent, SampleReleases.bundle());
        String url = stack.router().url("/api/v1/deployments/" + agent + "/prod/rollouts");
        assertThat(Http.postAs(url, Map.of("candidate", v1), TestTokens.of("caller", "client")).status()).isEqualTo(403);
        assertThat(Http.postAs(url, Map.of("candidate", v1), TestTokens.forged("olivia", "operator")).status()).isEqualTo(401);
        assertThat(Http.postAs(stack.builder().url("/api/v1/promotions"), Map.of("release", v1, "to", "dev"),
                TestTokens.of("bob", "viewer")).status()).isEqualTo(403);
        assertThat(Http.get(stack.router().url("/api/v1/deployments/" + agent + "/prod/route")).status())
                .as("nothing was deployed").isEqualTo(404);
    }

    private static String build(String agent, ReleaseBundle bundle) {
        ReleaseBundle renamed = new ReleaseBundle(bundle.manifestName(),
                bundle.manifest().replace("agent: support-triage", "agent: " + agent), bundle.files());
        Http.Response built = Http.postAs(stack.builder().url("/api/v1/releases"), renamed, TestTokens.of("alice", "author"));
        assertThat(built.status()).as(built.body().toString()).isEqualTo(201);
        assertThat(built.body().path("builtBy").asText()).isEqualTo("alice");
        return built.body().path("digest").asText();
    }

    private static JsonNode promote(String digest, String to) {
        Http.Response r = Http.postAs(stack.builder().url("/api/v1/promotions"), Map.of("release", digest, "to", to),
                TestTokens.of("alice", "author"));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        return r.body();
    }

    /** The soak is a second: the request is refused by SOAK (or ORDER, until the route shows it) until it has passed. */
    private static JsonNode promoteWhenSoaked(String digest, String to) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(
                () -> Http.postAs(stack.builder().url("/api/v1/promotions"), Map.of("release", digest, "to", to),
                        TestTokens.of("alice", "author")), r -> r.status() == 201).body();
    }

    private static Http.Response approve(JsonNode promotion, String who, String role) {
        return Http.postAs(stack.builder().url("/api/v1/promotions/" + promotion.path("promotionId").asText() + "/approve"),
                Map.of("comment", "reviewed by " + who), TestTokens.of(who, role));
    }

    private static void awaitStable(String deployment, String digest) {
        await().atMost(Duration.ofSeconds(20)).until(() -> digest.equals(
                Http.get(stack.router().url("/api/v1/deployments/" + deployment + "/route")).body().path("stable").asText()));
    }
}
