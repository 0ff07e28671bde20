package dev.slipway.lineage.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.slipway.lineage.store.RunTraceability.RouteAt;
import dev.slipway.lineage.store.RunTraceability.Verdict;

/** One test per verdict of {@link RunTraceability}. */
class RunTraceabilityTest {

    private static final String V1 = "sha256:" + "1".repeat(64);
    private static final String V2 = "sha256:" + "2".repeat(64);
    private static final String V3 = "sha256:" + "3".repeat(64);

    @Test
    void a_known_release_the_route_picked_as_stable_or_canary_is_traceable() {
        Optional<RouteAt> route = Optional.of(new RouteAt(4, V1, V2));

        assertThat(RunTraceability.judge("support-triage/prod", V1, 4, true, route).verdict()).isEqualTo(Verdict.TRACEABLE);
        RunTraceability.Finding canary = RunTraceability.judge("support-triage/prod", V2, 5, true, route);
        assertThat(canary.verdict()).isEqualTo(Verdict.TRACEABLE);
        assertThat(canary.flagged()).isFalse();
        assertThat(canary.explanation()).contains("epoch 4").contains("canary");
    }

    @Test
    void a_digest_that_is_no_published_release_is_flagged_unknown() {
        RunTraceability.Finding f = RunTraceability.judge("support-triage/prod", V3, 4, false,
                Optional.of(new RouteAt(4, V3, null)));

        assertThat(f.verdict()).isEqualTo(Verdict.UNKNOWN_RELEASE);
        assertThat(f.flagged()).isTrue();
    }

    @Test
    void a_known_release_the_route_in_force_did_not_serve_is_flagged_not_routed() {
        RunTraceability.Finding f = RunTraceability.judge("support-triage/prod", V3, 4, true,
                Optional.of(new RouteAt(3, V1, V2)));

        assertThat(f.verdict()).isEqualTo(Verdict.NOT_ROUTED);
        assertThat(f.flagged()).isTrue();
        assertThat(f.explanation()).contains("epoch 3").contains(V1).contains(V2);
    }

    @Test
    void a_run_without_a_route_epoch_or_without_any_known_route_is_flagged_not_routed() {
        assertThat(RunTraceability.judge("support-triage/prod", V1, 0, true, Optional.of(new RouteAt(2, V1, null)))
                .verdict()).isEqualTo(Verdict.NOT_ROUTED);
        assertThat(RunTraceability.judge("support-triage/prod", V1, 7, true, Optional.empty()).verdict())
                .isEqualTo(Verdict.NOT_ROUTED);
    }

    @Test
    void a_run_naming_a_release_or_epoch_not_seen_yet_waits_and_is_not_flagged_until_the_grace_is_over() {
        RunTraceability.Finding f = RunTraceability.judge("support-triage/prod", V2, 5, true,
                Optional.of(new RouteAt(4, V1, null)), java.util.OptionalLong.of(4), false);
        RunTraceability.Finding none = RunTraceability.judge("support-triage/prod", V2, 1, true, Optional.empty(),
                java.util.OptionalLong.empty(), false);
        RunTraceability.Finding noRelease = RunTraceability.judge("support-triage/prod", V3, 4, false,
                Optional.of(new RouteAt(4, V1, null)), java.util.OptionalLong.of(4), false);

        assertThat(f.verdict()).isEqualTo(Verdict.AWAITING_ROUTE);
        assertThat(f.flagged()).isFalse();
        assertThat(none.verdict()).isEqualTo(Verdict.AWAITING_ROUTE);
        assertThat(noRelease.verdict()).isEqualTo(Verdict.AWAITING_ROUTE);
        // Once the grace period is over the same run is judged on what is there
        assertThat(RunTraceability.judge("support-triage/prod", V2, 5, true, Optional.of(new RouteAt(4, V1, null)),
                java.util.OptionalLong.of(4), true).verdict()).isEqualTo(Verdict.NOT_ROUTED);
    }

    @Test
    void an_evaluation_run_of_a_candidate_is_recorded_and_not_flagged() {
        RunTraceability.Finding f = RunTraceability.judge("support-triage/eval", V3, 0, false, Optional.empty());

        assertThat(f.verdict()).isEqualTo(Verdict.EVALUATION);
        assertThat(f.flagged()).isFalse();
    }
}
