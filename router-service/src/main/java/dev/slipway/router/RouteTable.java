package dev.slipway.router;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.slipway.events.Route;
import dev.slipway.service.UndecodableRecords;

/**
 * The last known route of every deployment, read from {@code slipway.routes} (compacted) into memory. Look-ups are
 * answered from here only, so they keep being served from the last known routes while Kafka is unreachable.
 * A route is replaced only by one with a higher or equal epoch: a replayed older route never moves the pointer back.
 */
@ApplicationScoped
public class RouteTable {

    private final Map<String, Route> routes = new ConcurrentHashMap<>();

    @Incoming("routes")
    public CompletionStage<Void> apply(Message<Route> message) {
        if (UndecodableRecords.isUndecodable(message)) {
            // Nacked records go to the dead-letter topic byte for byte; the table moves on.
            return message.nack(new IllegalArgumentException("undecodable record on slipway.routes"));
        }
        Route route = message.getPayload();
        if (route != null) {
            routes.merge(route.getDeployment(), route, (known, incoming) ->
                    incoming.getEpoch() >= known.getEpoch() ? incoming : known);
        }
        return message.ack();
    }

    public Optional<Route> route(String deployment) {
        return Optional.ofNullable(routes.get(deployment));
    }

    public List<Route> all() {
        Collection<Route> values = routes.values();
        return values.stream().sorted(Comparator.comparing(Route::getDeployment)).toList();
    }
}
