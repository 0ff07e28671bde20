package dev.slipway.router.stream;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.service.RegistrySerdes;
import dev.slipway.service.ReleaseTrust;
import dev.slipway.service.intake.Intake;

@ApplicationScoped
class TopologyProducer {

    @Produces
    Topology topology(@ConfigProperty(name = "apicurio.registry.url") String registryUrl,
            @ConfigProperty(name = "slipway.trust.key-ids") Optional<List<String>> trustedKeyIds, Intake intake) {
        ReleaseTrust trust = new ReleaseTrust(Set.copyOf(trustedKeyIds.orElse(List.of())));
        return RouterTopology.build(new RouterTopology.RouterSerdes(
                RegistrySerdes.specific(registryUrl), RegistrySerdes.specific(registryUrl),
                RegistrySerdes.specific(registryUrl), RegistrySerdes.specific(registryUrl),
                RegistrySerdes.specific(registryUrl), RegistrySerdes.specific(registryUrl)),
                release -> trust.verify(release).verified(), intake.deadLetters());
    }
}
