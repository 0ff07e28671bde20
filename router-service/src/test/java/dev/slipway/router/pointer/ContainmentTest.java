package dev.slipway.router.pointer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.slipway.events.CommandType;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.Route;
import dev.slipway.events.RouteState;

/** The route served while a decided ABORT is being published: one test per outcome. */
class ContainmentTest {

    static final String DEPLOYMENT = "support-triage/prod";
    static final String A = "sha256:" + "a".repeat(64);
    static final String B = "sha256:" + "b".repeat(64);
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    static Route canary(String rolloutId) {
        return Route.newBuilder().setDeployment(DEPLOYMENT).setStable(A).setCanary(B).setCanaryWeightPercent(20)
                .setLastGood(null).setEpoch(7).setState(RouteState.CANARY).setRolloutId(rolloutId)
                .setLastCommandId("c-ramp").setUpdatedAt(T0).build();
    }

    static RolloutCommand command(CommandType type, String rolloutId) {
        return RolloutCommand.newBuilder().setCommandId("c-abort").setDeployment(DEPLOYMENT).setRolloutId(rolloutId)
                .setType(type).setReason("breaker: cost per task").setIssuedBy("canary-service")
                .setIssuedAt(T0.plusSeconds(5)).build();
    }

    @Test
    void aDecidedAbortOfTheRunningRolloutSendsEveryTaskToStableBeforeThePointerPublishes() {
        Route served = Containment.effective(canary("r-1"), command(CommandType.ABORT, "r-1"));
        assertThat(served.getCanary()).isNull();
        assertThat(served.getCanaryWeightPercent()).isZero();
        assertThat(served.getStable()).isEqualTo(A);
        assertThat(served.getState()).isEqualTo(RouteState.STABLE);
        assertThat(served.getEpoch()).as("the epoch the pointer will publish").isEqualTo(8);
        assertThat(TrafficSplit.assign(served, "any-key").digest()).isEqualTo(A);
    }

    @Test
    void anAbortOfAnEarlierRolloutNeverTouchesALaterCanary() {
        Route published = canary("r-2");
        assertThat(Containment.effective(published, command(CommandType.ABORT, "r-1"))).isSameAs(published);
    }

    @Test
    void anAbortNamingNoRolloutIsLeftToThePointer() {
        Route published = canary("r-1");
        assertThat(Containment.effective(published, command(CommandType.ABORT, null))).isSameAs(published);
    }

    @Test
    void onceThePointerHasPublishedTheAbortThePublishedRouteIsServed() {
        Route aborted = Route.newBuilder(canary("r-1")).setCanary(null).setCanaryWeightPercent(0)
                .setState(RouteState.STABLE).setEpoch(8).build();
        assertThat(Containment.effective(aborted, command(CommandType.ABORT, "r-1"))).isSameAs(aborted);
    }

    @Test
    void noAbortOrAnotherCommandLeavesThePublishedRoute() {
        Route published = canary("r-1");
        assertThat(Containment.effective(published, null)).isSameAs(published);
        assertThat(Containment.effective(published, command(CommandType.PAUSE, "r-1"))).isSameAs(published);
        assertThat(Containment.effective(null, command(CommandType.ABORT, "r-1"))).isNull();
    }
}
