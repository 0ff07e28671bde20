package dev.slipway.canary;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.canary.stream.CanaryTopology;
import dev.slipway.events.RolloutProgress;
import dev.slipway.events.RolloutStarted;
import dev.slipway.events.RunCompleted;
import dev.slipway.service.RegistrySerdes;
import dev.slipway.service.SingleObjectAvroSerde;
import dev.slipway.service.intake.Intake;

@ApplicationScoped
class TopologyProducer {

    @Produces
    Topology topology(@ConfigProperty(name = "apicurio.registry.url") String registryUrl,
            @ConfigProperty(name = "slipway.canary.tick", defaultValue = "PT1S") Duration tick,
            @ConfigProperty(name = "slipway.canary.feedback-window", defaultValue = "PT30M") Duration feedbackWindow,
            @ConfigProperty(name = "slipway.canary.bake", defaultValue = "PT10M") Duration bake,
            Intake intake) {
        return CanaryTopology.build(new CanaryTopology.CanarySerdes(
                RegistrySerdes.specific(registryUrl), RegistrySerdes.specific(registryUrl),
                RegistrySerdes.specific(registryUrl), RegistrySerdes.specific(registryUrl),
                RegistrySerdes.specific(registryUrl), RegistrySerdes.specific(registryUrl),
                RegistrySerdes.specific(registryUrl),
                // Internal stores: no registry round trip nor per-record schema fingerprint (docs/benchmarks.md).
                SingleObjectAvroSerde.of(RolloutStarted.class), SingleObjectAvroSerde.of(RolloutProgress.class),
                SingleObjectAvroSerde.of(RunCompleted.class)),
                tick, feedbackWindow, bake, intake.deadLetters());
    }
}
