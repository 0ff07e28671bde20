package dev.slipway.router.pointer;

import java.nio.charset.StandardCharsets;

import dev.slipway.events.Arm;
import dev.slipway.events.Route;

/**
 * Sticky, fair assignment of task keys to the arms of a route. A key hashes, salted with the rollout's id, to a bucket
 * in [0, 10000); the canary takes the buckets below {@code weight × 100}.
 *
 * <p>Guarantees: within a rollout the salt is fixed, so a key keeps its arm for as long as the weight does (a task
 * never straddles two versions within an epoch) and raising the weight only moves keys from baseline to canary, never
 * back. Across rollouts the salt differs, so each rollout canaries its own slice of keys: two rollouts at weight w
 * share about w² of all keys (independent slices), not all of their canary keys — the same customers are not the
 * guinea pigs of every release. A route without a rollout id (written before salting) hashes the key alone.
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
        int bucket = route.getRolloutId() == null ? bucket(taskKey) : bucket(route.getRolloutId(), taskKey);
        boolean canary = bucket < route.getCanaryWeightPercent() * (BUCKETS / 100);
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
        return finish(fnv(FNV_OFFSET, taskKey));
    }

    /** The bucket of {@code taskKey} in the rollout salted by {@code salt}: the salt's bytes, a unit separator, the key's. */
    static int bucket(String salt, String taskKey) {
        long h = fnv(FNV_OFFSET, salt);
        h ^= 0x1f;
        h *= FNV_PRIME;
        return finish(fnv(h, taskKey));
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private static long fnv(long h, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= FNV_PRIME;
        }
        return h;
    }

    private static int finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) Long.remainderUnsigned(h, BUCKETS);
    }
}
