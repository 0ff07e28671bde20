package dev.slipway.canary;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.streams.Topology;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.events.ArmMetrics;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.TopicProvisioner;
import io.apicurio.registry.serde.avro.AvroSerde;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;

@ApplicationScoped
class TopologyProducer {

    @Produces
    Topology topology(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
            @ConfigProperty(name = "apicurio.registry.url") String registryUrl,
            @ConfigProperty(name = "slipway.topics.partitions", defaultValue = "3") int partitions,
            @ConfigProperty(name = "slipway.topics.replication-factor", defaultValue = "1") short replicationFactor) {
        // Source topics must exist with the catalogue's policies before the Streams threads subscribe.
        TopicProvisioner.ensureAll(bootstrap, partitions, replicationFactor);
        return RunMetricsTopology.build(avroSerde(registryUrl), avroSerde(registryUrl));
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> AvroSerde<T> avroSerde(String registryUrl) {
        AvroSerde<T> serde = new AvroSerde<>();
        serde.configure(Map.of(
                SerdeConfig.REGISTRY_URL, registryUrl,
                SerdeConfig.AUTO_REGISTER_ARTIFACT, true,
                AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true), false);
        return serde;
    }
}
