package dev.slipway.bench.lookups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** wrk's latency figures are read in the unit wrk printed them in. */
class LookupsBenchmarkTest {

    @Test
    void readsWrkDurationsInMilliseconds() {
        assertThat(LookupsBenchmark.millis("812.00us")).isCloseTo(0.812, within(1e-9));
        assertThat(LookupsBenchmark.millis("5.21ms")).isCloseTo(5.21, within(1e-9));
        assertThat(LookupsBenchmark.millis("1.02s")).isCloseTo(1020, within(1e-9));
        assertThat(LookupsBenchmark.millis("2.00m")).isCloseTo(120_000, within(1e-9));
    }
}
