package dev.slipway.service;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

import io.apicurio.registry.serde.avro.AvroSerde;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;

/**
 * Avro value serdes backed by Apicurio Registry (Confluent wire format), for Kafka Streams topologies, and the same
 * settings for plain clients that use Apicurio's serializer and deserializer classes.
 */
public final class RegistrySerdes {

    private RegistrySerdes() {
    }

    public static <T extends SpecificRecord> Serde<T> specific(String registryUrl) {
        AvroSerde<T> serde = new AvroSerde<>();
        serde.configure(clientConfig(registryUrl), false);
        return serde;
    }

    /** What a producer or consumer adds to its configuration to write and read Slipway's registry Avro. */
    public static Map<String, Object> clientConfig(String registryUrl) {
        return Map.of(
                SerdeConfig.REGISTRY_URL, registryUrl,
                // Whoever writes first registers; the registry's compatibility rule guards later versions.
                SerdeConfig.AUTO_REGISTER_ARTIFACT, true,
                AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true,
                AvroSerdeConfig.AVRO_DATUM_PROVIDER, SchemaIdentityDatumProvider.class.getName());
    }
}
