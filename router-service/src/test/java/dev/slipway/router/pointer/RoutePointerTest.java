package dev.slipway.router.pointer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.slipway.events.AlertReason;
import dev.slipway.events.CommandType;
import dev.slipway.events.Route;
import dev.slipway.events.RouteState;
import dev.slipway.router.pointer.PointerDecision.AlertNote;
import dev.slipway.router.pointer.PointerDecision.Moved;
import dev.slipway.router.pointer.PointerDecision.Refused;
import dev.slipway.router.pointer.PointerDecision.Unchanged;

/** One test per outcome of the pointer's state machine. Fixed instants only. */
class RoutePointerTest {

    private static final String DEPLOYMENT = "support-triage/prod";
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final String C = "sha256:" + "c".repeat(64);
    private static final String UNKNOWN = "sha256:" + "f".repeat(64);

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-20T10:05:00Z");

    private final RoutePointer pointer = new RoutePointer(Set.of(A, B, C)::contains);

    // ---- start ---------------------------------------------------------------------------------------------------

    @Test
    void first_deploy_makes_the_candidate_stable_at_epoch_1() {
        PointerDecision decision = pointer.apply(null, start("r1", A, 1), T1);

        Route route = moved(decision).route();
        assertThat(route.getDeployment()).isEqualTo(DEPLOYMENT);
        assertThat(route.getStable()).isEqualTo(A);
        assertThat(route.getCanary()).isNull();
        assertThat(route.getCanaryWeightPercent()).isZero();
        assertThat(route.getLastGood()).isNull();
        assertThat(route.getEpoch()).isEqualTo(1);
        assertThat(route.getState()).isEqualTo(RouteState.STABLE);
        assertThat(route.getRolloutId()).isEqualTo("r1");
        assertThat(route.getLastCommandId()).isEqualTo("rollout:r1");
        assertThat(route.getUpdatedAt()).isEqualTo(T1);
        assertThat(moved(decision).alert()).isEmpty();
    }

    @Test
    void start_on_a_stable_route_opens_a_canary_at_the_first_step_weight() {
        Route stable = stableRoute(A, null, 3);

        Route route = moved(pointer.apply(stable, start("r2", B, 5), T1)).route();

        assertThat(route.getStable()).isEqualTo(A);
        assertThat(route.getCanary()).isEqualTo(B);
        assertThat(route.getCanaryWeightPercent()).isEqualTo(5);
        assertThat(route.getState()).isEqualTo(RouteState.CANARY);
        assertThat(route.getRolloutId()).isEqualTo("r2");
        assertThat(route.getEpoch()).isEqualTo(4);
    }

    @Test
    void a_flip_makes_the_candidate_stable_at_once_and_keeps_the_old_stable_as_last_good() {
        Route route = moved(pointer.apply(stableRoute(A, null, 3), flip("r2", B), T1)).route();

        assertThat(route.getStable()).isEqualTo(B);
        assertThat(route.getLastGood()).isEqualTo(A);
        assertThat(route.getCanary()).isNull();
        assertThat(route.getCanaryWeightPercent()).isZero();
        assertThat(route.getState()).isEqualTo(RouteState.STABLE);
        assertThat(route.getRolloutId()).isEqualTo("r2");
        assertThat(route.getEpoch()).isEqualTo(4);
        assertThat(moved(pointer.apply(null, flip("r1", B), T1)).route().getStable()).as("a first deploy by a flip")
                .isEqualTo(B);
    }

    @Test
    void a_flip_is_refused_while_a_canary_runs_and_for_an_untrusted_or_already_stable_release() {
        assertThat(pointer.apply(canaryRoute(A, B, 5, "r2", 4), flip("r3", C), T1)).isInstanceOf(Refused.class);
        assertThat(pointer.apply(stableRoute(A, null, 3), flip("r2", UNKNOWN), T1)).isInstanceOf(Refused.class);
        assertThat(pointer.apply(stableRoute(A, null, 3), flip("r2", A), T1)).isInstanceOf(Refused.class);
    }

    @Test
    void start_is_refused_for_an_unknown_or_untrusted_release() {
        assertThat(pointer.apply(null, start("r1", UNKNOWN, 1), T1)).isInstanceOf(Refused.class);
        assertThat(pointer.apply(stableRoute(A, null, 3), start("r2", UNKNOWN, 1), T1)).isInstanceOf(Refused.class);
        assertThat(((Refused) pointer.apply(null, start("r1", UNKNOWN, 1), T1)).why()).contains(UNKNOWN);
    }

    @Test
    void start_is_refused_when_the_candidate_is_already_stable() {
        PointerDecision decision = pointer.apply(stableRoute(A, null, 3), start("r2", A, 1), T1);

        assertThat(decision).isInstanceOf(Refused.class);
        assertThat(((Refused) decision).why()).contains("already stable");
    }

    @Test
    void start_is_refused_while_a_canary_is_running_or_paused() {
        assertThat(pointer.apply(canaryRoute(A, B, 5, "r2", 4), start("r3", C, 1), T1)).isInstanceOf(Refused.class);
        Route paused = Route.newBuilder(canaryRoute(A, B, 5, "r2", 5)).setState(RouteState.PAUSED).build();
        assertThat(pointer.apply(paused, start("r3", C, 1), T1)).isInstanceOf(Refused.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101})
    void start_is_refused_when_the_first_weight_is_outside_1_to_100(int firstWeight) {
        // An empty plan reaches the pointer as first weight 0.
        assertThat(pointer.apply(stableRoute(A, null, 3), start("r2", B, firstWeight), T1)).isInstanceOf(Refused.class);
    }

    // ---- RAMP ----------------------------------------------------------------------------------------------------

    @Test
    void ramp_raises_the_canary_weight_and_bumps_the_epoch() {
        Route canary = canaryRoute(A, B, 5, "r2", 4);

        Route route = moved(pointer.apply(canary, command("c1", "r2", CommandType.RAMP, 25), T1)).route();

        assertThat(route.getCanaryWeightPercent()).isEqualTo(25);
        assertThat(route.getEpoch()).isEqualTo(5);
        assertThat(route.getStable()).isEqualTo(A);
        assertThat(route.getCanary()).isEqualTo(B);
        assertThat(route.getState()).isEqualTo(RouteState.CANARY);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 24, 25, 101, 1000})
    void ramp_is_refused_when_lowering_keeping_or_exceeding_100(int weight) {
        Route canary = canaryRoute(A, B, 25, "r2", 4);

        assertThat(pointer.apply(canary, command("c1", "r2", CommandType.RAMP, weight), T1)).isInstanceOf(Refused.class);
    }

    @Test
    void ramp_without_a_weight_is_refused() {
        assertThat(pointer.apply(canaryRoute(A, B, 5, "r2", 4), command("c1", "r2", CommandType.RAMP, null), T1))
                .isInstanceOf(Refused.class);
    }

    @Test
    void ramp_is_refused_while_paused() {
        Route paused = Route.newBuilder(canaryRoute(A, B, 5, "r2", 5)).setState(RouteState.PAUSED).build();

        PointerDecision decision = pointer.apply(paused, command("c1", "r2", CommandType.RAMP, 25), T1);

        assertThat(decision).isInstanceOf(Refused.class);
        assertThat(((Refused) decision).why()).contains("paused");
    }

    @ParameterizedTest
    @EnumSource(value = CommandType.class, names = {"RAMP", "PROMOTE", "ABORT"})
    void rollout_commands_without_a_running_canary_are_refused(CommandType type) {
        assertThat(pointer.apply(stableRoute(B, A, 6), command("c1", "r2", type, 50), T1)).isInstanceOf(Refused.class);
    }

    // ---- PROMOTE / ABORT / HOLD ----------------------------------------------------------------------------------

    @Test
    void promote_makes_the_canary_stable_and_keeps_the_old_stable_as_last_good() {
        Route canary = canaryRoute(A, B, 50, "r2", 6);

        Route route = moved(pointer.apply(canary, command("c9", "r2", CommandType.PROMOTE, null), T1)).route();

        assertThat(route.getStable()).isEqualTo(B);
        assertThat(route.getLastGood()).isEqualTo(A);
        assertThat(route.getCanary()).isNull();
        assertThat(route.getCanaryWeightPercent()).isZero();
        assertThat(route.getState()).isEqualTo(RouteState.STABLE);
        assertThat(route.getEpoch()).isEqualTo(7);
    }

    @Test
    void abort_clears_the_canary_and_leaves_stable_and_last_good_alone() {
        Route canary = Route.newBuilder(canaryRoute(B, C, 25, "r3", 9)).setLastGood(A).build();

        PointerDecision decision = pointer.apply(canary, new Instruction.Command("c1", DEPLOYMENT, "r3",
                CommandType.ABORT, null, "success rate regressed"), T1);

        Route route = moved(decision).route();
        assertThat(route.getStable()).isEqualTo(B);
        assertThat(route.getLastGood()).isEqualTo(A);
        assertThat(route.getCanary()).isNull();
        assertThat(route.getCanaryWeightPercent()).isZero();
        assertThat(route.getState()).isEqualTo(RouteState.STABLE);
        assertThat(route.getEpoch()).isEqualTo(10);
    }

    @Test
    void hold_changes_nothing() {
        assertThat(pointer.apply(canaryRoute(A, B, 5, "r2", 4), command("c1", "r2", CommandType.HOLD, null), T1))
                .isInstanceOf(Unchanged.class);
        assertThat(pointer.apply(stableRoute(A, null, 1), command("c2", null, CommandType.HOLD, null), T1))
                .isInstanceOf(Unchanged.class);
    }

    // ---- ROLLBACK ------------------------------------------------------------------------------------------------

    @Test
    void rollback_flips_stable_to_last_good_and_raises_a_rollback_alert() {
        Route promoted = stableRoute(B, A, 7);

        PointerDecision decision = pointer.apply(promoted, new Instruction.Command("c1", DEPLOYMENT, "r1",
                CommandType.ROLLBACK, null, "customers complain"), T1);

        Route route = moved(decision).route();
        assertThat(route.getStable()).isEqualTo(A);
        assertThat(route.getCanary()).isNull();
        assertThat(route.getCanaryWeightPercent()).isZero();
        assertThat(route.getState()).isEqualTo(RouteState.ROLLED_BACK);
        assertThat(route.getEpoch()).isEqualTo(8);
        AlertNote alert = moved(decision).alert().orElseThrow();
        assertThat(alert.reason()).isEqualTo(AlertReason.ROLLBACK);
        assertThat(alert.fromDigest()).isEqualTo(B);
        assertThat(alert.toDigest()).isEqualTo(A);
        assertThat(alert.message()).contains(A).contains("customers complain");
    }

    @Test
    void rollback_during_a_canary_clears_it_and_the_alert_names_the_canary_as_from() {
        Route canary = Route.newBuilder(canaryRoute(B, C, 25, "r3", 9)).setLastGood(A).build();

        PointerDecision decision = pointer.apply(canary, command("c1", "r3", CommandType.ROLLBACK, null), T1);

        Route route = moved(decision).route();
        assertThat(route.getStable()).isEqualTo(A);
        assertThat(route.getCanary()).isNull();
        assertThat(route.getState()).isEqualTo(RouteState.ROLLED_BACK);
        assertThat(moved(decision).alert().orElseThrow().fromDigest()).isEqualTo(C);
        assertThat(moved(decision).alert().orElseThrow().toDigest()).isEqualTo(A);
    }

    @Test
    void a_rollback_naming_an_earlier_rollout_never_moves_a_later_ones_pointer() {
        // The judge's bake of rollout r1 trips after an operator already started r2 on the promoted release.
        Route later = Route.newBuilder(canaryRoute(B, C, 5, "r2", 9)).setLastGood(A).build();

        PointerDecision decision = pointer.apply(later, command("bake-r1", "r1", CommandType.ROLLBACK, null), T1);

        assertThat(decision).isInstanceOf(Refused.class);
        assertThat(((Refused) decision).why()).contains("names rollout r1", "r2");
    }

    @Test
    void rollback_is_refused_without_a_last_good_release() {
        assertThat(pointer.apply(stableRoute(A, null, 1), command("c1", null, CommandType.ROLLBACK, null), T1))
                .isInstanceOf(Refused.class);
        assertThat(pointer.apply(canaryRoute(A, B, 5, "r2", 2), command("c1", "r2", CommandType.ROLLBACK, null), T1))
                .isInstanceOf(Refused.class);
    }

    @Test
    void a_second_rollback_when_already_on_last_good_moves_nothing() {
        // A second operator's ROLLBACK must not bump the epoch nor raise a second alert "from A to A".
        Route rolledBack = Route.newBuilder(stableRoute(A, A, 8)).setState(RouteState.ROLLED_BACK).build();

        PointerDecision decision = pointer.apply(rolledBack, command("c2", null, CommandType.ROLLBACK, null), T1);

        assertThat(decision).isInstanceOf(PointerDecision.Unchanged.class);
    }

    @Test
    void promote_while_paused_is_refused_so_a_pause_really_freezes_the_rollout() {
        Route paused = Route.newBuilder(canaryRoute(A, B, 5, "r2", 4)).setState(RouteState.PAUSED).build();

        PointerDecision decision = pointer.apply(paused, command("c-p", "r2", CommandType.PROMOTE, null), T1);

        assertThat(decision).isInstanceOf(Refused.class);
        assertThat(((Refused) decision).why()).contains("paused");
    }

    // ---- PAUSE / RESUME ------------------------------------------------------------------------------------------

    @Test
    void pause_freezes_a_running_canary_and_resume_restarts_it() {
        Route canary = canaryRoute(A, B, 25, "r2", 5);

        Route paused = moved(pointer.apply(canary, command("p1", "r2", CommandType.PAUSE, null), T0)).route();
        assertThat(paused.getState()).isEqualTo(RouteState.PAUSED);
        assertThat(paused.getCanary()).isEqualTo(B);
        assertThat(paused.getCanaryWeightPercent()).isEqualTo(25);
        assertThat(paused.getEpoch()).isEqualTo(6);

        Route resumed = moved(pointer.apply(paused, command("p2", "r2", CommandType.RESUME, null), T1)).route();
        assertThat(resumed.getState()).isEqualTo(RouteState.CANARY);
        assertThat(resumed.getCanary()).isEqualTo(B);
        assertThat(resumed.getCanaryWeightPercent()).isEqualTo(25);
        assertThat(resumed.getEpoch()).isEqualTo(7);
    }

    @Test
    void pause_is_refused_unless_a_canary_is_running() {
        Route paused = Route.newBuilder(canaryRoute(A, B, 25, "r2", 5)).setState(RouteState.PAUSED).build();
        Route rolledBack = Route.newBuilder(stableRoute(A, A, 8)).setState(RouteState.ROLLED_BACK).build();

        assertThat(pointer.apply(stableRoute(A, null, 1), command("p1", null, CommandType.PAUSE, null), T1))
                .isInstanceOf(Refused.class);
        assertThat(pointer.apply(paused, command("p1", "r2", CommandType.PAUSE, null), T1)).isInstanceOf(Refused.class);
        assertThat(pointer.apply(rolledBack, command("p1", null, CommandType.PAUSE, null), T1)).isInstanceOf(Refused.class);
    }

    @Test
    void resume_is_refused_unless_paused() {
        assertThat(pointer.apply(stableRoute(A, null, 1), command("p1", null, CommandType.RESUME, null), T1))
                .isInstanceOf(Refused.class);
        assertThat(pointer.apply(canaryRoute(A, B, 25, "r2", 5), command("p1", "r2", CommandType.RESUME, null), T1))
                .isInstanceOf(Refused.class);
    }

    // ---- rollout id, missing route, unknown type -----------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = CommandType.class, names = {"RAMP", "PROMOTE", "ABORT"})
    void a_command_naming_another_rollout_is_refused(CommandType type) {
        Route canary = canaryRoute(A, B, 5, "r2", 4);

        PointerDecision decision = pointer.apply(canary, command("c1", "r1", type, 25), T1);

        assertThat(decision).isInstanceOf(Refused.class);
        assertThat(((Refused) decision).why()).contains("r1").contains("r2");
    }

    @ParameterizedTest
    @EnumSource(value = CommandType.class, names = {"PAUSE", "RESUME"})
    void pause_or_resume_naming_another_rollout_is_refused(CommandType type) {
        // An operator request built from a stale route view must not pause or resume the rollout running now.
        Route canary = canaryRoute(A, B, 5, "r2", 4);
        Route current = type == CommandType.RESUME
                ? Route.newBuilder(canary).setState(RouteState.PAUSED).build() : canary;

        assertThat(pointer.apply(current, command("c1", "r1", type, null), T1)).isInstanceOf(Refused.class);
    }

    @Test
    void a_command_without_a_rollout_id_applies_to_the_running_rollout() {
        // Operator commands may name no rollout; they act on whatever runs now.
        assertThat(pointer.apply(canaryRoute(A, B, 5, "r2", 4), command("c1", null, CommandType.RAMP, 50), T1))
                .isInstanceOf(Moved.class);
    }

    @ParameterizedTest
    @EnumSource(CommandType.class)
    void a_command_on_a_deployment_without_a_route_is_refused(CommandType type) {
        PointerDecision decision = pointer.apply(null, command("c1", "r1", type, 50), T1);

        assertThat(decision).isInstanceOf(Refused.class);
        assertThat(((Refused) decision).why()).contains(DEPLOYMENT);
    }

    @Test
    void an_unknown_command_type_is_refused() {
        assertThat(pointer.apply(canaryRoute(A, B, 5, "r2", 4), command("c1", "r2", CommandType.UNKNOWN, null), T1))
                .isInstanceOf(Refused.class);
    }

    // ---- every move ----------------------------------------------------------------------------------------------

    @Test
    void every_move_bumps_the_epoch_by_one_and_records_the_instruction_id_and_the_given_instant() {
        List<Instruction> script = List.of(
                start("r1", A, 1),
                start("r2", B, 1),
                command("c-ramp", "r2", CommandType.RAMP, 50),
                command("c-pause", "r2", CommandType.PAUSE, null),
                command("c-resume", "r2", CommandType.RESUME, null),
                command("c-promote", "r2", CommandType.PROMOTE, null),
                start("r3", C, 5),
                command("c-abort", "r3", CommandType.ABORT, null),
                command("c-rollback", null, CommandType.ROLLBACK, null));
        Route route = null;
        long epoch = 0;
        for (int i = 0; i < script.size(); i++) {
            Instruction instruction = script.get(i);
            Instant at = T0.plusSeconds(60L * i);
            PointerDecision decision = pointer.apply(route, instruction, at);
            assertThat(decision).as(instruction.id()).isInstanceOf(Moved.class);
            route = ((Moved) decision).route();
            assertThat(route.getEpoch()).as(instruction.id()).isEqualTo(++epoch);
            assertThat(route.getLastCommandId()).as(instruction.id()).isEqualTo(instruction.id());
            assertThat(route.getUpdatedAt()).as(instruction.id()).isEqualTo(at);
        }
        assertThat(route.getStable()).isEqualTo(A);
        assertThat(route.getState()).isEqualTo(RouteState.ROLLED_BACK);
    }

    @Test
    void a_refused_or_unchanged_decision_leaves_the_given_route_untouched() {
        Route canary = canaryRoute(A, B, 25, "r2", 4);
        Route copy = Route.newBuilder(canary).build();

        for (CommandType type : EnumSet.of(CommandType.RAMP, CommandType.HOLD, CommandType.RESUME)) {
            assertThat(pointer.apply(canary, command("c-" + type, "r2", type, 10), T1)).isNotInstanceOf(Moved.class);
        }
        assertThat(canary).isEqualTo(copy);
    }

    // ---- fixtures ------------------------------------------------------------------------------------------------

    private static Instruction.Start start(String rolloutId, String candidate, int firstWeight) {
        return new Instruction.Start("rollout:" + rolloutId, DEPLOYMENT, rolloutId, candidate, firstWeight, false);
    }

    private static Instruction.Start flip(String rolloutId, String candidate) {
        return new Instruction.Start("rollout:" + rolloutId, DEPLOYMENT, rolloutId, candidate, 0, true);
    }

    private static Instruction.Command command(String id, String rolloutId, CommandType type, Integer weight) {
        return new Instruction.Command(id, DEPLOYMENT, rolloutId, type, weight, null);
    }

    private static Route stableRoute(String stable, String lastGood, long epoch) {
        return Route.newBuilder()
                .setDeployment(DEPLOYMENT)
                .setStable(stable)
                .setCanary(null)
                .setCanaryWeightPercent(0)
                .setLastGood(lastGood)
                .setEpoch(epoch)
                .setState(RouteState.STABLE)
                .setRolloutId("r1")
                .setLastCommandId("previous")
                .setUpdatedAt(T0)
                .build();
    }

    private static Route canaryRoute(String stable, String canary, int weight, String rolloutId, long epoch) {
        return Route.newBuilder(stableRoute(stable, null, epoch))
                .setCanary(canary)
                .setCanaryWeightPercent(weight)
                .setState(RouteState.CANARY)
                .setRolloutId(rolloutId)
                .build();
    }

    private static Moved moved(PointerDecision decision) {
        assertThat(decision).isInstanceOf(Moved.class);
        return (Moved) decision;
    }
}
