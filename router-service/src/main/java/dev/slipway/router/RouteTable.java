package dev.slipway.router;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.slipway.events.CommandType;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.Route;
import dev.slipway.events.Topics;
import dev.slipway.router.pointer.Containment;
import dev.slipway.service.intake.Intake;
import dev.slipway.service.intake.TopicView;
import io.quarkus.runtime.Startup;

/**
 * The last known route of every deployment, read from {@code slipway.routes} (compacted) into memory by the reader
 * {@code router.routes}, from the beginning at every start, with the ABORTs of {@code slipway.rollout-commands}
 * (see {@link Containment}). Look-ups are answered from here only, so they keep being
 * served from the last known routes while Kafka is unreachable. A route is replaced only by one with a higher or
 * equal epoch: a replayed older route never moves the pointer back. A tombstone forgets the deployment's route, as
 * compaction will.
 */
@Startup
@ApplicationScoped
public class RouteTable implements TopicView<Route> {

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, RolloutCommand> aborts = new ConcurrentHashMap<>();

    public RouteTable(Intake intake) {
        // The ABORTs too (read committed, as the pointer reads them): a decided abort contains the canary at once,
        // before the pointer's route is published (Containment).
        intake.read("routes", reader -> reader.read(intake.gate(Topics.ROUTES), this)
                .read(intake.gate(Topics.ROLLOUT_COMMANDS), TopicView.events(c -> {
                    if (c.getType() == CommandType.ABORT && c.getRolloutId() != null) {
                        aborts.put(c.getDeployment(), c);
                    }
                })));
    }

    @Override
    public void put(String deployment, Route route) {
        routes.merge(deployment, route, (known, incoming) -> incoming.getEpoch() >= known.getEpoch() ? incoming : known);
    }

    @Override
    public void delete(String deployment) {
        routes.remove(deployment);
    }

    /** The route tasks and look-ups follow: the published one, or, while a decided ABORT is being published, its result. */
    public Optional<Route> route(String deployment) {
        return Optional.ofNullable(Containment.effective(routes.get(deployment), aborts.get(deployment)));
    }

    public List<Route> all() {
        Collection<Route> values = routes.values();
        return values.stream().map(r -> Containment.effective(r, aborts.get(r.getDeployment())))
                .sorted(Comparator.comparing(Route::getDeployment)).toList();
    }
}
