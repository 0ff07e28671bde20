package dev.slipway.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ConfidenceSequenceTest {

    /** a = α/3 for α = 0.01. */
    private static final double A = 0.01 / 3;
    private static final double T_STAR = 8000;

    @Test
    void rho_squared_matches_the_hand_computation() {
        // ln(2a) = ln(0.0066667) = -5.010635; -2·ln(2a) = 10.021271; ln(1 + 10.021271) = 2.399827.
        assertThat(ConfidenceSequence.rhoSquaredOneSided(A, T_STAR) * T_STAR).isCloseTo(12.421098, within(1e-6));
    }

    @Test
    void half_width_is_3_69_standard_errors_at_t_star() {
        // x = 12.421098; 2(x+1)/x = 2.161019; sqrt(x+1)/(2a) = 3.663482/0.0066667 = 549.522;
        // ln(550.522) = 6.310866; sqrt(2.161019 · 6.310866) = 3.692951. (Fixed-horizon z at a: 2.71.)
        assertThat(ConfidenceSequence.halfWidthFactor(A, T_STAR, T_STAR)).isCloseTo(3.692951, within(1e-6));
    }

    @Test
    void half_width_stays_between_3_9_and_4_4_standard_errors_a_decade_either_side() {
        assertThat(ConfidenceSequence.halfWidthFactor(A, T_STAR, T_STAR / 10)).isCloseTo(4.422975, within(1e-6));
        assertThat(ConfidenceSequence.halfWidthFactor(A, T_STAR, T_STAR * 10)).isCloseTo(3.869372, within(1e-6));
    }

    @Test
    void is_tightest_near_t_star_and_unbounded_before_any_data() {
        ConfidenceSequence cs = ConfidenceSequence.oneSided(A, T_STAR);
        double atStar = cs.halfWidthFactor(T_STAR);
        assertThat(cs.halfWidthFactor(T_STAR / 2)).isGreaterThan(atStar);
        assertThat(cs.halfWidthFactor(T_STAR * 2)).isGreaterThan(atStar);
        assertThat(cs.halfWidthFactor(0)).isInfinite();
        assertThat(cs.halfWidth(0.01, T_STAR)).isCloseTo(0.03692951, within(1e-8));
    }

    @Test
    void one_sided_boundary_is_narrower_than_the_two_sided_one_at_the_same_level() {
        // Two-sided eq. 9 at a: 3.888950 at t* (valid one-sided, but conservative).
        assertThat(ConfidenceSequence.twoSidedHalfWidthFactor(A, T_STAR, T_STAR)).isCloseTo(3.888950, within(1e-6));
        for (double t : new double[] {100, 1000, T_STAR, 100_000}) {
            assertThat(ConfidenceSequence.halfWidthFactor(A, T_STAR, t))
                    .isLessThan(ConfidenceSequence.twoSidedHalfWidthFactor(A, T_STAR, t));
        }
    }

    @Test
    void rejects_levels_and_horizons_out_of_range() {
        assertThatThrownBy(() -> ConfidenceSequence.oneSided(0, T_STAR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfidenceSequence.oneSided(0.5, T_STAR)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ConfidenceSequence.oneSided(A, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
