package dev.slipway.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.slipway.canary.judge.RolloutPlan.Step;

class RolloutPlanTest {

    private static Step step(int weight) {
        return new Step(weight, 100, Duration.ofMinutes(5), Duration.ofHours(1));
    }

    @Test
    void a_final_100_percent_step_is_the_promotion_not_a_judged_step() {
        RolloutPlan cliDefault = RolloutPlan.of(step(1), step(5), step(25), step(50), step(100));
        assertThat(cliDefault.judgedSteps()).isEqualTo(4);
        assertThat(cliDefault.isLast(3)).isTrue();
        assertThat(Guardrails.defaults().abortLevel(cliDefault.judgedSteps())).isEqualTo(0.01 / 16);

        RolloutPlan without100 = RolloutPlan.of(step(1), step(5), step(25), step(50));
        assertThat(without100.judgedSteps()).isEqualTo(4);
        assertThat(without100.isLast(3)).isTrue();
    }

    @Test
    void rejects_weights_that_do_not_increase_or_a_plan_with_nothing_to_judge() {
        assertThatThrownBy(() -> RolloutPlan.of(step(5), step(5))).hasMessageContaining("must increase");
        assertThatThrownBy(() -> RolloutPlan.of(step(50), step(100), step(100))).hasMessageContaining("must increase");
        assertThatThrownBy(() -> RolloutPlan.of(step(100))).hasMessageContaining("below 100");
        assertThatThrownBy(() -> RolloutPlan.of()).hasMessageContaining("at least one step");
        assertThatThrownBy(() -> step(0)).hasMessageContaining("[1, 100]");
        assertThatThrownBy(() -> new Step(5, 10, Duration.ofHours(2), Duration.ofHours(1)))
                .hasMessageContaining("minDuration <= maxDuration");
    }
}
