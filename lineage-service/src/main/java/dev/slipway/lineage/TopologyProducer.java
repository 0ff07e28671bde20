package dev.slipway.lineage;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.events.Route;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunFeedback;
import dev.slipway.lineage.stream.LineageTopology;
import dev.slipway.service.RegistrySerdes;
import dev.slipway.service.SingleObjectAvroSerde;
import dev.slipway.service.intake.Intake;

@ApplicationScoped
class TopologyProducer {

    @Produces
    Topology topology(@ConfigProperty(name = "apicurio.registry.url") String registryUrl,
            @ConfigProperty(name = "slipway.lineage.retention", defaultValue = "P30D") Duration retention,
            @ConfigProperty(name = "slipway.lineage.sweep", defaultValue = "PT1H") Duration sweep,
            @ConfigProperty(name = "slipway.lineage.route-grace", defaultValue = "PT2M") Duration routeGrace,
            Intake intake) {
        return LineageTopology.build(new LineageTopology.LineageSerdes(
                RegistrySerdes.specific(registryUrl), RegistrySerdes.specific(registryUrl),
                RegistrySerdes.specific(registryUrl), RegistrySerdes.specific(registryUrl),
                RegistrySerdes.specific(registryUrl),
                // Internal stores: no registry round trip nor per-record schema fingerprint.
                SingleObjectAvroSerde.of(RunCompleted.class), SingleObjectAvroSerde.of(RunFeedback.class),
                SingleObjectAvroSerde.of(Route.class)),
                retention, sweep, routeGrace, intake.deadLetters());
    }
}
