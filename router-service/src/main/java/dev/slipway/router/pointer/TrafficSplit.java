package dev.slipway.router.pointer;

import java.nio.charset.StandardCharsets;

import dev.slipway.events.Arm;
import dev.slipway.events.Route;

/**
 * Sticky assignment of task keys to the arms of a route. A key hashes to a bucket in [0, 10000); the canary takes the
 * buckets below {@code weight × 100}. The hash depends on the key alone, so a key keeps its arm for as long as the
 * route does, and raising the weight only moves keys from baseline to canary, never back.
 */
public final class TrafficSplit {

    public static final int BUCKETS = 10_000;

    private TrafficSplit() {
    }

    public record Assignment(String deployment, String digest, Arm arm, long epoch) {
    }

    public static Assignment assign(Route route, String taskKey) {
        if (route.getCanary() == null || route.getCanaryWeightPercent() <= 0) {
            return new Assignment(route.getDeployment(), route.getStable(), Arm.STABLE, route.getEpoch());
        }
        boolean canary = bucket(taskKey) < route.getCanaryWeightPercent() * (BUCKETS / 100);
        return canary
                ? new Assignment(route.getDeployment(), route.getCanary(), Arm.CANARY, route.getEpoch())
                : new Assignment(route.getDeployment(), route.getStable(), Arm.BASELINE, route.getEpoch());
    }

    /**
     * FNV-1a over the UTF-8 bytes, then the 64-bit finaliser of MurmurHash3 to spread similar keys ("task-1",
     * "task-2") evenly. Hand-written because the JDK has no stable non-cryptographic hash and SHA-256 costs ten times
     * more on this per-request path; the constants are the published ones, and the function must never change (it
     * would move live tasks between arms).
     */
    static int bucket(String taskKey) {
        long h = 0xcbf29ce484222325L;
        for (byte b : taskKey.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) Long.remainderUnsigned(h, BUCKETS);
    }
}
