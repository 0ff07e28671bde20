package dev.slipway.lineage.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.slipway.lineage.store.LineageKeys.Index;

class LineageKeysTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void one_values_entries_sort_oldest_first_and_stay_inside_its_prefix() {
        List<String> keys = new ArrayList<>(List.of(
                LineageKeys.indexKey(Index.TASK, "ticket-1", T.plusSeconds(60), "run-b"),
                LineageKeys.indexKey(Index.TASK, "ticket-1", T, "run-a"),
                LineageKeys.indexKey(Index.TASK, "ticket-10", T.minusSeconds(60), "run-c"),
                LineageKeys.indexKey(Index.TASK, "ticket-1|x", T.minusSeconds(60), "run-d")));
        Collections.sort(keys);

        String prefix = LineageKeys.prefix(Index.TASK, "ticket-1");
        List<String> mine = keys.stream().filter(k -> k.startsWith(prefix)).map(LineageKeys::runIdOf).toList();

        // ticket-10 and "ticket-1|x" share the characters "ticket-1" but not the prefix: the separator is encoded away.
        assertThat(mine).containsExactly("run-a", "run-b");
    }

    @Test
    void a_time_range_is_inclusive_at_both_ends() {
        String atStart = LineageKeys.indexKey(Index.RELEASE, "sha256:ab", T, "run-1");
        String atEnd = LineageKeys.indexKey(Index.RELEASE, "sha256:ab", T.plusSeconds(10), "run-2");
        String after = LineageKeys.indexKey(Index.RELEASE, "sha256:ab", T.plusSeconds(10).plusMillis(1), "run-3");

        String from = LineageKeys.from(Index.RELEASE, "sha256:ab", T);
        String until = LineageKeys.until(Index.RELEASE, "sha256:ab", T.plusSeconds(10));

        assertThat(atStart.compareTo(from)).isGreaterThanOrEqualTo(0);
        assertThat(atEnd.compareTo(until)).isLessThan(0);
        assertThat(after.compareTo(until)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void route_history_sorts_by_epoch_numerically() {
        assertThat(LineageKeys.routeKey("a/prod", 9).compareTo(LineageKeys.routeKey("a/prod", 10))).isLessThan(0);
        assertThat(LineageKeys.routeKey("a/prod", 10)).startsWith(LineageKeys.routePrefix("a/prod"));
        assertThat(LineageKeys.routeKey("a/prod-eu", 1)).doesNotStartWith(LineageKeys.routePrefix("a/prod"));
    }
}
