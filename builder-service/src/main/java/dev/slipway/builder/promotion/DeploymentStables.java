package dev.slipway.builder.promotion;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.slipway.events.Route;

/**
 * What runs as stable in each deployment, and since when, from {@code slipway.routes}; and how many tasks each release
 * has served there, from {@code slipway.runs} (the soak a promotion out of that environment is measured by).
 *
 * <p>"Since" is the {@code updatedAt} of the first route record that showed the digest as stable. Compaction may have
 * removed that record, in which case the oldest one left is taken: a soak can only look shorter than it was, never
 * longer. Tasks are counted over the runs still in the topic's retention.
 */
public final class DeploymentStables {

    private record Since(String digest, Instant since) {
    }

    private final Map<String, Since> stableByDeployment = new ConcurrentHashMap<>();
    private final Map<String, Long> tasksByDeploymentAndDigest = new ConcurrentHashMap<>();

    public void route(Route route) {
        if (route.getStable() == null) {
            stableByDeployment.remove(route.getDeployment());
            return;
        }
        stableByDeployment.compute(route.getDeployment(), (deployment, known) ->
                known != null && known.digest().equals(route.getStable()) ? known
                        : new Since(route.getStable(), route.getUpdatedAt()));
    }

    public void routeDeleted(String deployment) {
        stableByDeployment.remove(deployment);
    }

    public void run(String deployment, String digest) {
        tasksByDeploymentAndDigest.merge(deployment + "|" + digest, 1L, Long::sum);
    }

    /** What runs as stable in {@code agent/environment}. */
    public Optional<PromotionGates.Stable> stable(String agent, String environment) {
        String deployment = agent + "/" + environment;
        return Optional.ofNullable(stableByDeployment.get(deployment)).map(s -> new PromotionGates.Stable(environment,
                s.digest(), s.since(), tasksByDeploymentAndDigest.getOrDefault(deployment + "|" + s.digest(), 0L)));
    }
}
