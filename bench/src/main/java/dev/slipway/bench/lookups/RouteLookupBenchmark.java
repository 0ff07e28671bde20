package dev.slipway.bench.lookups;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.slipway.events.Route;
import dev.slipway.events.RouteState;
import dev.slipway.router.pointer.TrafficSplit;

/**
 * In-process cost of one route look-up, as the router answers {@code GET /api/v1/deployments/{agent}/{env}/route?key=}:
 * <ul>
 * <li>{@link #assign}: {@link TrafficSplit#assign} alone on a canary route (50 %), the sticky hash of the task key
 * (FNV-1a over its UTF-8 bytes, MurmurHash3 finaliser) and the arm's assignment record;</li>
 * <li>{@link #tableLookupAndAssign}: what the resource does around it: the deployment id built from the path
 * ({@code agent + "/" + env}), the look-up in the route table (RouteTable keeps a {@code ConcurrentHashMap} of
 * deployment → Route, here 1,000 deployments, wrapped in an Optional as {@code RouteTable.route} returns it), then
 * the assignment. RouteTable itself is not instantiated: its other method needs SmallRye Messaging classes; the map
 * and the Optional are the same.</li>
 * </ul>
 * Task keys: 4,096 pre-generated ({@code task-<uuid>}, 41 bytes), cycled per thread, so the hash runs on real keys
 * and nothing is constant-folded. Run with {@code bench/lookups.sh jmh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RouteLookupBenchmark {

    static final String STABLE = "sha256:" + "217c9a8db78366df3837990e6696d58c5e58afa9fce5f6edfb89b544605ca89c";
    static final String CANARY = "sha256:" + "00a57a60133fc13817d88cc2a16bd80dc8fc07f974971b6192afd637cf85519b";

    /** The routes, as the router holds them. */
    @State(Scope.Benchmark)
    public static class Routes {
        Route canaryRoute;
        final Map<String, Route> table = new ConcurrentHashMap<>();
        String agent = "support-triage";
        String env = "prod";

        @Setup
        public void setUp() {
            canaryRoute = route("support-triage/prod", 50);
            for (int i = 0; i < 999; i++) {
                table.put("agent-" + i + "/prod", route("agent-" + i + "/prod", i % 3 == 0 ? 5 : 0));
            }
            table.put("support-triage/prod", canaryRoute);
        }

        static Route route(String deployment, int weight) {
            return Route.newBuilder()
                    .setDeployment(deployment)
                    .setStable(STABLE)
                    .setCanary(weight > 0 ? CANARY : null)
                    .setCanaryWeightPercent(weight)
                    .setLastGood(STABLE)
                    .setEpoch(2)
                    .setState(weight > 0 ? RouteState.CANARY : RouteState.STABLE)
                    .setRolloutId(UUID.randomUUID().toString())
                    .setUpdatedAt(Instant.parse("2026-11-20T09:00:00Z"))
                    .build();
        }
    }

    /** Pre-generated task keys, cycled. */
    @State(Scope.Thread)
    public static class Keys {
        static final int COUNT = 4096;
        final String[] keys = new String[COUNT];
        int next;

        @Setup
        public void setUp() {
            SplittableRandom random = new SplittableRandom(20261120L);
            for (int i = 0; i < COUNT; i++) {
                keys[i] = "task-" + new UUID(random.nextLong(), random.nextLong());
            }
        }

        String next() {
            return keys[next++ & (COUNT - 1)];
        }
    }

    @Benchmark
    public TrafficSplit.Assignment assign(Routes routes, Keys keys) {
        return TrafficSplit.assign(routes.canaryRoute, keys.next());
    }

    @Benchmark
    public TrafficSplit.Assignment tableLookupAndAssign(Routes routes, Keys keys) {
        String deployment = routes.agent + "/" + routes.env;
        Route route = Optional.ofNullable(routes.table.get(deployment)).orElseThrow();
        return TrafficSplit.assign(route, keys.next());
    }
}
