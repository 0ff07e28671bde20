package dev.slipway.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.slipway.events.CommandType;
import dev.slipway.events.PromotionEvent;
import dev.slipway.events.PromotionEventType;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.RolloutEntry;
import dev.slipway.events.RolloutStarted;
import dev.slipway.events.Route;
import dev.slipway.events.RouteState;

/** A deployment's pointer history joined from promotions, rollout starts, commands and routes. */
class AuditTrailTest {

    static final String DEP = "support-triage/staging";
    static final String V1 = "sha256:" + "1".repeat(64);
    static final String V2 = "sha256:" + "2".repeat(64);
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    final AuditTrail trail = new AuditTrail();

    @Test
    void a_promotion_then_the_flip_it_caused_names_who_approved_and_who_moved_the_pointer() {
        trail.promotion(promotion("p1", PromotionEventType.REQUESTED, "alice", List.of("author"), null, T0));
        trail.promotion(promotion("p1", PromotionEventType.APPROVED, "bob", List.of("approver"), "FOUR_EYES", T0.plusSeconds(60)));
        trail.rollout(RolloutStarted.newBuilder().setRolloutId("r1").setDeployment(DEP).setCandidate(V1).setPlan(List.of())
                .setGuardrails(new dev.slipway.events.Guardrails()).setBudgets(new dev.slipway.events.Budgets(1.0, 1.0, null, null))
                .setEntry(RolloutEntry.FLIP).setPromotionId("p1").setReason("promotion p1 into staging, approved by bob")
                .setStartedBy("builder-service").setStartedAt(T0.plusSeconds(61)).build());
        trail.route(route(V1, null, "r1", 1, T0.plusSeconds(62)));

        assertThat(trail.of(DEP)).extracting(e -> e.kind() + " by " + e.actor()).containsExactly(
                "promotion REQUESTED by alice", "promotion APPROVED by bob", "rollout FLIP by builder-service",
                "stable by builder-service");
        AuditTrail.Entry moved = trail.of(DEP).get(3);
        assertThat(moved.digest()).isEqualTo(V1);
        assertThat(moved.reason()).contains("through promotion p1");
        assertThat(trail.of(DEP).get(1).gate()).isEqualTo("FOUR_EYES");
        assertThat(trail.stable(DEP)).hasValue(V1);
    }

    @Test
    void a_rollback_names_the_operator_and_their_reason_and_a_route_unchanged_adds_nothing() {
        trail.route(route(V2, V1, null, 4, T0));
        trail.command(RolloutCommand.newBuilder().setCommandId("c9").setDeployment(DEP).setType(CommandType.ROLLBACK)
                .setReason("customers report wrong answers").setIssuedBy("olivia").setIssuedAt(T0.plusSeconds(5)).build());
        trail.route(route(V1, V1, null, 5, T0.plusSeconds(6), "c9"));
        trail.route(route(V1, V1, null, 5, T0.plusSeconds(7), "c9"));

        assertThat(trail.of(DEP)).extracting(e -> e.kind() + " by " + e.actor()).containsExactly(
                "stable by router-service", "command ROLLBACK by olivia", "stable by olivia");
        assertThat(trail.of(DEP).get(2).reason()).contains("after ROLLBACK: customers report wrong answers");
    }

    @Test
    void events_read_twice_after_a_restart_are_counted_once() {
        PromotionEvent requested = promotion("p1", PromotionEventType.REQUESTED, "alice", List.of("author"), null, T0);
        trail.promotion(requested);
        trail.promotion(requested);
        assertThat(trail.of(DEP)).hasSize(1);
        assertThat(trail.of("other/prod")).isEmpty();
    }

    static PromotionEvent promotion(String id, PromotionEventType type, String actor, List<String> roles, String gate,
            Instant at) {
        return PromotionEvent.newBuilder().setPromotionId(id).setDeployment(DEP).setDigest(V1).setType(type)
                .setActor(actor).setRoles(roles).setGate(gate).setOccurredAt(at).build();
    }

    static Route route(String stable, String lastGood, String rolloutId, long epoch, Instant at) {
        return route(stable, lastGood, rolloutId, epoch, at, null);
    }

    static Route route(String stable, String lastGood, String rolloutId, long epoch, Instant at, String commandId) {
        return Route.newBuilder().setDeployment(DEP).setStable(stable).setLastGood(lastGood).setRolloutId(rolloutId)
                .setEpoch(epoch).setState(RouteState.STABLE).setLastCommandId(commandId).setUpdatedAt(at).build();
    }
}
