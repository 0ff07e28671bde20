package dev.slipway.builder.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Environments from configuration: order, per-environment policy, defaults, and a clear error. */
class EnvironmentsTest {

    static Environments from(List<String> names, Map<String, String> settings) {
        return Environments.fromSettings(names, key -> Optional.ofNullable(settings.get(key)));
    }

    @Test
    void theDefaultsAreDevStagingProdEndingInACanary() {
        Environments e = from(List.of("dev", "staging", "prod"), Map.of());
        assertThat(e).isEqualTo(Environments.defaults());
        assertThat(e.named("prod").orElseThrow().entry()).isEqualTo(EnvironmentPolicy.Entry.CANARY);
        assertThat(e.before("staging").orElseThrow().name()).isEqualTo("dev");
        assertThat(e.before("dev")).isEmpty();
    }

    @Test
    void eachSettingOverridesItsEnvironmentsPolicy() {
        Environments e = from(List.of("dev", "qa", "prod"), Map.of(
                "slipway.environment.qa.approvals", "2",
                "slipway.environment.qa.approver-roles", "approver, qa-lead",
                "slipway.environment.qa.min-soak", "30m",
                "slipway.environment.qa.min-soak-tasks", "50",
                "slipway.environment.prod.min-soak", "P2D"));
        EnvironmentPolicy qa = e.named("qa").orElseThrow();
        assertThat(qa.approvalsRequired()).isEqualTo(2);
        assertThat(qa.approverRoles()).isEqualTo(Set.of("approver", "qa-lead"));
        assertThat(qa.minSoak()).isEqualTo(Duration.ofMinutes(30));
        assertThat(qa.minSoakTasks()).isEqualTo(50);
        assertThat(qa.entry()).isEqualTo(EnvironmentPolicy.Entry.FLIP);
        assertThat(e.named("prod").orElseThrow().minSoak()).isEqualTo(Duration.ofDays(2));
        assertThat(e.names()).containsExactly("dev", "qa", "prod");
    }

    @Test
    void aBadSettingNamesItsEnvironment() {
        assertThatThrownBy(() -> from(List.of("dev", "prod"), Map.of("slipway.environment.prod.entry", "teleport")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("environment prod")
                .hasMessageContaining("slipway.environment.prod.");
    }
}
