package dev.slipway.builder.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.slipway.builder.promotion.PromotionGates.Gate;
import dev.slipway.builder.promotion.PromotionGates.Refusal;
import dev.slipway.builder.promotion.PromotionGates.Stable;

/** Every gate of a promotion, one test per outcome. */
class PromotionGatesTest {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    static final String V1 = "sha256:" + "1".repeat(64);
    static final String V2 = "sha256:" + "2".repeat(64);
    final PromotionGates gates = new PromotionGates(Environments.defaults());

    static Promotion pending(String target, boolean modelChanged) {
        return new Promotion("p-1", "support-triage", V2, target, "alice", "alice", modelChanged, List.of(),
                Optional.of(new Promotion.Evaluation("support-triage-core", 0.9, false)), Promotion.Status.PENDING, NOW,
                Optional.empty());
    }

    static Promotion.Approval approval(String actor, String... roles) {
        return new Promotion.Approval(actor, Set.of(roles), "looks good", NOW);
    }

    static Optional<Gate> gate(Optional<Refusal> refusal) {
        return refusal.map(Refusal::gate);
    }

    // --- request: order, soak -------------------------------------------------------------------------------------

    @Test
    void anyBuiltReleaseMayEnterTheFirstEnvironment() {
        assertThat(gates.request(V2, "dev", Optional.empty(), NOW)).isEmpty();
    }

    @Test
    void anUnknownEnvironmentIsRefusedNamingTheOnesThereAre() {
        Optional<Refusal> refused = gates.request(V2, "qa", Optional.empty(), NOW);
        assertThat(gate(refused)).hasValue(Gate.ENVIRONMENT);
        assertThat(refused.get().reason()).contains("dev → staging → prod");
    }

    @Test
    void skippingAnEnvironmentIsRefused() {
        Optional<Refusal> refused = gates.request(V2, "prod", Optional.of(new Stable("staging", V1, NOW.minus(Duration.ofDays(9)),
                50_000)), NOW);
        assertThat(gate(refused)).hasValue(Gate.ORDER);
        assertThat(refused.get().reason()).contains("does not run as stable in staging", "stable there is " + V1,
                "promote it to staging first");
        assertThat(gate(gates.request(V2, "staging", Optional.empty(), NOW))).hasValue(Gate.ORDER);
    }

    @Test
    void tooShortASoakIsRefusedSayingWhatIsShort() {
        Optional<Refusal> refused = gates.request(V2, "prod", Optional.of(new Stable("staging", V2,
                NOW.minus(Duration.ofHours(3)), 200)), NOW);
        assertThat(gate(refused)).hasValue(Gate.SOAK);
        assertThat(refused.get().reason()).contains("3 h 0 min of the 1 d needed", "200 tasks served in staging of the 1000");
    }

    @Test
    void aDigestStableLongEnoughInThePreviousEnvironmentMayBeProposed() {
        assertThat(gates.request(V2, "prod", Optional.of(new Stable("staging", V2, NOW.minus(Duration.ofDays(2)), 5_000)),
                NOW)).isEmpty();
    }

    // --- approvals: four eyes, once per person, roles, state ------------------------------------------------------

    @Test
    void theAuthorCannotApproveTheirOwnRelease() {
        assertThat(gate(gates.approve(pending("prod", false), "alice", Set.of("approver")))).hasValue(Gate.FOUR_EYES);
    }

    @Test
    void onePersonsApprovalsCountOnce() {
        Promotion once = pending("prod", false).approvedBy(approval("bob", "approver"));
        assertThat(gate(gates.approve(once, "bob", Set.of("approver")))).hasValue(Gate.ONE_APPROVAL_PER_PERSON);
    }

    @Test
    void anApprovalNeedsAnApproverRole() {
        Optional<Refusal> refused = gates.approve(pending("prod", false), "carol", Set.of("viewer", "operator"));
        assertThat(gate(refused)).hasValue(Gate.ROLE);
        assertThat(refused.get().reason()).contains("carol holds operator, viewer", "need approver");
    }

    @Test
    void aModelGovernorMayApproveAModelChangeButNotAnyOtherPromotion() {
        assertThat(gates.approve(pending("prod", true), "gina", Set.of(PromotionGates.MODEL_GOVERNOR))).isEmpty();
        assertThat(gate(gates.approve(pending("prod", false), "gina", Set.of(PromotionGates.MODEL_GOVERNOR))))
                .hasValue(Gate.ROLE);
    }

    @Test
    void aPromotionNoLongerPendingTakesNoApprovals() {
        assertThat(gate(gates.approve(pending("prod", false).withStatus(Promotion.Status.REJECTED), "bob",
                Set.of("approver")))).hasValue(Gate.STATE);
    }

    // --- readiness: approvals counted, model governance ----------------------------------------------------------

    @Test
    void prodNeedsTwoDistinctApproversAndCountsOnlyThem() {
        Promotion one = pending("prod", false).approvedBy(approval("bob", "approver"));
        assertThat(gates.missing(one, 0.85)).extracting(Refusal::gate).containsExactly(Gate.FOUR_EYES);
        assertThat(gates.missing(one, 0.85).get(0).reason()).startsWith("1 of 2 approvals");
        Promotion two = one.approvedBy(approval("dave", "approver"));
        assertThat(gates.missing(two, 0.85)).isEmpty();
    }

    @Test
    void devNeedsNoApprovalAndStagingOne() {
        assertThat(gates.missing(pending("dev", false), 0.85)).isEmpty();
        assertThat(gates.missing(pending("staging", false), 0.85)).extracting(Refusal::gate).containsExactly(Gate.FOUR_EYES);
        assertThat(gates.missing(pending("staging", false).approvedBy(approval("bob", "approver")), 0.85)).isEmpty();
    }

    @Test
    void aModelChangeNeedsAModelGovernorAndTheTargetsEvalsEvenWithEnoughApprovals() {
        Promotion approved = pending("prod", true).approvedBy(approval("bob", "approver")).approvedBy(approval("dave", "approver"));
        assertThat(gates.missing(approved, 0.85)).extracting(Refusal::gate)
                .containsExactly(Gate.MODEL_GOVERNANCE, Gate.MODEL_GOVERNANCE);
        Promotion governed = approved.approvedBy(approval("gina", PromotionGates.MODEL_GOVERNOR));
        assertThat(gates.missing(governed, 0.85)).singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("the build's evaluation does not count",
                        "run prod's eval suite", "--promotion p-1"));
        assertThat(gates.missing(governed.evaluated(new Promotion.Evaluation("prod-suite", 0.80, true)), 0.85))
                .singleElement().satisfies(r -> assertThat(r.reason())
                        .contains("the new model scored 0.8000 on prod-suite", "below prod's threshold 0.8500"));
        assertThat(gates.missing(governed.evaluated(new Promotion.Evaluation("prod-suite", 0.85, true)), 0.85)).isEmpty();
    }

    // --- the eval gate ---------------------------------------------------------------------------------------------

    @Test
    void aBuildEvaluationBelowTheTargetsThresholdIsRefusedByTheEvalGate() {
        Promotion low = pending("staging", false).evaluated(new Promotion.Evaluation("support-triage-core", 0.8, false))
                .approvedBy(approval("bob", "approver"));
        assertThat(gates.missing(low, 0.85)).singleElement().satisfies(r -> {
            assertThat(r.gate()).isEqualTo(Gate.EVAL);
            assertThat(r.reason()).contains("scored 0.8000 on support-triage-core", "below staging's threshold 0.8500");
        });
    }

    @Test
    void withoutAnEvaluationOnItsSuiteTheEvalGateAsksForOne() {
        Promotion none = new Promotion("p-2", "support-triage", V2, "staging", "alice", "alice", false,
                List.of(approval("bob", "approver")), Optional.empty(), Promotion.Status.PENDING, NOW, Optional.empty());
        assertThat(gates.missing(none, 0.85)).singleElement().satisfies(r -> {
            assertThat(r.gate()).isEqualTo(Gate.EVAL);
            assertThat(r.reason()).contains("no evaluation on staging's suite", "slipway eval");
        });
    }

    @Test
    void theTargetsThresholdAndSuiteDecideWhatCounts() {
        PromotionGates named = new PromotionGates(Environments.fromSettings(List.of("dev", "prod"),
                key -> Optional.ofNullable(java.util.Map.of("slipway.environment.prod.eval-suite", "prod-regression",
                        "slipway.environment.prod.eval-threshold", "0.9").get(key))));
        assertThat(named.threshold("prod", 0.85)).isEqualTo(0.9);
        assertThat(named.threshold("dev", 0.85)).as("dev sets none: the build's own").isEqualTo(0.85);
        assertThat(named.countsFor("prod", "prod-regression", "support-triage-core")).isTrue();
        assertThat(named.countsFor("prod", "support-triage-core", "support-triage-core")).isFalse();
        assertThat(named.countsFor("dev", "support-triage-core", "support-triage-core")).isTrue();
    }

    @Test
    void environmentsRefuseDuplicatesAndApprovalsNoRoleCanGive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Environments(List.of(
                        Environments.defaults().ordered().get(0), Environments.defaults().ordered().get(0))))
                .hasMessageContaining("listed twice");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EnvironmentPolicy("prod", 2, Set.of(), Duration.ZERO, 0,
                Optional.empty(), 0, EnvironmentPolicy.Entry.CANARY)).hasMessageContaining("no role may give them");
    }
}
