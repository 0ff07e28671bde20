package dev.slipway.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding (a 10-byte header with the schema's fingerprint, then the binary record) for a
 * service's internal state stores and their changelogs, which no other application reads. Unlike the registry serde
 * it needs no look-up and fingerprints the schema once, not per record, which is most of the cost of a store get and
 * put. When the stored record's schema changes, add the earlier versions with {@code decoder.addSchema} so a
 * changelog written by the previous release still restores.
 */
public final class SingleObjectAvroSerde {

    private SingleObjectAvroSerde() {
    }

    public static <T extends SpecificRecord> Serde<T> of(Class<T> type, Schema... earlierVersions) {
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        BinaryMessageEncoder<T> encoder = new BinaryMessageEncoder<>(model, schema);
        BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(model, schema);
        for (Schema earlier : earlierVersions) {
            decoder.addSchema(earlier);
        }
        Serializer<T> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                ByteBuffer buffer = encoder.encode(value);
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        Deserializer<T> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return decoder.decode(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
