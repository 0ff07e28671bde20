package dev.slipway.cli.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.slipway.cli.CliHarness;
import dev.slipway.cli.FakeBuilder;

/** {@code promote}, {@code approve}, {@code reject}, {@code promotions} and {@code audit} against canned services. */
class PromotionCommandsTest {

    static final String DIGEST = "sha256:" + "4".repeat(64);
    static final String PENDING = """
            {"promotionId":"p-1","agent":"support-triage","digest":"%s","target":"staging",
             "deployment":"support-triage/staging","status":"PENDING","requestedBy":"alice","author":"alice",
             "modelChanged":false,"approvals":[],"evaluation":{"suite":"support-triage-core","score":0.92,"fresh":false},
             "threshold":0.85,"missing":[{"gate":"FOUR_EYES","reason":"0 of 1 approvals by approver (not the author)"}],
             "rolloutId":null,"steps":[{"type":"REQUESTED","actor":"alice","reason":"promote to staging"}]}""".formatted(DIGEST);
    static final String COMPLETED = """
            {"promotionId":"p-1","agent":"support-triage","digest":"%s","target":"staging",
             "deployment":"support-triage/staging","status":"COMPLETED","requestedBy":"alice","author":"alice",
             "modelChanged":false,"approvals":[{"actor":"bob","roles":["approver"],"comment":"looks right"}],
             "threshold":0.85,"missing":[],"rolloutId":"r-9",
             "steps":[{"type":"REQUESTED","actor":"alice"},{"type":"APPROVED","actor":"bob"},
                      {"type":"COMPLETED","actor":"bob","reason":"stable in staging"}]}""".formatted(DIGEST);

    @TempDir
    Path home;
    FakeBuilder builder;
    FakeBuilder lineage;
    CliHarness cli;

    @BeforeEach
    void start() throws Exception {
        builder = new FakeBuilder();
        lineage = new FakeBuilder();
        cli = new CliHarness(home).env("SLIPWAY_BUILDER_URL", builder.url()).env("SLIPWAY_LINEAGE_URL", lineage.url())
                .env("SLIPWAY_TOKEN", "t");
    }

    @AfterEach
    void stop() {
        builder.close();
        lineage.close();
    }

    @Test
    void promote_sends_the_release_and_target_and_prints_what_it_waits_for() throws Exception {
        builder.answer("POST /api/v1/promotions", 201, PENDING);

        CliHarness.Result r = cli.run("promote", "support-triage@v1", "--to", "staging");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode sent = new ObjectMapper().readTree(builder.requests().get(0).body());
        assertThat(sent.path("release").asText()).isEqualTo("support-triage@v1");
        assertThat(sent.path("to").asText()).isEqualTo("staging");
        assertThat(sent.has("rollout")).as("no plan options, no rollout").isFalse();
        assertThat(r.out()).contains("PENDING", "waiting FOUR_EYES: 0 of 1 approvals", "0.9200 on support-triage-core");
    }

    @Test
    void plan_options_become_the_rollout_of_a_promotion_into_prod() throws Exception {
        builder.answer("POST /api/v1/promotions", 201, PENDING.replace("staging", "prod"));

        cli.run("promote", DIGEST, "--to", "prod", "--steps", "5,100", "--min-tasks", "50");

        JsonNode rollout = new ObjectMapper().readTree(builder.requests().get(0).body()).path("rollout");
        assertThat(rollout.path("plan").findValuesAsText("weightPercent")).containsExactly("5", "100");
        assertThat(rollout.has("candidate")).isFalse();
    }

    @Test
    void a_gate_refusal_prints_the_gate_and_fails() {
        builder.answer("POST /api/v1/promotions", 409, """
                {"type":"https://slipway.dev/problems/gate-order","title":"Refused by gate ORDER","status":409,
                 "detail":"does not run as stable in staging: promote it to staging first",
                 "violations":[{"field":"release","message":"ORDER: …"}]}""");

        CliHarness.Result r = cli.run("promote", DIGEST, "--to", "prod");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Refused by gate ORDER", "promote it to staging first");
    }

    @Test
    void approve_and_reject_post_the_comment_and_print_the_outcome() throws Exception {
        builder.answer("POST /api/v1/promotions/p-1/approve", 200, COMPLETED);
        builder.answer("POST /api/v1/promotions/p-1/reject", 200, PENDING.replace("\"PENDING\"", "\"REJECTED\""));

        CliHarness.Result approved = cli.run("approve", "p-1", "--comment", "looks right");
        assertThat(approved.exitCode()).isZero();
        assertThat(approved.out()).contains("approved by bob (approver): \"looks right\"", "completed: stable in staging (rollout r-9)");
        assertThat(new ObjectMapper().readTree(builder.requests().get(0).body()).path("comment").asText()).isEqualTo("looks right");

        CliHarness.Result rejected = cli.run("reject", "p-1", "--comment", "wrong ticket");
        assertThat(rejected.exitCode()).as("a rejected promotion is not a success").isEqualTo(1);
        assertThat(cli.run("reject", "p-1").exitCode()).as("a rejection says why").isEqualTo(2);
    }

    @Test
    void promotions_lists_the_pending_ones_and_audit_shows_the_pointer_history() {
        builder.answer("GET /api/v1/promotions?pending=true", 200, "[" + PENDING + "]");
        lineage.answer("GET /api/v1/audit/support-triage/staging", 200, """
                {"deployment":"support-triage/staging","stable":"%s","entries":[
                 {"at":"2026-12-03T10:00:00Z","kind":"promotion APPROVED","actor":"bob","roles":["approver"],"gate":"FOUR_EYES","reason":"ok"},
                 {"at":"2026-12-03T10:00:01Z","kind":"stable","actor":"builder-service","roles":[],"gate":null,"reason":"stable is now x"}]}"""
                .formatted(DIGEST));

        CliHarness.Result list = cli.run("promotions", "--pending");
        assertThat(list.out()).contains("p-1", "→ staging", "waiting: FOUR_EYES");

        CliHarness.Result audit = cli.run("audit", "support-triage/staging");
        assertThat(audit.exitCode()).isZero();
        assertThat(audit.out()).contains("promotion APPROVED", "by bob (approver) gate FOUR_EYES — ok", "stable is now x");
    }
}
