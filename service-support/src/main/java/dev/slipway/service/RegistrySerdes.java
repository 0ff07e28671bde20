package dev.slipway.service;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

import io.apicurio.registry.serde.avro.AvroSerde;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;

/** Avro value serdes backed by Apicurio Registry, for Kafka Streams topologies (Confluent wire format). */
public final class RegistrySerdes {

    private RegistrySerdes() {
    }

    public static <T extends SpecificRecord> Serde<T> specific(String registryUrl) {
        AvroSerde<T> serde = new AvroSerde<>();
        serde.configure(Map.of(
                SerdeConfig.REGISTRY_URL, registryUrl,
                // Whoever writes first registers; the registry's compatibility rule guards later versions.
                SerdeConfig.AUTO_REGISTER_ARTIFACT, true,
                AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true), false);
        return serde;
    }
}
