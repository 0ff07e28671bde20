package dev.slipway.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Deny by default: one test per decision. */
class ToolGuardTest {

    private final ToolGuard guard = new ToolGuard(SignedReleases.pinned().tools());

    @Test
    void aGrantedToolWithinItsScopesAndLimitIsAllowed() {
        assertThat(guard.decide("search_kb", List.of("kb:read"), 0)).isInstanceOf(ToolGuard.Decision.Allowed.class);
        assertThat(guard.decide("search_kb", List.of(), 0)).isInstanceOf(ToolGuard.Decision.Allowed.class);
    }

    @Test
    void aToolNotInTheReleaseIsRefused() {
        assertThat(guard.decide("refund_payment", List.of("payments:write"), 0))
                .isInstanceOfSatisfying(ToolGuard.Decision.Refused.class, r -> assertThat(r.reason())
                        .contains("tool 'refund_payment' is not in the release").contains("search_kb"));
    }

    @Test
    void aScopeTheToolIsNotGrantedIsRefused() {
        assertThat(guard.decide("search_kb", List.of("kb:read", "kb:write"), 0))
                .isInstanceOfSatisfying(ToolGuard.Decision.Refused.class, r -> assertThat(r.reason())
                        .contains("not granted scope kb:write"));
    }

    @Test
    void aCallOverTheToolsPerTaskLimitIsRefused() {
        int limit = SignedReleases.pinned().tool("search_kb").orElseThrow().maxCallsPerTask();
        assertThat(guard.decide("search_kb", List.of("kb:read"), limit - 1)).isInstanceOf(ToolGuard.Decision.Allowed.class);
        assertThat(guard.decide("search_kb", List.of("kb:read"), limit))
                .isInstanceOfSatisfying(ToolGuard.Decision.Refused.class, r -> assertThat(r.reason())
                        .contains("called " + limit + " times in this task"));
    }
}
