package dev.slipway.builder.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.slipway.events.PromotionEvaluation;
import dev.slipway.events.PromotionEvent;
import dev.slipway.events.PromotionEventType;

/** Promotions folded from their events: what a restarted builder rebuilds from {@code slipway.promotions}. */
class PromotionHistoryTest {

    static final String DIGEST = "sha256:" + "7".repeat(64);
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void a_request_approvals_and_completion_fold_into_one_completed_promotion() {
        PromotionHistory history = new PromotionHistory();
        history.apply(event("p1", PromotionEventType.REQUESTED, "alice", List.of("author"), 0)
                .setAuthor("alice").setModelChanged(true)
                .setEvaluation(new PromotionEvaluation("core", 0.9, 0.85, false)).setRollout("{\"plan\":[]}").build());
        history.apply(event("p1", PromotionEventType.APPROVED, "bob", List.of("approver"), 1).setReason("ok").build());
        history.apply(event("p1", PromotionEventType.EVALUATED, "alice", List.of("author"), 2)
                .setEvaluation(new PromotionEvaluation("prod-suite", 0.95, 0.85, true)).build());

        Promotion pending = history.get("p1").orElseThrow();
        assertThat(pending.status()).isEqualTo(Promotion.Status.PENDING);
        assertThat(pending.agent()).isEqualTo("support-triage");
        assertThat(pending.target()).isEqualTo("prod");
        assertThat(pending.author()).isEqualTo("alice");
        assertThat(pending.modelChanged()).isTrue();
        assertThat(pending.rollout()).hasValue("{\"plan\":[]}");
        assertThat(pending.approvals()).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("bob");
            assertThat(a.roles()).containsExactly("approver");
            assertThat(a.comment()).isEqualTo("ok");
        });
        assertThat(pending.evaluation()).hasValue(new Promotion.Evaluation("prod-suite", 0.95, true));
        assertThat(history.open("support-triage/prod", DIGEST)).isPresent();

        history.apply(event("p1", PromotionEventType.COMPLETED, "bob", List.of("approver"), 3).setRolloutId("r1").build());
        assertThat(history.get("p1").orElseThrow().status()).isEqualTo(Promotion.Status.COMPLETED);
        assertThat(history.open("support-triage/prod", DIGEST)).isEmpty();
        assertThat(history.steps("p1")).extracting(PromotionEvent::getType).containsExactly(PromotionEventType.REQUESTED,
                PromotionEventType.APPROVED, PromotionEventType.EVALUATED, PromotionEventType.COMPLETED);
    }

    @Test
    void an_event_read_back_after_it_was_applied_counts_once() {
        PromotionHistory history = new PromotionHistory();
        PromotionEvent requested = event("p1", PromotionEventType.REQUESTED, "alice", List.of("author"), 0).build();
        PromotionEvent approved = event("p1", PromotionEventType.APPROVED, "bob", List.of("approver"), 1).build();
        assertThat(history.apply(requested)).isTrue();
        assertThat(history.apply(approved)).isTrue();
        assertThat(history.apply(approved)).as("the reader meets it again").isFalse();
        assertThat(history.get("p1").orElseThrow().approvals()).hasSize(1);
    }

    @Test
    void rejected_and_failed_promotions_are_closed_and_the_list_is_newest_first() {
        PromotionHistory history = new PromotionHistory();
        history.apply(event("p1", PromotionEventType.REQUESTED, "alice", List.of("author"), 0).build());
        history.apply(event("p2", PromotionEventType.REQUESTED, "alice", List.of("author"), 5).build());
        history.apply(event("p3", PromotionEventType.REQUESTED, "alice", List.of("author"), 9).build());
        history.apply(event("p1", PromotionEventType.REJECTED, "bob", List.of("approver"), 10).build());
        history.apply(event("p2", PromotionEventType.FAILED, "bob", List.of("approver"), 11).setGate("ROUTER").build());

        assertThat(history.get("p1").orElseThrow().status()).isEqualTo(Promotion.Status.REJECTED);
        assertThat(history.get("p2").orElseThrow().status()).isEqualTo(Promotion.Status.FAILED);
        assertThat(history.list(false, Optional.empty())).extracting(Promotion::promotionId).containsExactly("p3", "p2", "p1");
        assertThat(history.list(true, Optional.empty())).extracting(Promotion::promotionId).containsExactly("p3");
        assertThat(history.list(false, Optional.of("other-agent"))).isEmpty();
    }

    @Test
    void a_step_whose_request_aged_out_is_kept_as_history_not_state() {
        PromotionHistory history = new PromotionHistory();
        history.apply(event("old", PromotionEventType.APPROVED, "bob", List.of("approver"), 0).build());
        assertThat(history.get("old")).isEmpty();
        assertThat(history.steps("old")).hasSize(1);
    }

    static PromotionEvent.Builder event(String id, PromotionEventType type, String actor, List<String> roles, int second) {
        return PromotionEvent.newBuilder().setPromotionId(id).setDeployment("support-triage/prod").setDigest(DIGEST)
                .setType(type).setActor(actor).setRoles(roles).setOccurredAt(T0.plusSeconds(second));
    }
}
