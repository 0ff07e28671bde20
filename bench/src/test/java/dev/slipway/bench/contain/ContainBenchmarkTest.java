package dev.slipway.bench.contain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Percentiles are nearest-rank: with 30 trials p99 is the slowest, p50 the 15th. */
class ContainBenchmarkTest {

    @Test
    void nearestRankPercentiles() {
        double[] sorted = new double[30];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(ContainBenchmark.percentile(sorted, 50)).isEqualTo(15);
        assertThat(ContainBenchmark.percentile(sorted, 90)).isEqualTo(27);
        assertThat(ContainBenchmark.percentile(sorted, 99)).isEqualTo(30);
        assertThat(ContainBenchmark.percentile(new double[] {7}, 99)).isEqualTo(7);
    }
}
