package dev.slipway.router.pointer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.slipway.events.Arm;
import dev.slipway.events.Route;
import dev.slipway.events.RouteState;
import dev.slipway.router.pointer.TrafficSplit.Assignment;

class TrafficSplitTest {

    private static final String DEPLOYMENT = "support-triage/prod";
    private static final String STABLE = "sha256:" + "a".repeat(64);
    private static final String CANARY = "sha256:" + "b".repeat(64);
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void without_a_canary_every_key_goes_to_the_stable_arm() {
        Route route = route(null, 0, 3);

        for (int i = 0; i < 1_000; i++) {
            Assignment assignment = TrafficSplit.assign(route, "task-" + i);
            assertThat(assignment.arm()).isEqualTo(Arm.STABLE);
            assertThat(assignment.digest()).isEqualTo(STABLE);
            assertThat(assignment.deployment()).isEqualTo(DEPLOYMENT);
            assertThat(assignment.epoch()).isEqualTo(3);
        }
    }

    @Test
    void a_canary_at_weight_0_sends_every_key_to_the_stable_arm() {
        Route route = route(CANARY, 0, 3);

        for (int i = 0; i < 1_000; i++) {
            assertThat(TrafficSplit.assign(route, "task-" + i).arm()).isEqualTo(Arm.STABLE);
        }
    }

    @Test
    void the_same_key_always_gets_the_same_arm_for_a_route() {
        Route route = route(CANARY, 25, 5);

        for (int i = 0; i < 5_000; i++) {
            String key = "task-" + i;
            Assignment first = TrafficSplit.assign(route, key);
            for (int repeat = 0; repeat < 3; repeat++) {
                assertThat(TrafficSplit.assign(Route.newBuilder(route).build(), key)).isEqualTo(first);
            }
        }
    }

    @Test
    void raising_the_weight_only_moves_keys_from_baseline_to_canary() {
        int[] weights = {1, 5, 25, 50, 100};
        int keys = 20_000;
        Arm[] previous = new Arm[keys];
        for (int i = 0; i < keys; i++) {
            previous[i] = Arm.BASELINE;
        }
        for (int weight : weights) {
            Route route = route(CANARY, weight, weight);
            for (int i = 0; i < keys; i++) {
                Assignment assignment = TrafficSplit.assign(route, "task-" + i);
                assertThat(assignment.arm()).isIn(Arm.BASELINE, Arm.CANARY);
                assertThat(assignment.digest()).isEqualTo(assignment.arm() == Arm.CANARY ? CANARY : STABLE);
                if (previous[i] == Arm.CANARY) {
                    assertThat(assignment.arm()).as("task-%d at weight %d", i, weight).isEqualTo(Arm.CANARY);
                }
                previous[i] = assignment.arm();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 10, 25, 50, 75, 99})
    void the_canary_share_over_100000_keys_is_within_half_a_point_of_the_weight(int weight) {
        Route route = route(CANARY, weight, 4);
        int keys = 100_000;
        int canary = 0;
        for (int i = 0; i < keys; i++) {
            if (TrafficSplit.assign(route, "task-" + i).arm() == Arm.CANARY) {
                canary++;
            }
        }

        double sharePercent = 100.0 * canary / keys;
        assertThat(sharePercent).isBetween(weight - 0.5, weight + 0.5);
    }

    @Test
    void weight_100_sends_every_key_to_the_canary() {
        Route route = route(CANARY, 100, 9);

        for (int i = 0; i < 20_000; i++) {
            Assignment assignment = TrafficSplit.assign(route, "task-" + i);
            assertThat(assignment.arm()).isEqualTo(Arm.CANARY);
            assertThat(assignment.digest()).isEqualTo(CANARY);
        }
    }

    /**
     * Regression guard: these values were computed once from the implementation. The bucket function must never
     * change, or live tasks would move between arms mid-rollout. If this fails, the change is the bug.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "task-1|9447",
            "task-2|4671",
            "ticket-8c1f2e|3351",
            "support-triage/prod:42|7530",
            "é-ü-ñ|9641",
            "''|4342"
    })
    void the_bucket_function_never_changes(String key, int bucket) {
        assertThat(TrafficSplit.bucket(key)).isEqualTo(bucket);
    }

    @Test
    void each_rollout_canaries_its_own_slice_two_rollouts_share_about_weight_squared_of_the_keys() {
        int keys = 200_000;
        int weight = 5;
        Route first = Route.newBuilder(route(CANARY, weight, 4)).setRolloutId("rollout-1").build();
        Route second = Route.newBuilder(route(CANARY, weight, 9)).setRolloutId("rollout-2").build();
        int inFirst = 0;
        int inBoth = 0;
        for (int i = 0; i < keys; i++) {
            boolean a = TrafficSplit.assign(first, "customer-" + i).arm() == Arm.CANARY;
            boolean b = TrafficSplit.assign(second, "customer-" + i).arm() == Arm.CANARY;
            inFirst += a ? 1 : 0;
            inBoth += a && b ? 1 : 0;
        }
        double overlap = (double) inBoth / keys;
        // w² = 0.0025; binomial sd over 200,000 keys ≈ 0.00011, so ± 0.0006 is over five sd.
        assertThat(overlap).isBetween(0.0025 - 0.0006, 0.0025 + 0.0006);
        assertThat((double) inBoth / inFirst).as("share of the first canary slice canaried again").isLessThan(0.07);
    }

    @Test
    void the_same_rollout_keeps_every_key_on_its_arm_across_epochs() {
        Route atEpoch4 = Route.newBuilder(route(CANARY, 25, 4)).setRolloutId("rollout-7").build();
        Route atEpoch5 = Route.newBuilder(atEpoch4).setEpoch(5).setLastCommandId("c2").build();
        for (int i = 0; i < 20_000; i++) {
            assertThat(TrafficSplit.assign(atEpoch5, "task-" + i).arm())
                    .isEqualTo(TrafficSplit.assign(atEpoch4, "task-" + i).arm());
        }
    }

    /**
     * Regression guard for the salted bucket, as for the unsalted one (values computed once from the implementation):
     * it must never change, or live tasks would move between arms mid-rollout.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "r1|task-1|64",
            "rollout-2|ticket-8c1f2e|5783",
            "3f2a9c1e-5b7d-4e1a-9c3b-2d4f6a8b0c1e|support-triage/prod:42|6725"
    })
    void the_salted_bucket_function_never_changes(String salt, String key, int bucket) {
        assertThat(TrafficSplit.bucket(salt, key)).isEqualTo(bucket);
    }

    @Test
    void buckets_cover_0_to_9999() {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = 0; i < 100_000; i++) {
            int bucket = TrafficSplit.bucket("task-" + i);
            min = Math.min(min, bucket);
            max = Math.max(max, bucket);
        }
        assertThat(min).isEqualTo(0);
        assertThat(max).isEqualTo(TrafficSplit.BUCKETS - 1);
    }

    private static Route route(String canary, int weight, long epoch) {
        return Route.newBuilder()
                .setDeployment(DEPLOYMENT)
                .setStable(STABLE)
                .setCanary(canary)
                .setCanaryWeightPercent(weight)
                .setLastGood(null)
                .setEpoch(epoch)
                .setState(canary == null ? RouteState.STABLE : RouteState.CANARY)
                .setRolloutId("r1")
                .setLastCommandId("c1")
                .setUpdatedAt(T0)
                .build();
    }
}
